package io.emmeta.core.read.zeiss;

import java.nio.charset.StandardCharsets;

/**
 * The text of one CZ_SEM payload and what had to be cut to get it. SmartSEM writes 34118 as cp1252 with or without
 * a NUL terminator, and 34119 as UTF-16LE whose byte count is twice 34118's — so when 34118 counts its NUL, 34119's
 * last unit is that one NUL byte plus whatever byte follows the tag in the file (a pixel), i.e. a stray character
 * {@code U+xx00} after the final CRLF. Both quirks are removed here so the two copies compare line by line.
 *
 * @param text          the decoded text, clipped at the terminator
 * @param ignoredBytes  bytes after the first NUL that were not NUL themselves (garbage or a cut block), else 0
 */
record CzSemText(String text, int ignoredBytes) {

    static CzSemText cp1252(byte[] b) {
        int end = indexOfNul(b);
        return new CzSemText(Cp1252.decode(b, 0, end), nonNulAfter(b, end));
    }

    static CzSemText utf16le(byte[] b) {
        int even = b.length & ~1; // an odd last byte cannot be a UTF-16 unit
        String s = utf16leString(b, even);
        int nul = s.indexOf('\0');
        int ignored = 0;
        if (nul >= 0) {
            for (int i = nul; i < s.length(); i++) {
                if (s.charAt(i) != 0) {
                    ignored += 2;
                }
            }
            s = s.substring(0, nul);
        }
        // The one-byte-NUL artefact: "...\r\n" followed by a single unit whose low (first) byte is 0x00.
        int n = s.length();
        if (n >= 3 && s.charAt(n - 3) == '\r' && s.charAt(n - 2) == '\n' && (s.charAt(n - 1) & 0xff) == 0) {
            s = s.substring(0, n - 1);
        }
        return new CzSemText(s, ignored);
    }

    /**
     * {@code new String(b, 0, even, UTF_16LE)}. That constructor goes through a CharsetDecoder, a fifth of a SmartSEM
     * page's reading (issue #15); without surrogates (all SmartSEM text) each unit is its char, so they are copied.
     * A surrogate anywhere leaves it to the decoder, which replaces an unpaired one with U+FFFD.
     */
    private static String utf16leString(byte[] b, int even) {
        char[] out = new char[even / 2];
        for (int i = 0; i < out.length; i++) {
            char c = (char) ((b[2 * i] & 0xff) | (b[2 * i + 1] & 0xff) << 8);
            if (Character.isSurrogate(c)) {
                return new String(b, 0, even, StandardCharsets.UTF_16LE);
            }
            out[i] = c;
        }
        return new String(out);
    }

    private static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return b.length;
    }

    private static int nonNulAfter(byte[] b, int from) {
        int n = 0;
        for (int i = from; i < b.length; i++) {
            if (b[i] != 0) {
                n++;
            }
        }
        return n;
    }
}
