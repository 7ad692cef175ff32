package io.emmeta.core.read.jeol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import io.emmeta.core.read.UnitTable;
import io.emmeta.core.read.WholeText;
import io.emmeta.core.read.text.IniText;
import io.emmeta.core.read.text.LenientNumbers;

/**
 * JEOL SEM sidecar text ({@code image000.txt} beside {@code image000.tif}): lines {@code $KEY value…} and
 * {@code $$KEY value…}. Keys are kept without their dollar signs ({@code CM_ACCEL_VOLT}); a one-token numeric value
 * becomes a number with the unit JEOL's key implies ({@value #UNITS}), anything longer stays whole text. Derived
 * under {@code derived/}: stage x/y/z and tilt/rotation from {@code CM_STAGE_POS}, pixel size from the micron
 * marker over the bar length, image size from {@code CM_FULL_SIZE}.
 */
public final class JeolSemSidecarReader implements Reader {

    static final String UNITS = "emmeta/jeol/units.json";
    static final int MAX_BYTES = 1 << 20;
    private static final Pattern LINE = Pattern.compile("^(\\$+)([A-Za-z0-9_%]+)\\s?(.*)$");
    private static final Pattern MARKER = Pattern.compile("^\\s*([0-9.]+)\\s*([a-zA-Zµμ]+)\\s*$");

    private final UnitTable units;

    public JeolSemSidecarReader() {
        this.units = UnitTable.load(UNITS);
    }

    public static final FormatSpec FORMAT = new FormatSpec("text/jeol-sem", "JEOL", Technique.SEM, List.of(".txt"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TEXT) {
            return Optional.empty();
        }
        String s = Head.text(probe.head());
        String t = s.stripLeading();
        if (t.startsWith("$SEM_DATA_VERSION") || t.startsWith("$CM_") || s.contains("\n$CM_FORMAT JEOL")) {
            return Optional.of(Sniff.certain(FORMAT, "text", "JEOL $CM_/$SEM_DATA_VERSION key lines"));
        }
        return Optional.empty();
    }

    /** JEOL writes {@code image000.txt} beside {@code image000.tif} (or .bmp/.jpg). */
    @Override
    public List<SidecarRule> sidecarRules() {
        return List.of(new SidecarRule(FORMAT, List.of(".tif", ".tiff", ".bmp", ".jpg", ".jpeg"), ".txt"));
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        IniText.Decoded text = IniText.decode(WholeText.bytes(probe, MAX_BYTES, "JEOL sidecar"));
        List<Problem> warnings = new ArrayList<>();
        if (text.controlChars() > 0) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, text.controlChars() + " control characters in the text"));
        }
        MetadataTree t = new MetadataTree();
        int n = 0;
        io.emmeta.core.read.text.TextLimits.Listed strays = new io.emmeta.core.read.text.TextLimits.Listed(warnings,
                "lines without a $KEY");
        for (String raw : text.text().split("\\r?\\n|\\r")) {
            io.emmeta.core.problem.Deadline.check();
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            // linear as written ($+ and the key's class are disjoint); watched all the same
            Matcher m = LINE.matcher(io.emmeta.core.problem.Deadline.watched(line));
            if (!m.matches()) {
                strays.add(new Problem(ErrorCode.MALFORMED_TEXT, "line without a $KEY: '" + abbreviate(line) + "'"));
                continue;
            }
            String key = m.group(2);
            String value = m.group(3).strip();
            if (value.isEmpty()) {
                continue;
            }
            n++;
            Number num = value.contains(" ") ? null : LenientNumbers.parse(value);
            if (num != null) {
                t.add(key, num instanceof Long l ? new Value(l, units.unitOf(key), null)
                        : new Value(num.doubleValue(), units.unitOf(key), null));
            } else {
                t.add(key, Value.text(value));
            }
        }
        strays.close();
        if (n == 0) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "no $KEY value lines in the JEOL sidecar");
        }
        derive(t, warnings);
        return ReadResult.of(t, warnings);
    }

    private static void derive(MetadataTree t, List<Problem> warnings) {
        MetadataTree d = new MetadataTree();
        String stage = t.text("CM_STAGE_POS");
        if (stage != null) {
            String[] p = stage.strip().split("\\s+");
            String[] names = {"x", "y", "z", "tilt", "rotation"};
            String[] unit = {"mm", "mm", "mm", "degree", "degree"};
            for (int i = 0; i < Math.min(p.length, names.length); i++) {
                Number v = LenientNumbers.parse(p[i]);
                if (v != null) {
                    d.section("stage").put(names[i], new Value(v.doubleValue(), unit[i], null));
                }
            }
        }
        Value bar = t.get("SM_MICRON_BAR");
        String marker = t.text("SM_MICRON_MARKER");
        if (bar != null && bar.isNumber() && bar.asDouble() > 0 && marker != null) {
            Matcher m = MARKER.matcher(io.emmeta.core.problem.Deadline.watched(marker));
            try {
                if (m.matches()) {
                    double metres = Units.convert(Double.parseDouble(m.group(1)), m.group(2), "m");
                    d.put("pixelSize", new Value(metres / bar.asDouble(), "m", "micron marker / bar length"));
                }
            } catch (IllegalArgumentException e) {
                warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, "micron marker '" + marker + "': " + e.getMessage()));
            }
        }
        String full = t.text("CM_FULL_SIZE");
        if (full != null) {
            String[] p = full.strip().split("\\s+");
            if (p.length == 2 && LenientNumbers.parse(p[0]) instanceof Long w && LenientNumbers.parse(p[1]) instanceof Long h) {
                d.put("width", Value.integer(w));
                d.put("height", Value.integer(h));
            }
        }
        if (!d.isEmpty()) {
            t.put("derived", d);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
