package io.emmeta.core.read.nanomegas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.hdf5.Hdf5Container;
import io.emmeta.core.container.hdf5.Hdf5Image;
import io.emmeta.core.container.hdf5.Hdf5Prefetch;
import io.emmeta.core.container.hdf5.Hdf5Text;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * NanoMegas TopSpin {@code .app5}: HDF5 whose groups are named by GUID. A procedure (an acquisition) is a
 * {@code Metadata} string dataset holding a {@code ProcedureDocumentSerializer} XML document, at the root or in a
 * GUID group; its series of frames is a GUID group of numbered groups, each with {@code Data} and its own
 * {@code Metadata} XML (calibration, requested beam position). The procedures are read whole (their {@code
 * ProcedureData} items become {@code Name → Value}); the frames are summarised (how many, the first one's
 * calibration), never copied one by one and never their {@code Data}.
 *
 * <p>The XML declarations lie: frames declare {@code utf-16} and procedures {@code us-ascii}, but both are stored as
 * single-byte text; the declaration is replaced before the hardened parser sees it. Dates are {@code MM/dd/yyyy
 * HH:mm:ss}, local time of the acquisition computer.
 */
public final class TopSpinApp5Reader implements Reader {

    public static final FormatSpec FORMAT = new FormatSpec("hdf5/nanomegas-topspin", "NanoMegas", Technique.TEM,
            List.of(".app5"));

    static final String PROCEDURE = "ProcedureDocumentSerializer";
    /** Groups searched for procedures below the root (a file holds one per experiment; more is not a real file). */
    static final int MAX_GROUPS = 64;
    static final int MAX_PROCEDURES = 16;
    private static final Pattern DECLARED_ENCODING = Pattern.compile("\\A(\\s*<\\?xml[^>]*?)encoding\\s*=\\s*(['\"])[^'\"]*\\2");
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MM/dd/uuuu HH:mm:ss", Locale.ROOT);

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** A {@code Metadata} string at the root or in a root group that is a TopSpin procedure document. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.HDF5) {
            return Optional.empty();
        }
        Group root = probe.hdf5().file();
        if (isProcedure(root.getChild("Metadata"))) {
            return Optional.of(Sniff.certain(FORMAT, "hdf5", "/Metadata is a TopSpin " + PROCEDURE + " XML"));
        }
        int seen = 0;
        for (Node n : root.getChildren().values()) {
            if (n instanceof Group g && ++seen <= MAX_GROUPS && isProcedure(g.getChild("Metadata"))) {
                return Optional.of(Sniff.certain(FORMAT, "hdf5", "/" + g.getName() + "/Metadata is a TopSpin "
                        + PROCEDURE + " XML"));
            }
        }
        return Optional.empty();
    }

    private static boolean isProcedure(Node n) {
        if (!(n instanceof Dataset ds) || !ds.isScalar()) {
            return false;
        }
        String s = Hdf5Text.of(ds);
        return s != null && s.indexOf("Serializer=\"" + PROCEDURE + "\"") > 0
                && s.stripLeading().startsWith("<?xml");
    }

    /**
     * What {@link #sniff} and {@link #read} visit, for the prefetch (issue #15): the root and the GUID-named groups
     * below it listed (procedures, series), and frame {@code 0} of a series; the {@code Metadata} documents there by
     * value. Frames other than {@code 0} are only counted (their headers), so they are not listed. Named by GUID so
     * that other formats' files, whose plans are joined with this one during detection, are not walked deeper.
     */
    static final Hdf5Prefetch.Plan WALK = new Hdf5Prefetch.Plan() {
        @Override
        public boolean lists(String group) {
            if (group.equals("/")) {
                return true;
            }
            String[] p = group.substring(1).split("/", -1);
            if (p.length > 4) {
                return false;
            }
            for (int i = 0; i < p.length; i++) {
                boolean firstFrame = i == p.length - 1 && i > 0 && p[i].equals("0");
                if (!firstFrame && !GUID.matcher(p[i]).matches()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Hdf5Prefetch.Want wants(String dataset) {
            int slash = dataset.lastIndexOf('/');
            boolean document = dataset.substring(slash + 1).equals("Metadata")
                    && lists(slash == 0 ? "/" : dataset.substring(0, slash));
            return document ? Hdf5Prefetch.Want.VALUE : Hdf5Prefetch.Want.HEADER;
        }
    };

    @Override
    public Hdf5Prefetch.Plan hdf5Walk() {
        return WALK;
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        Hdf5Container hdf5 = probe.readableHdf5();
        Map<String, String> procedures = new LinkedHashMap<>();
        Map<String, Group> series = new LinkedHashMap<>();
        hdf5.call("TopSpin structure", () -> {
            collect(hdf5.file(), "", procedures, series, 0);
            return null;
        });
        if (procedures.isEmpty()) {
            throw new ExtractionException(ErrorCode.CORRUPT, "no TopSpin procedure document in the file");
        }
        MetadataTree root = new MetadataTree();
        MetadataTree procs = root.section("procedures");
        // the acquisition is the procedure whose group holds the first frame series (the root's for a one-session
        // file); else the first procedure
        String seriesAt = series.isEmpty() ? null : series.keySet().iterator().next();
        MetadataTree acquisition = null;
        String acquisitionAt = null;
        boolean holdsSeries = false;
        for (Map.Entry<String, String> e : procedures.entrySet()) {
            MetadataTree doc;
            try {
                doc = procedure(e.getValue(), warnings, e.getKey());
            } catch (ExtractionException x) {
                warnings.add(new Problem(x.code(), e.getKey() + ": " + x.getMessage()));
                continue;
            }
            procs.put(e.getKey(), doc);
            boolean holds = seriesAt != null && (e.getKey().equals("/") || seriesAt.startsWith(e.getKey() + "/"));
            if (acquisition == null || (holds && !holdsSeries)) {
                acquisition = doc;
                acquisitionAt = e.getKey();
                holdsSeries = holds;
            }
        }
        if (acquisition == null) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "no TopSpin procedure document could be parsed");
        }
        root.put("acquisition", acquisition);
        MetadataTree frames = root.section("series");
        for (Map.Entry<String, Group> e : series.entrySet()) {
            frames.put(e.getKey(), summarise(hdf5, e.getValue(), warnings, e.getKey()));
        }
        derive(root.section("derived"), acquisition, warnings);
        ImageRef image = previewImage(hdf5, acquisition, acquisitionAt, series, warnings); // before the copy
        ReadResult result = ReadResult.of(root, warnings);
        return image == null ? result : result.withImage(image);
    }

    /** A TopSpin identifier: the only names taken from the XML to look a dataset up by. */
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    /**
     * The preview's pixels. The navigator first: the acquisition's {@code VirtualStemImageResult} (an
     * {@code ImageDataSerializer} whose {@code Id} names a 2-D dataset beside the procedure's {@code Metadata}: the
     * virtual STEM image TopSpin builds from the scan, one pixel per beam position). Without one, frame {@code 0} of
     * the first series, a diffraction pattern, on a log scale. The {@code Thumbnail} TopSpin stores is a JPEG of a few
     * KB (not a codec the preview decodes) and is not used. One that cannot be shown costs a typed "preview: ..."
     * warning.
     */
    private static ImageRef previewImage(Hdf5Container hdf5, MetadataTree acquisition, String at,
            Map<String, Group> series, List<Problem> warnings) {
        String id = acquisition.text("ProcedureData/VirtualStemImageResult/Id");
        String where = "TopSpin preview image";
        try {
            if (id != null && GUID.matcher(id.strip()).matches()) {
                where = ("/".equals(at) ? "" : at) + "/" + id.strip();
                String guid = id.strip();
                // the procedure's group was found by walking the tree, so its path resolves; the Id may name nothing
                Node n = hdf5.call(where, () -> ("/".equals(at) ? hdf5.file() : hdf5.file().getByPath(at))
                        instanceof Group g ? g.getChild(guid) : null);
                if (n instanceof Dataset ds && !hdf5.call(where, n::isLink)
                        && hdf5.call(where, () -> ds.getDimensions().length) == 2) {
                    return Hdf5Image.first(hdf5, ds, 0, where);
                }
            }
            if (series.isEmpty()) {
                return null;
            }
            Map.Entry<String, Group> first = series.entrySet().iterator().next();
            where = first.getKey() + "/0/Data";
            Node n = hdf5.call(where, () -> first.getValue().getChild("0") instanceof Group g ? g.getChild("Data")
                    : null);
            if (!(n instanceof Dataset ds) || hdf5.call(where, n::isLink)) {
                return null;
            }
            int rank = hdf5.call(where, () -> ds.getDimensions().length);
            return rank < 2 ? null : Hdf5Image.first(hdf5, ds, rank - 2, where).asDiffraction();
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), e.getMessage().startsWith("preview") ? e.getMessage()
                    : "preview: " + e.getMessage()));
            return null;
        }
    }

    /** Procedures ({@code Metadata} datasets) and frame series (groups of numbered groups), two levels down. */
    private static void collect(Group g, String path, Map<String, String> procedures, Map<String, Group> series,
            int depth) {
        Node md = g.getChild("Metadata");
        if (md instanceof Dataset ds && ds.isScalar() && procedures.size() < MAX_PROCEDURES) {
            String s = Hdf5Text.of(ds);
            if (s != null && s.contains(PROCEDURE)) {
                procedures.put(path.isEmpty() ? "/" : path, s);
            }
        }
        int seen = 0;
        for (Node n : g.getChildren().values()) {
            if (!(n instanceof Group child) || ++seen > MAX_GROUPS) {
                continue;
            }
            if (child.getChild("0") instanceof Group) {
                series.put(path + "/" + child.getName(), child);
            } else if (depth < 2) {
                collect(child, path + "/" + child.getName(), procedures, series, depth + 1);
            }
        }
    }

    /** The procedure document: its simple elements as keys, {@code ProcedureData} items as Name → Value. */
    static MetadataTree procedure(String xml, List<Problem> warnings, String where) throws ExtractionException {
        Element root = parse(xml).getDocumentElement();
        MetadataTree doc = new MetadataTree();
        for (org.w3c.dom.Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (!(c instanceof Element e)) {
                continue;
            }
            if (e.getTagName().equals("ProcedureData") || e.getTagName().equals("HardwareSettings")) {
                // lists of <Item><Name/><Value/></Item>: the names are the keys
                MetadataTree data = doc.section(e.getTagName());
                for (org.w3c.dom.Node i = e.getFirstChild(); i != null; i = i.getNextSibling()) {
                    if (i instanceof Element item) {
                        item(data, item, warnings, where);
                    }
                }
            } else if (!XmlTree.hasElementChildren(e)) {
                String t = e.getTextContent().strip();
                if (!t.isEmpty()) {
                    doc.add(e.getTagName(), e.getTagName().equals("Output") ? Value.text(t) : XmlTree.typed(t, null));
                }
            } else {
                doc.put(e.getTagName(), XmlTree.of(e, warnings, where));
            }
        }
        return doc;
    }

    private static void item(MetadataTree into, Element item, List<Problem> warnings, String where) {
        Element name = child(item, "Name");
        Element value = child(item, "Value");
        if (name == null || value == null || name.getTextContent().isBlank()) {
            return;
        }
        String key = name.getTextContent().strip();
        if (XmlTree.hasElementChildren(value)) {
            into.put(key, XmlTree.of(value, warnings, where));
            return;
        }
        String t = value.getTextContent().strip();
        if (t.isEmpty()) {
            return;
        }
        // identifiers and versions stay text; numbers by the type TopSpin's serializer names
        String type = value.getAttribute("Serializer");
        into.add(key, type.equals("String") ? Value.text(t) : XmlTree.typed(t, null));
    }

    /** How many frames, and the first frame's calibration and beam position: a series is not copied per frame. */
    private static MetadataTree summarise(Hdf5Container hdf5, Group g, List<Problem> warnings, String where) {
        MetadataTree s = new MetadataTree();
        String first;
        int count;
        try {
            Object[] r = hdf5.call(where, () -> {
                int n = 0;
                for (Node c : g.getChildren().values()) {
                    if (c instanceof Group) {
                        n++;
                    }
                }
                Node md = g.getChild("0") instanceof Group f ? f.getChild("Metadata") : null;
                return new Object[] {n, md instanceof Dataset ds && ds.isScalar() ? Hdf5Text.of(ds) : null};
            });
            count = (Integer) r[0];
            first = (String) r[1];
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), where + ": " + e.getMessage()));
            return s;
        }
        s.put("frames", Value.integer(count));
        if (first != null) {
            try {
                s.put("first", XmlTree.of(parse(first).getDocumentElement(), warnings, where + "/0"));
            } catch (ExtractionException e) {
                warnings.add(new Problem(e.code(), where + "/0/Metadata: " + e.getMessage()));
            }
        }
        return s;
    }

    /** The XML with its false encoding declaration replaced: the text is single-byte, whatever it declares. */
    static Document parse(String xml) throws ExtractionException {
        String fixed = DECLARED_ENCODING.matcher(xml).replaceFirst("$1encoding=\"UTF-8\"");
        return SafeXml.parse(fixed.getBytes(StandardCharsets.UTF_8));
    }

    private static Element child(Element e, String name) {
        for (org.w3c.dom.Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element x && x.getTagName().equals(name)) {
                return x;
            }
        }
        return null;
    }

    private static void derive(MetadataTree d, MetadataTree acq, List<Problem> warnings) {
        for (String[] k : new String[][] {{"StartDateTime", "startTime"}, {"EndDateTime", "endTime"}}) {
            String t = acq.text(k[0]);
            if (t == null) {
                continue;
            }
            LocalDateTime when = usDate(t);
            if (when == null) {
                warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, k[0] + " '" + t + "' is not MM/dd/yyyy HH:mm:ss"));
            } else {
                d.put(k[1], Value.localDateTime(when, "acquisition computer"));
            }
        }
        // the procedure's own settings first, then the microscope's as TopSpin read them (stored as text there);
        // units: TopSpin writes SI numbers without a unit (300000 for 300 kV, 0.14 for a 140 mm camera length, the
        // precession angle in radians: 0.00873 for the 0.5° the corpus file's base name says)
        put(d, "accelerationVoltage", "V", acq, "ProcedureData/HighVoltage", "HardwareSettings/GunHighVoltage");
        put(d, "cameraLength", "m", acq, "ProcedureData/DiffractionCameraLength",
                "HardwareSettings/DiffractionCameraLength");
        put(d, "frameTime", "s", acq, "ProcedureData/FrameTime");
        put(d, "precessionAngle", "radian", acq, "HardwareSettings/PrecessionHardwarePrecessionAngle");
        put(d, "precessionFrequency", "Hz", acq, "HardwareSettings/PrecessionHardwarePrecessionFrequency");
    }

    /** The first positive number among {@code paths} (a number, or text spelling one), with its implied unit. */
    private static void put(MetadataTree d, String key, String unit, MetadataTree acq, String... paths) {
        for (String p : paths) {
            Value v = acq.get(p);
            Number n = v == null ? null : v.value() instanceof Number x ? x
                    : v.value() instanceof String t ? io.emmeta.core.read.text.LenientNumbers.parse(t) : null;
            if (n != null && Double.isFinite(n.doubleValue()) && n.doubleValue() > 0) {
                d.put(key, Value.number(n.doubleValue(), unit));
                return;
            }
        }
    }

    /** TopSpin's {@code MM/dd/yyyy HH:mm:ss}; null in any other shape. */
    static LocalDateTime usDate(String t) {
        try {
            return LocalDateTime.parse(t.strip(), US_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
