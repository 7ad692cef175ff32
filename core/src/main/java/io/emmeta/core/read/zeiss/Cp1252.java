package io.emmeta.core.read.zeiss;

import java.nio.charset.StandardCharsets;

/**
 * Windows-1252 decoding without {@code Charset.forName("windows-1252")}: a native image ships only the standard
 * charsets unless told otherwise, and SmartSEM writes its "ASCII" tag in cp1252 (0xB5 µ, 0xB0 °, 0xB2 ²).
 * Bytes 0x00–0x7F and 0xA0–0xFF are the same code points as Latin-1; only 0x80–0x9F differ.
 */
final class Cp1252 {

    /** Code points for 0x80..0x9F; U+FFFD where cp1252 leaves the byte undefined. */
    private static final char[] HIGH = {
        '\u20AC', '\uFFFD', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\uFFFD', '\u017D', '\uFFFD',
        '\uFFFD', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\uFFFD', '\u017E', '\u0178',
    };

    private Cp1252() {
    }

    static String decode(byte[] b, int off, int len) {
        if (!hasHighControlRange(b, off, len)) {
            // without bytes 0x80-0x9F cp1252 is Latin-1, which the JDK turns into a String with one copy (SmartSEM
            // text: µ is 0xB5, ° 0xB0), not a char array and its compressed copy (issue #15)
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        char[] out = new char[len];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            out[i] = v >= 0x80 && v <= 0x9F ? HIGH[v - 0x80] : (char) v;
        }
        return new String(out);
    }

    private static boolean hasHighControlRange(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            int v = b[i] & 0xff;
            if (v >= 0x80 && v <= 0x9F) {
                return true;
            }
        }
        return false;
    }

    /** True when the character survives a round trip through cp1252 (so a '?' in 34118 is not an encoding loss). */
    static boolean encodable(char c) {
        if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
            return true;
        }
        for (char h : HIGH) {
            if (h == c && h != '\uFFFD') {
                return true;
            }
        }
        return false;
    }
}
