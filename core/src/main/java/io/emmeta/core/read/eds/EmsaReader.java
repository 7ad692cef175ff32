package io.emmeta.core.read.eds;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.text.IniText;
import io.emmeta.core.read.text.LenientNumbers;
import io.emmeta.core.read.text.NumberText;

/**
 * EMSA/MAS spectral data ({@code .msa}, ISO 22029): the {@code #KEYWORD -unit: value} header up to
 * {@code #SPECTRUM}; the unit after the dash in the keyword ({@code -kV}, {@code -s}, {@code -dg}, {@code -cm}) is
 * attached to the value. Vendor lines ({@code ##…}) are kept under {@code vendor}. The channel data is not read
 * here: where it starts is handed to the plotted preview.
 */
public final class EmsaReader implements Reader {

    static final int HEADER_LIMIT = 64 * 1024;
    private static final Map<String, String> UNITS = Map.of("kV", "kV", "s", "s", "dg", "degree", "cm", "cm",
            "eV", "eV", "nA", "nA", "mm", "mm", "mr", "mrad", "um", "µm");

    public static final FormatSpec FORMAT = new FormatSpec("emsa/msa", null, Technique.OTHER,
            List.of(".msa", ".ems", ".emsa"));

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
        if (s.stripLeading().startsWith("#FORMAT") && s.contains("EMSA")) {
            return Optional.of(Sniff.certain(FORMAT, "text", "#FORMAT EMSA header"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        int n = (int) Math.min(probe.size(), HEADER_LIMIT);
        byte[] head = probe.source().readFully(0, n);
        String text = IniText.decode(head).text();
        MetadataTree t = new MetadataTree();
        List<Problem> warnings = new ArrayList<>();
        // lines (\r\n, \n or \r) scanned in place, not split: reading stops at #SPECTRUM, while a split made a
        // string of every data line after it too, most of the time a small file took (issue #15)
        int len = text.length();
        for (int at = 0, end; at < len; at = end + (text.startsWith("\r\n", end) ? 2 : 1)) {
            Deadline.check();
            end = at;
            while (end < len && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            if (text.charAt(at) != '#') {
                continue;
            }
            String raw = text.substring(at, end);
            Line m = Line.parse(raw.strip());
            if (m == null) {
                continue;
            }
            String key = m.key().strip();
            if (key.equalsIgnoreCase("SPECTRUM")) {
                break;
            }
            String value = m.value().strip();
            if (key.isEmpty() || value.isEmpty()) {
                continue;
            }
            String unit = m.unit() == null ? null : UNITS.getOrDefault(m.unit(), m.unit());
            Number num = LenientNumbers.parse(value);
            Value v = num == null ? Value.text(value) : num instanceof Long l ? new Value(l, unit, null)
                    : new Value(num.doubleValue(), unit, null);
            (m.vendor() ? t.section("vendor") : t).add(key.replace('/', '-'), v);
        }
        if (t.get("FORMAT") == null) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "no #FORMAT line in the EMSA header");
        }
        derive(t, warnings);
        ReadResult r = ReadResult.of(t, warnings).withSpectrum(spectrum(t, head, probe.size()));
        // EMSA is written on SEMs and TEMs alike: the beam energy tells which schema, by the rule EDAX .spc and Bruker
        // use (above 30 kV a TEM's); a file without one gets no document (which schema would be a guess)
        Value kv = t.get("BEAMKV");
        if (kv == null || !kv.isNumber() || kv.asDouble() <= 0 || (kv.unit() != null && !"kV".equals(kv.unit()))) {
            return r;
        }
        return r.withVariant(kv.asDouble() > 30 ? "TEM" : "SEM");
    }

    /** EMSA's DATE (DD-MMM-YYYY, month in English letters, any case) and TIME (HH:MM, seconds optional). */
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-uuuu").toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendPattern("H:mm")
            .optionalStart().appendPattern(":ss").optionalEnd().toFormatter(Locale.ROOT);

    /**
     * The collection date and time as one local date-time (derived/collected); the standard says neither the time
     * zone nor whether it is the start or the end, so it is the EDS computer's local time. A date that does not
     * parse is a warning and stays as text.
     */
    private static void derive(MetadataTree t, List<Problem> warnings) {
        String date = t.text("DATE");
        if (date == null) {
            return;
        }
        try {
            LocalDate day = LocalDate.parse(date.strip(), DATE);
            String time = t.text("TIME");
            LocalDateTime at = day.atTime(time == null ? LocalTime.MIDNIGHT : LocalTime.parse(time.strip(), TIME));
            if (time != null) {
                MetadataTree d = new MetadataTree();
                d.put("collected", Value.localDateTime(at, "EDS computer"));
                t.put("derived", d);
            }
        } catch (DateTimeException e) {
            warnings.add(new Problem(ErrorCode.MAPPING, "EMSA DATE/TIME '" + date + " " + t.text("TIME")
                    + "' is not DD-MMM-YYYY HH:MM: left out"));
        }
    }

    /**
     * Where the data lines start (the byte after the {@code #SPECTRUM} line) and how to read them, for the plotted
     * preview; null when the header holds no usable energy scale or the data does not start within the header read.
     * The counts themselves are left to the preview, which reads them within its byte budget.
     */
    static SpectrumRef spectrum(MetadataTree t, byte[] head, long size) {
        Double perChannel = number(t, "XPERCHAN");
        if (perChannel == null) {
            return null;
        }
        Double origin = number(t, "OFFSET");
        Double points = number(t, "NPOINTS");
        String type = t.text("DATATYPE") == null ? "XY" : t.text("DATATYPE").strip().toUpperCase(Locale.ROOT);
        String units = t.text("XUNITS") == null ? "" : t.text("XUNITS").toLowerCase(Locale.ROOT);
        // "Energy (EV)", "eV", "keV": the unit the scale is in; anything else is plotted without a unit
        String unit = units.contains("kev") ? "keV" : units.contains("ev") ? "eV" : null;
        int start = dataStart(head);
        if (start < 0) {
            return null;
        }
        return SpectrumRef.at(type.startsWith("Y") ? SpectrumRef.Encoding.EMSA_Y : SpectrumRef.Encoding.EMSA_XY,
                start, size - start, points == null ? -1 : points.longValue(), origin == null ? 0 : origin,
                perChannel, unit);
    }

    private static Double number(MetadataTree t, String key) {
        Value v = t.get(key);
        return v != null && v.value() instanceof Number num ? num.doubleValue() : null;
    }

    /** The byte after the line that starts with {@code #SPECTRUM}; -1 when the header read holds none. */
    private static int dataStart(byte[] head) {
        byte[] key = "#SPECTRUM".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length <= head.length; i++) {
            if (i > 0 && head[i - 1] != '\n' && head[i - 1] != '\r') {
                continue;
            }
            for (int k = 0; k < key.length; k++) {
                if (Character.toUpperCase(head[i + k]) != key[k]) {
                    continue outer;
                }
            }
            for (int j = i + key.length; j < head.length; j++) {
                if (head[j] == '\n' || head[j] == '\r') {
                    return j + 1;
                }
            }
            return -1;
        }
        return -1;
    }

    /**
     * One header line, {@code #KEYWORD -unit: value} ({@code ##} for vendor keywords). This was the regular expression
     * {@code ^#(#?)([^:]*?)\s*(?:-(\w+))?\s*:\s?(.*)$}, which on a long line of spaces without a colon took time
     * cubic in its length (1.5 KB: seconds, 16 KB: minutes; issue #12). The scanner gives the same groups in one pass:
     * the colon is the first one (nothing before it may contain one); the keyword is the shortest text before it
     * that leaves only {@code \s* -unit \s*} or only spaces; the value follows one optional space.
     */
    record Line(boolean vendor, String key, String unit, String value) {

        static Line parse(String s) {
            int n = s.length();
            if (n == 0 || s.charAt(0) != '#') {
                return null;
            }
            int from = n > 1 && s.charAt(1) == '#' ? 2 : 1;
            int colon = s.indexOf(':', from);
            if (colon < 0) {
                return null;
            }
            // the value: \s?(.*)$ — '.' stops at a line terminator, '$' allows one only at the very end
            int v = colon + 1 < n && NumberText.isSpace(s.charAt(colon + 1)) ? colon + 2 : colon + 1;
            int stop = v;
            while (stop < n && !NumberText.isLineTerminator(s.charAt(stop))) {
                stop++;
            }
            if (!NumberText.atEnd(s, stop)) {
                return null;
            }
            // the keyword and unit: ([^:]*?)\s*(?:-(\w+))?\s* over s[from, colon)
            int j = colon;
            while (j > from && NumberText.isSpace(s.charAt(j - 1))) {
                j--;
            }
            int w = j;
            while (w > from && isWord(s.charAt(w - 1))) {
                w--;
            }
            String unit = null;
            int keyEnd = j;
            if (w < j && w - 1 >= from && s.charAt(w - 1) == '-') {
                unit = s.substring(w, j);
                keyEnd = w - 1;
                while (keyEnd > from && NumberText.isSpace(s.charAt(keyEnd - 1))) {
                    keyEnd--;
                }
            }
            return new Line(from == 2, s.substring(from, keyEnd), unit, s.substring(v, stop));
        }

        /** {@code \w}: {@code [a-zA-Z_0-9]}. */
        private static boolean isWord(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
    }
}
