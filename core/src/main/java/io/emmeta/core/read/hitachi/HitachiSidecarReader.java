package io.emmeta.core.read.hitachi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.WholeText;
import io.emmeta.core.read.text.IniText;
import io.emmeta.core.read.text.LenientNumbers;
import io.emmeta.core.read.text.NumberText;
import io.emmeta.core.read.text.TextLimits;

/**
 * Hitachi SEM sidecar ({@code [SemImageFile]} / {@code [TemImageFile]} INI): UTF-16LE with a byte-order mark on the
 * TM series, sometimes plain 8-bit text. Values carry their unit as a word ({@code 15000 Volt}, {@code 7706.35 um},
 * {@code 47900 nA}); those become numbers with units. {@code PixelSize} is written without a unit: it is in nm by
 * Hitachi's convention (and agrees with the micron marker), so that unit is attached here, as degrees are to the
 * stage's tilt and rotation. Stage X/Y/Z stay unit-less: their unit is not documented.
 */
public final class HitachiSidecarReader implements Reader {

    static final int MAX_BYTES = 1 << 20;

    public static final FormatSpec FORMAT = new FormatSpec("text/hitachi-sem", "Hitachi High-Tech", Technique.SEM,
            List.of(".txt"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** Hitachi writes {@code image.txt} beside {@code image.tif} (or .bmp/.jpg); the text opens with its section. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TEXT) {
            return Optional.empty();
        }
        String t = Head.text(probe.head()).stripLeading();
        if (t.startsWith("[SemImageFile]") || t.startsWith("[TemImageFile]")) {
            return Optional.of(Sniff.certain(FORMAT, "text", "text starts with " + t.substring(0, t.indexOf(']') + 1)));
        }
        return Optional.empty();
    }

    @Override
    public List<SidecarRule> sidecarRules() {
        return List.of(new SidecarRule(FORMAT, List.of(".tif", ".tiff", ".bmp", ".jpg", ".jpeg"), ".txt"));
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        byte[] bytes = WholeText.bytes(probe, MAX_BYTES, "Hitachi sidecar");
        String text = decode(bytes);
        IniText ini = IniText.parse(text);
        List<Problem> warnings = new ArrayList<>();
        MetadataTree root = new MetadataTree();
        ini.reportCuts(warnings, "Hitachi sidecar");
        TextLimits.Listed units = new TextLimits.Listed(warnings, "values with an unknown unit");
        for (IniText.Section s : ini.sections()) {
            MetadataTree sec = root.section(s.name());
            for (IniText.Entry e : s.entries()) {
                Deadline.check();
                put(sec, e.key().strip(), e.value(), units);
            }
        }
        units.close();
        TextLimits.Listed strays = new TextLimits.Listed(warnings, "lines that are not Key=Value");
        ini.strays().forEach(s -> strays.add(new Problem(ErrorCode.MALFORMED_TEXT, "line " + s.line()
                + " is not Key=Value")));
        strays.close();
        MetadataTree main = root.getTree("SemImageFile") != null ? root.getTree("SemImageFile")
                : root.getTree("TemImageFile");
        if (main == null || main.isEmpty()) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "no [SemImageFile]/[TemImageFile] entries");
        }
        return new ReadResult(root, main, warnings);
    }

    static String decode(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
        }
        return IniText.decode(b).text();
    }

    /**
     * "15000 Volt" as {"15000", "Volt"}, else null: {@code ([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)\s+([A-Za-zµμ]+)$},
     * scanned once (the regular expression backtracked quadratically over a long digit run, issue #12).
     */
    static String[] numberAndUnit(String v) {
        int end = NumberText.end(v, 0, v.length(), NumberText.Mantissa.STRICT, NumberText.ANY);
        if (end < 0 || end >= v.length() || !NumberText.isSpace(v.charAt(end))) {
            return null;
        }
        int u = NumberText.skipSpaces(v, end);
        int i = u;
        while (i < v.length() && isUnitLetter(v.charAt(i))) {
            i++;
        }
        return i > u && NumberText.atEnd(v, i) ? new String[] {v.substring(0, end), v.substring(u, i)} : null;
    }

    private static boolean isUnitLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '\u00b5' || c == '\u03bc';
    }

    private static void put(MetadataTree t, String key, String raw, TextLimits.Listed warnings) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty() || key.isEmpty()) {
            return;
        }
        String[] numberUnit = numberAndUnit(v);
        if (numberUnit != null) {
            String unit = "Volt".equalsIgnoreCase(numberUnit[1]) ? "V" : numberUnit[1];
            if (Units.parse(unit) == null) {
                warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, key + ": unknown unit '"
                        + TextLimits.excerpt(numberUnit[1]) + "'"));
                t.add(key, Value.text(v));
            } else {
                Double d = io.emmeta.core.read.text.NumberText.inRange(numberUnit[0]);
                t.add(key, d == null ? Value.text(v) : new Value(d, unit, null));
            }
            return;
        }
        Number n = LenientNumbers.parse(v);
        if (n != null) {
            // PixelSize is nm and the stage's T (tilt) and R (rotation) axes are degrees by Hitachi's convention;
            // the X/Y/Z positions' unit is not documented, so none is claimed.
            String unit = switch (key) {
                case "PixelSize" -> "nm";
                case "StagePositionT", "StagePositionR" -> "degree";
                default -> null;
            };
            t.add(key, n instanceof Long l ? new Value(l, unit, null) : new Value(n.doubleValue(), unit, null));
        } else {
            t.add(key, Value.text(v));
        }
    }
}
