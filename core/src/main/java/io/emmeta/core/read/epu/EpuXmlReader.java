package io.emmeta.core.read.epu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.SidecarRule;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.WholeText;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;

/**
 * Thermo Fisher EPU image records ({@code FoilHole_..._Data_....xml}, {@code GridSquare_....xml}): a .NET
 * DataContract serialisation of a {@code MicroscopeImage}, written beside each acquired image. Its
 * {@code microscopeData} holds the column state in bare SI numbers (volts, metres, seconds, radians), its
 * {@code CustomData} and the camera's {@code CameraSpecificInput} are key/value lists
 * ({@code KeyValueOfstringanyType}), kept here as {@code Key → Value}. Elements are matched by local name: every level
 * declares its own namespace, and the prefixes vary between writers.
 */
public final class EpuXmlReader implements Reader {

    static final int MAX_BYTES = 4 << 20;

    public static final FormatSpec FORMAT = new FormatSpec("xml/thermofisher-epu", "Thermo Fisher Scientific",
            Technique.TEM, List.of(".xml"));

    /** The DataContract namespace of EPU's shared objects; the root element's own namespace. */
    static final String NAMESPACE = "http://schemas.datacontract.org/2004/07/Fei.SharedObjects";

    /** The root element as the head shows it, with or without a prefix. */
    private static final Pattern ROOT = Pattern.compile("<(?:[A-Za-z_][\\w.-]*:)?MicroscopeImage[\\s>]");

    /**
     * Units of the bare numbers, by path in our tree: the DataContract serialises the microscope's SI values (as the
     * TEM scripting interface documents them: volts, metres, seconds, radians for the stage's A and B tilts).
     */
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("microscopeData/gun/AccelerationVoltage", "V"),
            Map.entry("microscopeData/gun/ExtractorVoltage", "V"),
            Map.entry("microscopeData/acquisition/camera/ExposureTime", "s"),
            Map.entry("microscopeData/acquisition/camera/PreExposureTime", "s"),
            Map.entry("microscopeData/acquisition/camera/PreExposurePauseTime", "s"),
            Map.entry("microscopeData/acquisition/plateCamera/ExposureTime", "s"),
            Map.entry("microscopeData/acquisition/scanSettings/DwellTime", "s"),
            Map.entry("microscopeData/optics/Defocus", "m"),
            Map.entry("microscopeData/optics/BeamDiameter", "m"),
            Map.entry("microscopeData/optics/Cameralength", "m"),
            Map.entry("microscopeData/optics/EnergyFilter/EnergySelectionSlitWidth", "eV"),
            Map.entry("microscopeData/optics/EnergyFilter/EnergyShift", "eV"),
            Map.entry("microscopeData/stage/Position/X", "m"),
            Map.entry("microscopeData/stage/Position/Y", "m"),
            Map.entry("microscopeData/stage/Position/Z", "m"),
            Map.entry("microscopeData/stage/Position/A", "rad"),
            Map.entry("microscopeData/stage/Position/B", "rad"),
            Map.entry("CustomData/AppliedDefocus", "m"));

    /** .NET's XmlConvert spelling of an auto-property's backing field, {@code <Name>k__BackingField}. */
    private static final Pattern BACKING_FIELD = Pattern.compile("_x003C_(.+)_x003E_k__BackingField");

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** The root element {@code MicroscopeImage} in EPU's DataContract namespace; other XML is not ours. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TEXT) {
            return Optional.empty();
        }
        String s = Head.text(probe.head());
        if (!s.stripLeading().startsWith("<")) {
            return Optional.empty();
        }
        Matcher m = ROOT.matcher(s);
        if (m.find() && s.indexOf(NAMESPACE, m.start()) > 0) {
            return Optional.of(Sniff.certain(FORMAT, "xml", "XML root <MicroscopeImage> in the " + NAMESPACE
                    + " namespace"));
        }
        return Optional.empty();
    }

    /**
     * EPU writes the record beside the image it describes, under the same stem ({@code ..._154915.xml} +
     * {@code ..._154915.mrc} or {@code .tiff}), in either order. An MRC's own table maps only its pixel size: the
     * record completes it.
     */
    @Override
    public List<SidecarRule> sidecarRules() {
        return List.of(new SidecarRule(FORMAT, List.of(".mrc", ".tif", ".tiff"), ".xml", Set.of("mrc")));
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        Element root = SafeXml.parse(WholeText.bytes(probe, MAX_BYTES, "EPU .xml")).getDocumentElement();
        if (!"MicroscopeImage".equals(XmlTree.name(root)) || !NAMESPACE.equals(root.getNamespaceURI())) {
            throw new ExtractionException(ErrorCode.CORRUPT, "root element is " + root.getTagName()
                    + ", not EPU's MicroscopeImage");
        }
        List<Problem> warnings = new ArrayList<>();
        MetadataTree tree = new MetadataTree();
        new Walk(warnings).fill(tree, root, "", 0);
        if (tree.getTree("microscopeData") == null) {
            throw new ExtractionException(ErrorCode.CORRUPT, "EPU MicroscopeImage without microscopeData");
        }
        return ReadResult.of(tree, warnings);
    }

    /** One pass over the DOM, bounded like {@link XmlTree}: depth and element count. */
    private static final class Walk {
        private final List<Problem> warnings;
        private int nodes;
        private boolean limitReported;

        Walk(List<Problem> warnings) {
            this.warnings = warnings;
        }

        void fill(MetadataTree into, Element element, String path, int depth) {
            for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
                Deadline.check();
                if (!(n instanceof Element child) || isNil(child)) {
                    continue;
                }
                if (++nodes > XmlTree.MAX_NODES || depth >= XmlTree.MAX_DEPTH) {
                    if (!limitReported) {
                        limitReported = true;
                        warnings.add(new Problem(ErrorCode.TOO_LARGE, "EPU .xml deeper than " + XmlTree.MAX_DEPTH
                                + " levels or larger than " + XmlTree.MAX_NODES + " elements; the rest is not read"));
                    }
                    return;
                }
                String name = name(child);
                String childPath = path.isEmpty() ? name : path + "/" + name;
                if (isKeyValueList(child)) {
                    MetadataTree list = new MetadataTree();
                    keyValues(list, child, childPath, depth + 1);
                    putTree(into, name, list);
                } else if (isQuantity(child)) {
                    into.put(into.uniqueKey(name), quantity(child));
                } else if (XmlTree.hasElementChildren(child)) {
                    MetadataTree sub = new MetadataTree();
                    fill(sub, child, childPath, depth + 1);
                    putTree(into, name, sub);
                } else {
                    String text = child.getTextContent().strip();
                    if (!text.isEmpty()) {
                        into.put(into.uniqueKey(name), XmlTree.typed(text, UNITS.get(childPath)));
                    }
                }
            }
        }

        /** {@code <KeyValueOfstringanyType><Key>k</Key><Value>v</Value>}: kept as {@code k → v}. */
        private void keyValues(MetadataTree into, Element list, String path, int depth) {
            for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!(n instanceof Element pair)) {
                    continue;
                }
                Element key = child(pair, "Key");
                Element value = child(pair, "Value");
                if (key == null || value == null || isNil(value) || key.getTextContent().isBlank()) {
                    continue;
                }
                String k = key.getTextContent().strip();
                if (XmlTree.hasElementChildren(value)) {
                    // a typed object (FractionationSettings): its fields, as any other element's
                    MetadataTree sub = new MetadataTree();
                    fill(sub, value, path + "/" + k, depth + 1);
                    putTree(into, k, sub);
                } else {
                    String text = value.getTextContent().strip();
                    if (!text.isEmpty()) {
                        into.put(into.uniqueKey(k), XmlTree.typed(text, UNITS.get(path + "/" + k)));
                    }
                }
            }
        }

        private static void putTree(MetadataTree into, String name, MetadataTree sub) {
            if (!sub.isEmpty()) {
                into.put(into.uniqueKey(name), sub);
            }
        }
    }

    /** Every element child is a {@code KeyValueOf...} pair (a serialised .NET dictionary), and there is one. */
    static boolean isKeyValueList(Element e) {
        boolean any = false;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                if (!name(c).startsWith("KeyValueOf")) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** {@code <numericValue>} beside a {@code <unit>}: a number with its unit (SpatialScale's pixel size, offsets). */
    private static boolean isQuantity(Element e) {
        Element v = child(e, "numericValue");
        return v != null && !XmlTree.hasElementChildren(v);
    }

    /**
     * The number with the unit's symbol. The unit also carries a {@code PrefixExponent}; every file seen writes 1 with
     * the symbol {@code m} beside metre-sized values (1e-10 for an ångström-scale pixel), so it is the symbol's power,
     * not a decimal prefix. Any other exponent leaves the number without a unit rather than guess.
     */
    private static Value quantity(Element e) {
        String text = child(e, "numericValue").getTextContent().strip();
        Element unit = child(e, "unit");
        String symbol = null;
        if (unit != null) {
            Element sym = child(unit, "Symbol");
            Element exp = child(unit, "PrefixExponent");
            if (sym != null && (exp == null || exp.getTextContent().strip().equals("1"))) {
                symbol = sym.getTextContent().strip();
            }
        }
        return XmlTree.typed(text, symbol);
    }

    /** The first child element of that (decoded) local name. */
    private static Element child(Element e, String local) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && name(c).equals(local)) {
                return c;
            }
        }
        return null;
    }

    /** {@code i:nil="true"}: the DataContract's null, left out (absent stays absent). */
    private static boolean isNil(Element e) {
        return "true".equals(e.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "nil"));
    }

    /** The local name, with a backing field's XmlConvert spelling decoded to the property's name. */
    static String name(Element e) {
        String n = XmlTree.name(e);
        Matcher m = BACKING_FIELD.matcher(n);
        return m.matches() ? m.group(1) : n;
    }
}
