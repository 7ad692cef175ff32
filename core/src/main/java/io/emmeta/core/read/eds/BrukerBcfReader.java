package io.emmeta.core.read.eds;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.sfs.SfsContainer;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;

/**
 * Bruker Esprit hypermaps ({@code .bcf}): the SFS container's {@code EDSDatabase/HeaderData}, an XML document
 * (zlib-compressed in the container) holding the SEM conditions (TRTSEMData: HV in kV, WD in mm, magnification, pixel
 * size DX/DY in µm), the stage, the detector and DSP configuration, the acquisition date and the element list. Only
 * that inner file is read, by ranges; the spectrum cube ({@code EDSDatabase/SpectrumData0}) never is. Image planes
 * embedded in the XML as base64 are described by size, not kept.
 */
public final class BrukerBcfReader implements Reader {

    static final String HEADER = "EDSDatabase/HeaderData";
    /** The header inflated, at most (real ones: 0.2–0.6 MB, base64 image planes included). */
    static final int MAX_HEADER = 16 * 1024 * 1024;
    /** Text longer than this (base64 image planes, binary blobs) is described, not copied into the record. */
    static final int MAX_TEXT = 4096;

    public static final FormatSpec FORMAT = new FormatSpec("bruker/bcf", "Bruker", Technique.OTHER, List.of(".bcf"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container == ContainerKind.BINARY && Head.startsWith(probe.head(), 0, 'A', 'A', 'M', 'V', 'H', 'F', 'S', 'S')) {
            return Optional.of(Sniff.certain(FORMAT, "bruker-sfs", "Bruker SFS container magic AAMVHFSS"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        SfsContainer sfs = SfsContainer.read(probe.source());
        Map<String, SfsContainer.Item> files = sfs.paths();
        List<Problem> warnings = new ArrayList<>();
        MetadataTree root = new MetadataTree();
        MetadataTree container = root.section("container");
        container.put("sfsVersion", Value.text(sfs.version()));
        container.put("chunkSize", new Value((long) sfs.chunkSize(), "bytes", null));
        MetadataTree listing = container.section("files");
        for (Map.Entry<String, SfsContainer.Item> e : files.entrySet()) {
            if (!e.getValue().directory()) {
                listing.put(e.getKey().replace('/', '|'), new Value(e.getValue().size(), "bytes", null));
            }
        }
        SfsContainer.Item header = files.get(HEADER);
        if (header == null) {
            throw new ExtractionException(ErrorCode.CORRUPT, "Bruker .bcf without " + HEADER + " (files: "
                    + files.keySet() + ")");
        }
        Document doc = SafeXml.parse(sfs.content(header, MAX_HEADER, "Bruker .bcf: the header (" + HEADER + ")"));
        // the sum spectrum Esprit keeps in the header (SpectrumData0, as HyperSpy reads it), taken before long texts
        // are shortened: it is in memory already, so plotting it costs no further read; the cube is never touched
        org.w3c.dom.NodeList sums = doc.getElementsByTagName("SpectrumData0");
        SpectrumRef sum = sums.getLength() == 0 ? null
                : XmlDocumentReader.spectrum((org.w3c.dom.Element) sums.item(0));
        // image planes are pixels, not metadata: each is described by its length where it stood
        container.put("textValuesNotKept", Value.integer(shortenLongText(doc.getDocumentElement())));
        MetadataTree xml = XmlTree.of(doc.getDocumentElement(), warnings, "bcf header");
        root.put("HeaderData", xml);
        Double kv = derive(doc.getDocumentElement(), root, warnings);
        ReadResult result = ReadResult.of(root, warnings).withSpectrum(sum);
        // Esprit runs on SEMs and TEMs alike: which schema follows from the beam energy (as for JEOL)
        return kv == null ? result : result.withVariant(kv <= 30 ? "SEM" : "TEM");
    }

    /**
     * The SEM conditions, stage and date at fixed names, with their units (the XML writes none); returns the beam
     * energy in kV when known.
     */
    private static Double derive(Element xmlRoot, MetadataTree root, List<Problem> warnings) {
        Element db = classInstance(xmlRoot, "TRTSpectrumDatabase");
        Element scope = db == null ? xmlRoot : db;
        MetadataTree d = new MetadataTree();
        Element sem = classInstance(scope, "TRTSEMData");
        if (sem != null) {
            number(sem, "HV", "kV", d, "beamEnergy");
            number(sem, "WD", "mm", d, "workingDistance");
            number(sem, "Mag", null, d, "magnification");
            number(sem, "DX", "µm", d, "pixelSizeX");
            number(sem, "DY", "µm", d, "pixelSizeY");
        }
        Element stage = classInstance(scope, "TRTSEMStageData");
        if (stage != null) {
            number(stage, "X", "µm", d, "stageX");
            number(stage, "Y", "µm", d, "stageY");
            number(stage, "Z", "µm", d, "stageZ");
            number(stage, "Tilt", "degree", d, "stageTilt");
            number(stage, "Rotation", "degree", d, "stageRotation");
        }
        Element dsp = classInstance(scope, "TRTDSPConfiguration");
        if (dsp != null) {
            number(dsp, "ImageWidth", null, d, "width");
            number(dsp, "ImageHeight", null, d, "height");
            text(dsp, "ChannelName0", d, "imageDetector");
        }
        Element hd = child(scope, "Header");
        if (hd != null) {
            text(hd, "Date", d, "date");
            text(hd, "Time", d, "time");
            if (d.text("date") != null && d.text("time") != null) {
                try {
                    java.time.LocalDateTime t = java.time.LocalDateTime.of(
                            java.time.LocalDate.parse(d.text("date"), DAY_MONTH_YEAR),
                            java.time.LocalTime.parse(d.text("time"), java.time.format.DateTimeFormatter.ISO_LOCAL_TIME));
                    d.put("acquired", Value.localDateTime(t, "acquisition PC"));
                } catch (java.time.DateTimeException e) {
                    warnings.add(new Problem(ErrorCode.CORRUPT, "header date '" + d.text("date") + " " + d.text("time")
                            + "': " + e.getMessage()));
                }
            }
        }
        // WD -1 means "not known to Esprit" (seen on a TEM): not a distance
        Value wd = d.get("workingDistance");
        if (wd != null && wd.isNumber() && wd.asDouble() <= 0) {
            d.put("workingDistance", new Value(wd.value(), wd.unit(), "not set (Esprit writes -1)"));
        } else if (wd != null && wd.isNumber()) {
            d.put("workingDistanceSet", Value.number(wd.asDouble() * 1e-3, "m"));
        }
        if (sem != null) {
            text(sem, "Company", d, "semManufacturer");
        }
        // the EDS detector's header sits in the first spectrum's headered class, four levels below the database
        Element detector = deepClassInstance(scope, "TRTDetectorHeader", 6);
        if (detector != null) {
            text(detector, "Type", d, "detectorType");
            text(detector, "SerialNumber", d, "detectorSerial");
        }
        if (!d.isEmpty()) {
            root.put("derived", d);
        }
        Value kv = d.get("beamEnergy");
        boolean tem = kv != null && kv.isNumber() && kv.asDouble() > 30;
        if (tem && d.text("imageDetector") != null && d.text("detectorType") != null) {
            // the TEM document's one detector block holds the survey image's channel; say where the EDS one went
            warnings.add(new Problem(ErrorCode.MAPPING, "EDS detector '" + d.text("detectorType")
                    + "' is in derived/detectorType only: the TEM schema has one detector block, which describes the"
                    + " image channel '" + d.text("imageDetector") + "'"));
        }
        return kv != null && kv.isNumber() && kv.asDouble() > 0 ? kv.asDouble() : null;
    }

    private static final java.time.format.DateTimeFormatter DAY_MONTH_YEAR =
            java.time.format.DateTimeFormatter.ofPattern("d.M.uuuu", java.util.Locale.ROOT);

    private static Element classInstance(Element parent, String type) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "ClassInstance".equals(e.getTagName()) && type.equals(e.getAttribute("Type"))) {
                return e;
            }
        }
        // one level down (the SEM data sits beside or inside the spectrum database depending on the version)
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "ClassInstance".equals(e.getTagName())) {
                for (Node m = e.getFirstChild(); m != null; m = m.getNextSibling()) {
                    if (m instanceof Element f && "ClassInstance".equals(f.getTagName())
                            && type.equals(f.getAttribute("Type"))) {
                        return f;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The first ClassInstance of the type at most {@code maxDepth} element levels below {@code parent}, breadth first,
     * so that a shallow instance wins over one inside a nested spectrum; the depth bound keeps a hostile nesting cheap.
     */
    private static Element deepClassInstance(Element parent, String type, int maxDepth) {
        java.util.List<Element> level = java.util.List.of(parent);
        for (int depth = 0; depth < maxDepth && !level.isEmpty(); depth++) {
            java.util.List<Element> next = new java.util.ArrayList<>();
            for (Element e : level) {
                io.emmeta.core.problem.Deadline.check();
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element f) {
                        if ("ClassInstance".equals(f.getTagName()) && type.equals(f.getAttribute("Type"))) {
                            return f;
                        }
                        next.add(f);
                    }
                }
            }
            level = next;
        }
        return null;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    private static void number(Element parent, String name, String unit, MetadataTree into, String key) {
        Element e = child(parent, name);
        if (e == null) {
            return;
        }
        String s = e.getTextContent().strip().replace(',', '.');
        try {
            into.put(key, Value.number(Double.parseDouble(s), unit));
        } catch (NumberFormatException ignored) {
            into.put(key, Value.text(s));
        }
    }

    private static void text(Element parent, String name, MetadataTree into, String key) {
        Element e = child(parent, name);
        if (e != null && !e.getTextContent().isBlank()) {
            into.put(key, Value.text(e.getTextContent().strip()));
        }
    }

    /** Replaces text nodes longer than {@link #MAX_TEXT} by their description; returns how many. */
    private static int shortenLongText(Node root) {
        // A walk with a stack of its own, not recursion: the nesting is the file's (issue #12).
        int count = 0;
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            io.emmeta.core.problem.Deadline.check();
            Node n = todo.pop();
            for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                    String v = c.getNodeValue();
                    if (v != null && v.length() > MAX_TEXT) {
                        c.setNodeValue("(" + v.length() + " characters, not kept)");
                        count++;
                    }
                } else {
                    todo.push(c);
                }
            }
        }
        return count;
    }
}
