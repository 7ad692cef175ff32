package io.emmeta.core.read.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.emmeta.core.problem.Deadline;

/**
 * A tolerant reader for the INI dialects microscope vendors write (FEI/Thermo xT, Tescan, Hitachi): {@code [Section]}
 * headers and {@code Key=Value} lines, nothing more.
 *
 * <p>Vendor INI text is not the Windows INI of textbooks, so this parser deliberately keeps everything a strict
 * parser would reject: the same section may appear several times (xT repeats {@code [MultiGISGas1]} under each
 * {@code [MultiGISUnitN]}), keys repeat, values are empty, lines lack '=' (a truncated "DarkField"), and '#', ';'
 * and a trailing '\' are ordinary characters of free text, not comments or continuations. Keys keep their case.
 * Parsing never fails: what does not fit the grammar is returned as a {@link Stray} line for the caller to report.
 */
public final class IniText {

    /** One {@code Key=Value} line; {@code value} is stripped and may be empty. */
    public record Entry(String key, String value, int line) {
    }

    /** One occurrence of a section header and the entries under it, in file order. */
    public record Section(String name, int line, List<Entry> entries) {
    }

    /** A non-blank line that is neither a header nor a {@code Key=Value} line. */
    public record Stray(String section, int line, String text) {
    }

    /** A line longer than {@link TextLimits#MAX_LINE_CHARS}: only its beginning was parsed. */
    public record Cut(int line, int length) {
    }

    /**
     * Text decoded from bytes, with the charset that worked, the number of control characters in it, and the number
     * of non-NUL bytes found after the terminating NUL (ignored, but worth reporting: padding is all NULs).
     */
    public record Decoded(String text, Charset charset, int controlChars, int bytesAfterNul) {
    }

    private final List<Entry> preamble;
    private final List<Section> sections;
    private final List<Stray> strays;
    private final List<Cut> cuts;

    private IniText(List<Entry> preamble, List<Section> sections, List<Stray> strays, List<Cut> cuts) {
        this.preamble = preamble;
        this.sections = sections;
        this.strays = strays;
        this.cuts = cuts;
    }

    /** Entries before the first section header (none in FEI files; some vendors write them). */
    public List<Entry> preamble() {
        return preamble;
    }

    public List<Section> sections() {
        return sections;
    }

    public List<Stray> strays() {
        return strays;
    }

    /** Lines cut at {@link TextLimits#MAX_LINE_CHARS}. */
    public List<Cut> cuts() {
        return cuts;
    }

    /** One "too long" warning per cut line (listed up to {@link TextLimits#MAX_LISTED_WARNINGS}, then counted). */
    public void reportCuts(List<io.emmeta.core.problem.Problem> warnings, String where) {
        TextLimits.Listed listed = new TextLimits.Listed(warnings, "over-long lines");
        for (Cut c : cuts) {
            listed.add(TextLimits.tooLong(where + " line " + c.line(), c.length()));
        }
        listed.close();
    }

    /**
     * Bytes to text: cut at the first NUL (C writers NUL-terminate and pad), strict UTF-8 when the bytes are valid
     * UTF-8 (a BOM is dropped), otherwise Latin-1, which maps every byte so nothing is lost. Also counts control
     * characters other than tab/CR/LF, so a caller can tell text from binary garbage.
     */
    public static Decoded decode(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        int start = 0;
        if (end >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            start = 3;
        }
        String text;
        Charset cs;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
            cs = StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            text = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
            cs = StandardCharsets.ISO_8859_1;
        }
        int control = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f) {
                control++;
            }
        }
        int after = 0;
        for (int i = end; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                after++;
            }
        }
        return new Decoded(text, cs, control, after);
    }

    public static IniText parse(String text) {
        List<Entry> preamble = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        List<Stray> strays = new ArrayList<>();
        List<Cut> cuts = new ArrayList<>();
        List<Entry> current = preamble;
        String currentName = null;
        int lineNo = 0;
        int pos = 0;
        int n = text.length();
        while (pos <= n) {
            Deadline.check();
            // Lines end in CRLF, LF or a lone CR: all three occur in vendor text edited on different systems.
            int eol = pos;
            while (eol < n && text.charAt(eol) != '\n' && text.charAt(eol) != '\r') {
                eol++;
            }
            lineNo++;
            if (eol - pos > TextLimits.MAX_LINE_CHARS) {
                cuts.add(new Cut(lineNo, eol - pos));
            }
            String line = text.substring(pos, Math.min(eol, pos + TextLimits.MAX_LINE_CHARS));
            if (eol < n && text.charAt(eol) == '\r' && eol + 1 < n && text.charAt(eol + 1) == '\n') {
                eol++;
            }
            pos = eol + 1;

            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.length() >= 2 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
                currentName = t.substring(1, t.length() - 1).strip();
                current = new ArrayList<>();
                sections.add(new Section(currentName, lineNo, current));
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0 && !line.substring(0, eq).isBlank()) {
                current.add(new Entry(line.substring(0, eq).strip(), line.substring(eq + 1).strip(), lineNo));
            } else {
                strays.add(new Stray(currentName, lineNo, t));
            }
        }
        return new IniText(List.copyOf(preamble), List.copyOf(sections.stream()
                .map(s -> new Section(s.name(), s.line(), List.copyOf(s.entries()))).toList()), List.copyOf(strays),
                List.copyOf(cuts));
    }
}
