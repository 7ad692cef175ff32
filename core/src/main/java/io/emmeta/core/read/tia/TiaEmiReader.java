package io.emmeta.core.read.tia;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.SidecarRule;
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
import io.emmeta.core.read.text.LenientNumbers;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;

/**
 * FEI TIA {@code .emi}: a binary file whose acquisition description is an {@code <ObjectInfo>} XML block near its
 * end. We read the tail by ranges until the block is found (bounded), parse it with the hardened parser, and turn
 * the {@code ExperimentalDescription} label/value/unit rows into labelled values with units under
 * {@code description/}. The TIA mode string ("STEM nP Mh Zoom Diffraction") is split into {@code derived/}
 * operation mode, probe mode and projection.
 */
public final class TiaEmiReader implements Reader {

    static final int STEP = 64 * 1024;
    static final int MAX_TAIL = 8 * 1024 * 1024;
    private static final byte[] OPEN = "<ObjectInfo>".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CLOSE = "</ObjectInfo>".getBytes(StandardCharsets.ISO_8859_1);

    public static final FormatSpec FORMAT = new FormatSpec("fei-tia/emi", "FEI", Technique.TEM, List.of(".emi"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /**
     * TIA writes one acquisition as {@code name.emi} (the description) plus {@code name_1.ser} (the data, with its
     * calibration): the series completes its .emi, so the pair gives one document with the microscope's state and the
     * pixel size (the .ser's own table maps only the latter).
     */
    @Override
    public List<SidecarRule> sidecarRules() {
        return List.of(new SidecarRule(FORMAT, List.of("_1.ser"), ".emi", java.util.Set.of(TiaSerReader.FORMAT.id())));
    }

    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container == ContainerKind.BINARY && Head.startsWith(probe.head(), 0, 'J', 'K', 0, 2)) {
            return Optional.of(Sniff.certain(FORMAT, "fei-tia", "TIA .emi header 'JK'"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        long size = probe.size();
        byte[] xml = null;
        for (long tail = Math.min(size, STEP); xml == null; tail = Math.min(size, tail * 4)) {
            byte[] bytes = probe.source().readFully(size - tail, (int) tail);
            int open = indexOf(bytes, OPEN, 0);
            int close = open < 0 ? -1 : indexOf(bytes, CLOSE, open);
            if (open >= 0 && close > open) {
                xml = java.util.Arrays.copyOfRange(bytes, open, close + CLOSE.length);
            } else if (tail >= size || tail >= MAX_TAIL) {
                throw new ExtractionException(size > MAX_TAIL ? ErrorCode.TOO_LARGE : ErrorCode.CORRUPT,
                        "no <ObjectInfo> block in the last " + tail + " bytes");
            }
        }
        List<Problem> warnings = new ArrayList<>();
        Element root = SafeXml.parse(xml).getDocumentElement();
        MetadataTree t = XmlTree.of(root, warnings, "ObjectInfo");
        MetadataTree desc = new MetadataTree();
        NodeList rows = root.getElementsByTagName("Data");
        for (int i = 0; i < rows.getLength() && i < 10_000; i++) {
            Element row = (Element) rows.item(i);
            String label = child(row, "Label");
            String value = child(row, "Value");
            String unit = child(row, "Unit");
            if (label == null || value == null || value.isBlank()) {
                continue;
            }
            desc.add(label.strip(), typed(value, unit, warnings, label));
        }
        t.put("description", desc);
        String mode = desc.text("Mode");
        if (mode != null) {
            MetadataTree d = t.section("derived");
            List<String> parts = List.of(mode.strip().split("\\s+"));
            if (!parts.isEmpty() && (parts.get(0).equals("TEM") || parts.get(0).equals("STEM"))) {
                d.put("operationMode", Value.text(parts.get(0)));
            }
            if (parts.contains("nP") || parts.contains("uP")) {
                d.put("probeMode", Value.text(parts.contains("nP") ? "nP" : "uP"));
            }
            String last = parts.get(parts.size() - 1);
            if (last.equals("Image") || last.equals("Diffraction")) {
                d.put("projection", Value.text(last));
            }
        }
        return ReadResult.of(t, warnings);
    }

    private static Value typed(String value, String unit, List<Problem> warnings, String label) {
        Number n = LenientNumbers.parse(value);
        String u = unit == null || unit.isBlank() ? null : unit.strip();
        if (n == null) {
            return Value.text(value.strip());
        }
        if (u != null && Units.parse(u) == null) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, label + ": unit '" + u + "' not understood; kept as written"));
        }
        return n instanceof Long l ? new Value(l, u, label) : new Value(n.doubleValue(), u, label);
    }

    private static String child(Element e, String name) {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element ce && ce.getTagName().equals(name)) {
                return ce.getTextContent();
            }
        }
        return null;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
