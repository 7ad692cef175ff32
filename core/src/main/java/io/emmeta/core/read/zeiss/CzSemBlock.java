package io.emmeta.core.read.zeiss;

import java.util.ArrayList;
import java.util.List;

import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.text.TextLimits;

/**
 * The line structure of one CZ_SEM text: numeric header lines, the declared entry count, then KEY / "Label = value"
 * line pairs. Nothing here interprets values; it only finds the pairs and says where the text broke the pattern.
 *
 * <p>The first key is found by scanning, not at a fixed line: every corpus file has it at line 35, but Bio-Formats'
 * hard-coded offset shows what a fixed offset costs when a writer adds or drops a header line.
 */
final class CzSemBlock {

    /**
     * SmartSEM parameter names: analogue (AP_), digital/state (DP_), system variable (SV_), i.e.
     * {@code (?:AP|DP|SV)_[A-Z0-9_]+}. Scanned by {@link #isKey}: the regex took an eighth of a warm extraction, matched
     * up to three times per line of a block (issue #15).
     */
    static boolean isKey(String line) {
        int n = line.length();
        if (n < 4 || line.charAt(2) != '_') {
            return false;
        }
        char a = line.charAt(0);
        char b = line.charAt(1);
        if (!((a == 'A' || a == 'D') && b == 'P') && !(a == 'S' && b == 'V')) {
            return false;
        }
        for (int i = 3; i < n; i++) {
            char c = line.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }
    static final int EXPECTED_HEADER_NUMBERS = 34;
    private static final int MAX_REPORTED_STRAY = 3;

    /** One parameter: the key line and the label/value split of the line after it. */
    record Entry(String key, String label, String value, int line) {
    }

    final List<String> headerLines;
    final Long declaredCount;
    final List<Entry> entries;
    final List<Problem> problems;

    private CzSemBlock(List<String> headerLines, Long declaredCount, List<Entry> entries, List<Problem> problems) {
        this.headerLines = headerLines;
        this.declaredCount = declaredCount;
        this.entries = entries;
        this.problems = problems;
    }

    /**
     * @param where names the tag/page in messages ("tag 34118, page 0")
     * @throws ExtractionException MALFORMED_TEXT when the text holds no parameter key at all
     */
    static CzSemBlock parse(String text, String where) throws ExtractionException {
        List<int[]> cuts = new ArrayList<>();
        List<String> lines = splitLines(text, cuts);
        boolean[] key = new boolean[lines.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = isKey(lines.get(i));
        }
        int first = -1;
        for (int i = 0; i < lines.size(); i++) {
            Deadline.check();
            if (key[i]) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, where + ": no AP_/DP_/SV_ parameter key in "
                    + text.length() + " characters of text");
        }
        List<Problem> problems = new ArrayList<>();
        TextLimits.Listed cutLines = new TextLimits.Listed(problems, "over-long lines");
        for (int[] c : cuts) {
            cutLines.add(TextLimits.tooLong(where + " line " + c[0], c[1]));
        }
        cutLines.close();
        List<String> header = new ArrayList<>(lines.subList(0, first));
        Long count = null;
        if (!header.isEmpty()) {
            Long c = parseCount(header.get(header.size() - 1));
            if (c != null) {
                count = c;
                header.remove(header.size() - 1);
            }
        }
        if (count == null) {
            problems.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": no entry-count line before the first key "
                    + lines.get(first)));
        }
        if (header.size() != EXPECTED_HEADER_NUMBERS) {
            problems.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": " + header.size()
                    + " header lines before the entry count, expected " + EXPECTED_HEADER_NUMBERS));
        }

        List<Entry> entries = new ArrayList<>();
        List<String> stray = new ArrayList<>();
        int strayCount = 0;
        int i = first;
        while (i < lines.size()) {
            Deadline.check();
            String line = lines.get(i);
            if (!key[i]) {
                if (!line.isBlank()) {
                    strayCount++;
                    if (stray.size() < MAX_REPORTED_STRAY) {
                        stray.add("line " + i + " '" + printable(line) + "'");
                    }
                }
                i++;
                continue;
            }
            if (i + 1 >= lines.size() || key[i + 1]) {
                problems.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": key " + line + " (line " + i
                        + ") has no value line"));
                i++;
                continue;
            }
            entries.add(split(line, lines.get(i + 1), i + 1));
            i += 2;
        }
        if (strayCount > 0) {
            problems.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": " + strayCount
                    + " line(s) outside key/value pairs skipped: " + String.join(", ", stray)
                    + (strayCount > stray.size() ? ", ..." : "")));
        }
        if (count != null && count != entries.size()) {
            problems.add(new Problem(ErrorCode.CORRUPT, where + ": entry count line says " + count + ", the block holds "
                    + entries.size() + " key/value pairs (all of them read)"));
        }
        if (!text.isEmpty() && !text.endsWith("\n")) {
            problems.add(new Problem(ErrorCode.TRUNCATED, where + ": text ends in the middle of a line ('"
                    + printable(lines.get(lines.size() - 1)) + "'); the last value may be cut"));
        }
        return new CzSemBlock(List.copyOf(header), count, List.copyOf(entries), problems);
    }

    /**
     * Splits a value line into label and value. "Label = value" in general; AP_DATE/AP_TIME write "Date :23 Dec 2015"
     * or "Date: 3 May 2023" (the space on either side of the colon). A line with neither (SmartSEM's
     * "Beam I Monitor Range Error 114.699997") keeps the whole line as the value, with the text before
     * " Range Error" as label when that marker is present.
     */
    static Entry split(String key, String line, int lineNo) {
        int eq = line.indexOf('=');
        if (eq >= 0) {
            return new Entry(key, strip(line, 0, eq), strip(line, eq + 1, line.length()), lineNo);
        }
        if (key.equals("AP_DATE") || key.equals("AP_TIME")) {
            int colon = line.indexOf(':');
            if (colon >= 0) {
                return new Entry(key, strip(line, 0, colon), strip(line, colon + 1, line.length()), lineNo);
            }
        }
        int marker = line.indexOf(" Range Error");
        if (marker > 0) {
            return new Entry(key, strip(line, 0, marker), strip(line, marker + 1, line.length()), lineNo);
        }
        return new Entry(key, null, line.strip(), lineNo);
    }

    /**
     * {@code s.substring(from, to).strip()} without the intermediate copy. Per char: no whitespace lies outside the
     * BMP, so a surrogate is never whitespace, as strip() decides by code point.
     */
    static String strip(String s, int from, int to) {
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /** A line, cut at {@link TextLimits#MAX_LINE_CHARS} (the cut noted in {@code cuts} as {line, length}). */
    private static String line(String text, int start, int end, int lineNo, List<int[]> cuts) {
        if (end - start > TextLimits.MAX_LINE_CHARS) {
            cuts.add(new int[] {lineNo, end - start});
            return text.substring(start, start + TextLimits.MAX_LINE_CHARS);
        }
        return text.substring(start, end);
    }

    private static List<String> splitLines(String text, List<int[]> cuts) {
        List<String> out = new ArrayList<>();
        int start = 0;
        // indexOf, not a charAt loop: the JDK scans for one char with vector instructions
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            // SmartSEM ends lines with CRLF: the CR left out of the one substring, not cut off a second copy
            int end = i > start && i - start <= TextLimits.MAX_LINE_CHARS && text.charAt(i - 1) == '\r' ? i - 1 : i;
            out.add(end < i ? text.substring(start, end) : stripCr(line(text, start, i, out.size(), cuts)));
            start = i + 1;
        }
        if (start < text.length()) {
            out.add(stripCr(line(text, start, text.length(), out.size(), cuts)));
        }
        return out;
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static Long parseCount(String line) {
        String s = line.strip();
        if (s.isEmpty() || s.length() > 18) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(s);
    }

    /** A line for a message: control characters escaped, cut at 60 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xA0) || c == '\uFFFD') {
                b.append(String.format("\\x%02x", (int) c & 0xff));
            } else {
                b.append(c);
            }
        }
        return s.length() > 60 ? b + "..." : b.toString();
    }
}
