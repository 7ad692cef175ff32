package io.emmeta.core.read.empad;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.WholeText;
import io.emmeta.core.read.text.LenientNumbers;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;

/**
 * EMPAD (Electron Microscope Pixel Array Detector) acquisition records: a {@code <root>} XML document naming the
 * {@code .raw} frames it describes. Two generations: 0.51 writes the microscope's state as scripting calls
 * ({@code iom_measurements/source.get_voltage}), 1.2.x as plain names ({@code high_voltage},
 * {@code nominal_camera_length}, {@code full_scan_field_of_view}). The whole tree is kept; {@code derived/} holds what
 * needs a decision: the scan size (the file's {@code pix_x}/{@code pix_y}, else the {@code mode="acquire"} block —
 * never the {@code search} block, the live view's setting) and the scan's field of view.
 *
 * <p>No pairing with the {@code .raw}: its name is written inside the record ({@code raw_file/@filename},
 * {@code scan_x32_y64.raw} beside {@code acquisition_1.xml}) and follows the scan size, not the record's own name, so
 * no {@code SidecarRule} (same stem, name tail or appended suffix) can express it. The record is read on its own and
 * names its data file instead: {@code derived/dataFile}, the file name as written (a bare name, in the record's
 * folder), kept in the record; the TEM schema has no place for a data file.
 */
public final class EmpadXmlReader implements Reader {

    static final int MAX_BYTES = 4 << 20;

    public static final FormatSpec FORMAT = new FormatSpec("xml/empad", "Thermo Fisher Scientific (EMPAD)",
            Technique.TEM, List.of(".xml"));

    /**
     * Units of the bare numbers, by path. The microscope interface reports SI (volts, metres). The exposure is per
     * frame in milliseconds: EMPAD reads out at about 1 kHz, and rosettasciio gives its frame axis "ms" for the same
     * value 1; a second per frame would make a 32 x 64 scan half an hour long.
     */
    private static final Map<String, String> UNITS = Map.of(
            "exposure_time", "ms",
            "post_exposure_time", "ms",
            "iom_measurements/high_voltage", "V",
            "iom_measurements/source.get_voltage", "V",
            "iom_measurements/nominal_camera_length", "m",
            "iom_measurements/optics.get_cameralength", "m",
            "iom_measurements/full_scan_field_of_view/x", "m",
            "iom_measurements/full_scan_field_of_view/y", "m");

    private static final Pattern ROOT = Pattern.compile("^(?:<\\?xml[^>]*\\?>\\s*)?<root[\\s>]");
    private static final Pattern LIST = Pattern.compile("\\[\\s*([^,\\]]+)\\s*,\\s*([^,\\]]+)\\s*\\]");

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** A {@code <root>} element whose first children are EMPAD's software version and the raw file it names. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TEXT) {
            return Optional.empty();
        }
        String s = Head.text(probe.head()).stripLeading();
        if (ROOT.matcher(s).find() && s.contains("<software_version>") && s.contains("<raw_file filename=")) {
            return Optional.of(Sniff.certain(FORMAT, "xml", "XML <root> with <software_version> and <raw_file>"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        Element root = SafeXml.parse(WholeText.bytes(probe, MAX_BYTES, "EMPAD .xml")).getDocumentElement();
        if (!"root".equals(XmlTree.name(root))) {
            throw new ExtractionException(ErrorCode.CORRUPT, "root element is " + root.getTagName() + ", not <root>");
        }
        List<Problem> warnings = new ArrayList<>();
        MetadataTree tree = XmlTree.of(root, warnings, "EMPAD .xml");
        if (tree.get("software_version") == null) {
            throw new ExtractionException(ErrorCode.CORRUPT, "EMPAD record without <software_version>");
        }
        UNITS.forEach((path, unit) -> withUnit(tree, path, unit));
        MetadataTree derived = new MetadataTree();
        scanSize(root, tree, derived);
        fieldOfView(tree, derived);
        dataFile(tree, derived);
        if (!derived.isEmpty()) {
            tree.put("derived", derived);
        }
        return ReadResult.of(tree, warnings);
    }

    /** Attaches the unit the format implies to a number at {@code path}; text and absent values are left. */
    private static void withUnit(MetadataTree tree, String path, String unit) {
        Value v = tree.get(path);
        if (v == null || !v.isNumber()) {
            return;
        }
        int slash = path.lastIndexOf('/');
        MetadataTree parent = slash < 0 ? tree : tree.getTree(path.substring(0, slash));
        parent.put(path.substring(slash + 1), v.withUnit(unit));
    }

    /**
     * The scan's size: 0.51 writes {@code pix_x}/{@code pix_y} for the scan it recorded; 1.2.x only the blocks, of
     * which {@code mode="acquire"} is the recorded scan ({@code search} is the live view, often of another size).
     * A series of frames ({@code series_count}) has no scan.
     */
    /**
     * The {@code .raw} the record describes, as {@code raw_file/@filename} names it; only a bare file name (the
     * software writes it in the record's folder), so a path or an empty name is not taken as the pair.
     */
    private static void dataFile(MetadataTree tree, MetadataTree derived) {
        String name = tree.text("raw_file@filename");
        if (name == null) {
            return;
        }
        String n = name.strip();
        if (!n.isEmpty() && n.indexOf('/') < 0 && n.indexOf('\\') < 0 && !n.equals("..")) {
            derived.put("dataFile", new Value(n, null, "raw_file@filename: the .raw beside this record (not paired"
                    + " by name: EMPAD names it by the scan size)"));
        }
    }

    private static void scanSize(Element root, MetadataTree tree, MetadataTree derived) {
        Value x = tree.get("pix_x");
        Value y = tree.get("pix_y");
        if (x == null || y == null) {
            Element acquire = acquireBlock(root);
            if (acquire == null) {
                return;
            }
            x = number(child(acquire, "scan_resolution_x"));
            y = number(child(acquire, "scan_resolution_y"));
        }
        if (x != null && y != null && x.value() instanceof Long && y.value() instanceof Long) {
            derived.section("scanSize").put("x", x).put("y", y);
        }
    }

    private static Element acquireBlock(Element root) {
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && XmlTree.name(e).equals("scan_parameters")
                    && "acquire".equals(e.getAttribute("mode"))) {
                return e;
            }
        }
        return null;
    }

    /**
     * The scan's full field of view in metres. 1.2.x writes it as {@code full_scan_field_of_view/x,y}, already scaled
     * by its {@code scale_factor} (multiplying again would shrink it); 0.51 as the scripting call's Python list
     * {@code [4.56e-06, 4.56e-06]}. 0.51's {@code calibrated_pixelsize} is the diffraction-space calibration of the
     * detector's pixels, not a real-space size: it stays in the tree only.
     */
    private static void fieldOfView(MetadataTree tree, MetadataTree derived) {
        Value x = tree.get("iom_measurements/full_scan_field_of_view/x");
        Value y = tree.get("iom_measurements/full_scan_field_of_view/y");
        if (x == null || y == null) {
            String list = tree.text("iom_measurements/optics.get_full_scan_field_of_view");
            Matcher m = list == null ? null : LIST.matcher(list.strip());
            if (m == null || !m.matches()) {
                return;
            }
            Number a = LenientNumbers.parse(m.group(1).strip());
            Number b = LenientNumbers.parse(m.group(2).strip());
            if (a == null || b == null) {
                return;
            }
            x = Value.number(a.doubleValue(), "m");
            y = Value.number(b.doubleValue(), "m");
        }
        if (x.isNumber() && y.isNumber() && x.asDouble() > 0 && y.asDouble() > 0) {
            derived.section("fieldOfView").put("x", x).put("y", y);
        }
    }

    private static Element child(Element e, String local) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && XmlTree.name(c).equals(local)) {
                return c;
            }
        }
        return null;
    }

    private static Value number(Element e) {
        if (e == null) {
            return null;
        }
        Value v = XmlTree.typed(e.getTextContent().strip(), null);
        return v.isNumber() ? v : null;
    }
}
