package io.emmeta.core.read.eds;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.WholeText;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;

/**
 * Vendor documents that are XML through and through (Bruker {@code .spx} spectra, Thermo Fisher Auto Slice & View
 * {@code .emxml} projects): the whole element tree, typed, through the hardened parser. Bounded in size.
 */
public final class XmlDocumentReader implements Reader {

    static final int MAX_BYTES = 16 * 1024 * 1024;

    public static final FormatSpec BRUKER_SPX = new FormatSpec("bruker/spx", "Bruker", Technique.OTHER, List.of(".spx"));
    public static final FormatSpec THERMOFISHER_EMXML = new FormatSpec("thermofisher/autoslice-project",
            "Thermo Fisher Scientific", Technique.SEM, List.of(".emxml"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(BRUKER_SPX, THERMOFISHER_EMXML);
    }

    /** By root element, seen in the first bytes; other XML is left to the detector's generic XML kind. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TEXT) {
            return Optional.empty();
        }
        String s = Head.text(probe.head());
        String t = s.stripLeading();
        if (!t.startsWith("<")) {
            return Optional.empty();
        }
        if (s.contains("<EMProject")) {
            return Optional.of(Sniff.certain(THERMOFISHER_EMXML, "xml", "XML root <EMProject>"));
        }
        if (s.contains("<TRTSpectrum")) {
            return Optional.of(Sniff.certain(BRUKER_SPX, "xml", "XML root <TRTSpectrum>"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        org.w3c.dom.Document doc = SafeXml.parse(WholeText.bytes(probe, MAX_BYTES, "XML document"));
        MetadataTree t = XmlTree.of(doc.getDocumentElement(), warnings, detection.format().id());
        if (!detection.format().equals(BRUKER_SPX)) {
            return ReadResult.of(t, warnings);
        }
        MetadataTree derived = BrukerSpxFacts.derive(doc, warnings);
        if (!derived.isEmpty()) {
            t.put("derived", derived);
        }
        ReadResult r = ReadResult.of(t, warnings).withSpectrum(spectrum(doc));
        // Esprit writes spectra on SEMs and TEMs alike: the beam energy tells which schema (above 30 kV a TEM's, the
        // rule of the .bcf, EDAX and EMSA readers); without one no document (which schema would be a guess)
        Value kv = derived.get("beamEnergy");
        return kv == null || kv.asDouble() <= 0 ? r : r.withVariant(kv.asDouble() > 30 ? "TEM" : "SEM");
    }

    /**
     * A Bruker spectrum's counts (the comma list of {@code <Channels>}) with its calibration ({@code CalibAbs} +
     * {@code CalibLin} × channel, in keV), for the plotted preview; the document is in memory already, so the counts
     * are handed over, at most {@link SpectrumRef#MAX_CHANNELS} + 1 of them (the preview refuses more). A count that is
     * not a number is kept as NaN for the preview to refuse; null when there is no list or no calibration.
     */
    static SpectrumRef spectrum(org.w3c.dom.Document doc) {
        return spectrum(doc.getDocumentElement());
    }

    /** The same within one element (a .bcf header's {@code SpectrumData0}, its sum spectrum). */
    static SpectrumRef spectrum(org.w3c.dom.Element scope) {
        String list = first(scope, "Channels");
        String abs = first(scope, "CalibAbs");
        String lin = first(scope, "CalibLin");
        if (list == null || abs == null || lin == null) {
            return null;
        }
        double origin;
        double perChannel;
        try {
            origin = Double.parseDouble(abs.strip());
            perChannel = Double.parseDouble(lin.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        double[] counts = new double[Math.min(1 + count(list, ','), SpectrumRef.MAX_CHANNELS + 1)];
        int n = 0;
        int from = 0;
        while (n < counts.length) {
            int comma = list.indexOf(',', from);
            String token = (comma < 0 ? list.substring(from) : list.substring(from, comma)).strip();
            double v;
            try {
                v = Double.parseDouble(token);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            counts[n++] = v;
            if (comma < 0) {
                break;
            }
            from = comma + 1;
        }
        return new SpectrumRef(SpectrumRef.Encoding.INLINE, -1, 0, 1 + count(list, ','),
                java.util.Arrays.copyOf(counts, n), origin, perChannel, "keV");
    }

    private static String first(org.w3c.dom.Element scope, String tag) {
        org.w3c.dom.NodeList l = scope.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent();
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
