package io.emmeta.core.read.fibics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.emmeta.core.container.tiff.TiffImages;
import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.Units;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.text.NumberText;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;

/**
 * Zeiss Atlas 5 / Fibics FIB-SEM slices: {@code <Fibics>} XML in TIFF tag 51023 (hardened parser; a DOCTYPE is
 * refused). Elements become typed values, their {@code units} attributes the units. The SmartSEM-style
 * {@code <item name="Ext V">=  4.28 kV</item>} rows of BeamInfo/ScanInfo become values by name; a unit that did not
 * survive the file's encoding ("?A" for µA) stays text with a warning. Derived under {@code derived/}: pixel size =
 * |U| (the scan's pixel vector), the beam energy and aperture size written only inside the aperture text
 * ("[1] 30 µm [HC] (5.0 kV)").
 */
public final class FibicsTiffReader implements Reader {

    private static final Pattern APERTURE_KV = Pattern.compile("\\(([0-9.]+)\\s*kV\\)");
    private static final Pattern APERTURE_SIZE = Pattern.compile("\\]\\s*([0-9.]+)\\s*(µm|um|nm)");

    public static final FormatSpec FORMAT = new FormatSpec("tiff/zeiss-atlas-fibics", "Carl Zeiss", Technique.SEM,
            FormatSpec.TIFF_ENDINGS);

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** Atlas writes Zeiss's CZ_SEM tag beside its own 51023, so this sniff runs before the SmartSEM one. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container == ContainerKind.TIFF && probe.tiff().declares(TiffTags.FIBICS)) {
            return Optional.of(Sniff.certain(FORMAT, "tiff", "tag 51023 (Fibics XML) present"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        TiffPage page = probe.tiff().pages().stream().filter(p -> p.has(TiffTags.FIBICS)).findFirst()
                .orElseThrow(() -> new ExtractionException(ErrorCode.TRUNCATED,
                        "tag 51023 is declared but its payload lies past the end of the object"));
        byte[] xml = page.bytes(TiffTags.FIBICS);
        int end = xml.length;
        while (end > 0 && xml[end - 1] == 0) {
            end--; // NUL padding after the document
        }
        List<Problem> warnings = new ArrayList<>();
        Element root = SafeXml.parse(java.util.Arrays.copyOf(xml, end)).getDocumentElement();
        MetadataTree t = XmlTree.of(root, warnings, "tag 51023");
        for (String block : List.of("BeamInfo", "ScanInfo")) {
            NodeList blocks = root.getElementsByTagName(block);
            if (blocks.getLength() == 0) {
                continue;
            }
            MetadataTree named = new MetadataTree();
            NodeList items = ((Element) blocks.item(0)).getElementsByTagName("item");
            for (int i = 0; i < items.getLength(); i++) {
                Element item = (Element) items.item(i);
                String name = item.getAttribute("name").strip();
                if (!name.isEmpty()) {
                    named.add(name, item(name, item.getTextContent(), warnings));
                }
            }
            t.put(block, named); // by name, replacing the anonymous item, item#2, ... rows
        }
        derive(t);
        return ReadResult.of(t, warnings).withImage(TiffImages.firstImage(probe.tiff()));
    }

    private static Value item(String name, String text, List<Problem> warnings) {
        String s = text.strip();
        String[] m = numberAndUnit(s);
        if (m != null) {
            String unit = m[1].isEmpty() ? null : m[1];
            if (unit == null || Units.parse(unit) != null) {
                return new Value(Double.parseDouble(m[0]), unit, name);
            }
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, name + ": unit '" + unit
                    + "' was damaged in the file (encoding); the value is kept as text"));
        }
        return new Value(s.startsWith("=") ? s.substring(1).strip() : s, null, name);
    }

    /**
     * "=5.2 nm" as {"5.2", "nm"} (unit "" when none), else null. This was
     * {@code ^=?\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)\s*(\S*)\s*$}, quadratic over a long digit run (issue #12).
     * Scanned: the longest number decides, since a shorter one only adds non-space characters before the unit, and
     * the rest must be spaces, one token, spaces.
     */
    static String[] numberAndUnit(String s) {
        int i = s.startsWith("=") ? 1 : 0;
        i = NumberText.skipSpaces(s, i);
        int end = NumberText.end(s, i, s.length(), NumberText.Mantissa.STRICT, NumberText.ANY);
        if (end < 0) {
            return null;
        }
        int u = NumberText.skipSpaces(s, end);
        int ue = u;
        while (ue < s.length() && !NumberText.isSpace(s.charAt(ue))) {
            ue++;
        }
        int tail = NumberText.skipSpaces(s, ue);
        if (!NumberText.atEnd(s, tail)) {
            return null;
        }
        return new String[] {s.substring(i, end), s.substring(u, ue)};
    }

    private static void derive(MetadataTree t) {
        MetadataTree d = new MetadataTree();
        Value ux = t.get("Scan/Ux");
        Value uy = t.get("Scan/Uy");
        if (ux != null && ux.isNumber() && uy != null && uy.isNumber()) {
            d.put("pixelSize", new Value(Math.hypot(ux.asDouble(), uy.asDouble()), "µm", "|U| of the scan"));
        }
        String aperture = t.text("Image/Aperture");
        if (aperture != null) {
            Matcher kv = APERTURE_KV.matcher(io.emmeta.core.problem.Deadline.watched(aperture));
            if (kv.find()) {
                d.put("accelerationVoltage", new Value(Double.parseDouble(kv.group(1)), "kV", "from the aperture text"));
            }
            Matcher size = APERTURE_SIZE.matcher(io.emmeta.core.problem.Deadline.watched(aperture));
            if (size.find()) {
                d.put("apertureSize", new Value(Double.parseDouble(size.group(1)), size.group(2), "from the aperture text"));
            }
        }
        if (!d.isEmpty()) {
            t.put("derived", d);
        }
    }
}
