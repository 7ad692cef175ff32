package io.emmeta.core.read.de;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.Detection;
import io.emmeta.core.detect.Format;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.WholeText;
import io.emmeta.core.read.text.IniText;
import io.emmeta.core.read.text.LenientNumbers;

/**
 * DirectElectron acquisition {@code info.txt} (written beside DE camera MRC/DE5 files): padded
 * {@code Key = Value} lines. A unit written in the key's parentheses ("Exposure Time (seconds)", "Frame Time
 * (nanoseconds)") is attached to the value; everything else is kept as written.
 */
public final class DirectElectronInfoReader implements Reader {

    static final int MAX_BYTES = 1 << 20;
    private static final Pattern LINE = Pattern.compile("^(.+?)\\s*=\\s*(.*)$");
    private static final Pattern UNIT_IN_KEY = Pattern.compile("\\((seconds|milliseconds|microseconds|nanoseconds|"
            + "volts|kV|V|meters|nm|pm|degrees|radians)\\)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("seconds", "s"),
            Map.entry("milliseconds", "ms"), Map.entry("microseconds", "µs"), Map.entry("nanoseconds", "ns"),
            Map.entry("volts", "V"), Map.entry("kv", "kV"), Map.entry("v", "V"), Map.entry("meters", "m"),
            Map.entry("nm", "nm"), Map.entry("pm", "pm"), Map.entry("degrees", "degree"), Map.entry("radians", "rad"));

    @Override
    public Set<Format> formats() {
        return Set.of(Format.DIRECTELECTRON_INFO);
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        String text = IniText.decode(WholeText.bytes(probe, MAX_BYTES, "DE info text")).text();
        List<Problem> warnings = new ArrayList<>();
        MetadataTree t = new MetadataTree();
        for (String raw : text.split("\\r?\\n|\\r")) {
            if (raw.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(raw.strip());
            if (!m.matches()) {
                warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, "line without '=': " + raw.strip()));
                continue;
            }
            String key = m.group(1).strip();
            String value = m.group(2).strip();
            if (value.isEmpty()) {
                continue;
            }
            Matcher u = UNIT_IN_KEY.matcher(key);
            String unit = u.find() ? UNITS.get(u.group(1).toLowerCase(java.util.Locale.ROOT)) : null;
            Number n = LenientNumbers.parse(value);
            t.add(key.replace('/', '-'), n == null ? Value.text(value)
                    : n instanceof Long l ? new Value(l, unit, null) : new Value(n.doubleValue(), unit, null));
        }
        if (t.isEmpty()) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "no Key = Value lines");
        }
        return ReadResult.of(t, warnings);
    }
}
