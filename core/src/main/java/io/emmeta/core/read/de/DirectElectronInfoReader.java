package io.emmeta.core.read.de;

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
 * DirectElectron acquisition {@code info.txt} (written beside DE camera MRC/DE5 files): padded
 * {@code Key = Value} lines. A unit written in the key's parentheses ("Exposure Time (seconds)", "Frame Time
 * (nanoseconds)") is attached to the value; everything else is kept as written.
 */
public final class DirectElectronInfoReader implements Reader {

    static final int MAX_BYTES = 1 << 20;
    private static final Pattern UNIT_IN_KEY = Pattern.compile("\\((seconds|milliseconds|microseconds|nanoseconds|"
            + "volts|kV|V|meters|nm|pm|degrees|radians)\\)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("seconds", "s"),
            Map.entry("milliseconds", "ms"), Map.entry("microseconds", "µs"), Map.entry("nanoseconds", "ns"),
            Map.entry("volts", "V"), Map.entry("kv", "kV"), Map.entry("v", "V"), Map.entry("meters", "m"),
            Map.entry("nm", "nm"), Map.entry("pm", "pm"), Map.entry("degrees", "degree"), Map.entry("radians", "rad"));

    public static final FormatSpec FORMAT = new FormatSpec("text/directelectron-info", "Direct Electron", Technique.TEM,
            List.of(".txt"));

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
        if (s.stripLeading().startsWith("Server Software Version") || s.contains("\nCamera Model") && s.contains("Sensor")) {
            return Optional.of(Sniff.certain(FORMAT, "text", "DirectElectron info.txt key lines"));
        }
        return Optional.empty();
    }

    /**
     * DE-Server names the pair {@code 20230925_00012_movie.mrc} + {@code 20230925_00012_info.txt}. The MRC has a table
     * of its own, but it maps only the pixel size: the info file is mapped even so.
     */
    @Override
    public List<SidecarRule> sidecarRules() {
        return List.of(new SidecarRule(FORMAT, List.of("_movie.mrc"), "_info.txt", java.util.Set.of("mrc")));
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        String text = IniText.decode(WholeText.bytes(probe, MAX_BYTES, "DE info text")).text();
        List<Problem> warnings = new ArrayList<>();
        MetadataTree t = new MetadataTree();
        TextLimits.Listed strays = new TextLimits.Listed(warnings, "lines without '='");
        int lineNo = 0;
        for (String raw : text.split("\\r?\\n|\\r")) {
            Deadline.check();
            lineNo++;
            if (raw.isBlank()) {
                continue;
            }
            String line = raw.strip();
            if (line.length() > TextLimits.MAX_LINE_CHARS) {
                warnings.add(TextLimits.tooLong("line " + lineNo, line.length()));
                line = line.substring(0, TextLimits.MAX_LINE_CHARS);
            }
            String[] kv = keyAndValue(line);
            if (kv == null) {
                strays.add(new Problem(ErrorCode.MALFORMED_TEXT, "line without '=': " + TextLimits.excerpt(line)));
                continue;
            }
            String key = kv[0].strip();
            String value = kv[1].strip();
            if (value.isEmpty()) {
                continue;
            }
            Matcher u = UNIT_IN_KEY.matcher(Deadline.watched(key));
            String unit = u.find() ? UNITS.get(u.group(1).toLowerCase(java.util.Locale.ROOT)) : null;
            Number n = LenientNumbers.parse(value);
            t.add(key.replace('/', '-'), n == null ? Value.text(value)
                    : n instanceof Long l ? new Value(l, unit, null) : new Value(n.doubleValue(), unit, null));
        }
        strays.close();
        if (t.isEmpty()) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "no Key = Value lines");
        }
        return ReadResult.of(t, warnings);
    }

    /**
     * {@code Key = Value} as {key, value} (both unstripped), else null. This was {@code ^(.+?)\s*=\s*(.*)$}, whose lazy
     * key retried the spaces before every position of a long run of spaces (quadratic, issue #12); scanned here: the
     * key ends at the first '=' after its first character, less the spaces before it, and neither part may hold a line
     * terminator other than one that ends the line.
     */
    static String[] keyAndValue(String s) {
        int eq = s.indexOf('=', 1);
        if (eq < 0) {
            return null;
        }
        int keyEnd = eq;
        while (keyEnd > 1 && NumberText.isSpace(s.charAt(keyEnd - 1))) {
            keyEnd--;
        }
        for (int i = 0; i < keyEnd; i++) {
            if (NumberText.isLineTerminator(s.charAt(i))) {
                return null;
            }
        }
        int v = NumberText.skipSpaces(s, eq + 1);
        int stop = v;
        while (stop < s.length() && !NumberText.isLineTerminator(s.charAt(stop))) {
            stop++;
        }
        if (!NumberText.atEnd(s, stop)) {
            return null;
        }
        return new String[] {s.substring(0, keyEnd), s.substring(v, stop)};
    }
}
