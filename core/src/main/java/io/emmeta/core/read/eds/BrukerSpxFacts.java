package io.emmeta.core.read.eds;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;

/**
 * The key facts of a Bruker Esprit {@code .spx} spectrum at fixed names ({@code derived/*}) with the units the XML does
 * not write: its sections are {@code <ClassInstance Type="...">} elements whose position in the document varies, so
 * a mapping table cannot name them by path. Units as Esprit writes them (and HyperSpy reads them): PrimaryEnergy in
 * kV, RealTime and LifeTime in ms; the date is day first (D.M.YYYY, the .bcf's order too) and the time may have
 * one-digit fields ({@code 13:53:4}).
 */
final class BrukerSpxFacts {

    private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("d.M.uuuu", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:m[:s]", Locale.ROOT);

    private BrukerSpxFacts() {
    }

    /** The derived facts (empty when the document has none of them); problems with a date go to {@code warnings}. */
    static MetadataTree derive(org.w3c.dom.Document doc, List<Problem> warnings) {
        MetadataTree d = new MetadataTree();
        Element esma = classInstance(doc, "TRTESMAHeader");
        number(esma, "PrimaryEnergy", "kV", d, "beamEnergy");
        number(esma, "Magnification", null, d, "magnification");
        // Esprit writes the ESMA working distance without a unit (the .bcf's TRTSEMData WD is mm, but this header
        // is a different one): kept unconverted, so a table cannot write it in m on a guess
        number(esma, "WorkingDistance", null, d, "workingDistance");
        Element hardware = classInstance(doc, "TRTSpectrumHardwareHeader");
        number(hardware, "RealTime", "ms", d, "realTime");
        number(hardware, "LifeTime", "ms", d, "liveTime");
        Element detector = classInstance(doc, "TRTDetectorHeader");
        String type = child(detector, "Type");
        if (type != null && !type.isBlank()) {
            d.put("detectorType", Value.text(type.strip()));
        }
        Element header = classInstance(doc, "TRTSpectrumHeader");
        String date = child(header, "Date");
        String time = child(header, "Time");
        if (date != null && time != null) {
            try {
                d.put("acquired", Value.localDateTime(LocalDate.parse(date.strip(), DAY_MONTH_YEAR)
                        .atTime(LocalTime.parse(time.strip(), TIME)), "acquisition PC"));
            } catch (DateTimeException e) {
                warnings.add(new Problem(ErrorCode.CORRUPT, "spectrum header date '" + date + " " + time
                        + "' is not D.M.YYYY H:M:S: left out"));
            }
        }
        return d;
    }

    private static void number(Element section, String tag, String unit, MetadataTree d, String key) {
        String s = child(section, tag);
        if (s == null) {
            return;
        }
        try {
            double v = Double.parseDouble(s.strip());
            if (Double.isFinite(v)) {
                d.put(key, unit == null ? Value.number(v, null) : Value.number(v, unit));
            }
        } catch (NumberFormatException e) {
            // not a number: the original tree keeps the text
        }
    }

    /** The first {@code <ClassInstance Type="type">} anywhere in the document, or null. */
    private static Element classInstance(org.w3c.dom.Document doc, String type) {
        NodeList l = doc.getElementsByTagName("ClassInstance");
        for (int i = 0; i < l.getLength(); i++) {
            if (l.item(i) instanceof Element e && type.equals(e.getAttribute("Type"))) {
                return e;
            }
        }
        return null;
    }

    /** The text of the section's direct child element {@code tag}, or null. */
    private static String child(Element section, String tag) {
        if (section == null) {
            return null;
        }
        for (Node n = section.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getTagName())) {
                return e.getTextContent();
            }
        }
        return null;
    }
}
