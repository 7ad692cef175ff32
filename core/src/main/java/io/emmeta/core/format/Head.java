package io.emmeta.core.format;

import java.nio.charset.StandardCharsets;

/** Reading magic numbers out of an object's first bytes, for sniffs; every method is safe on a short head. */
public final class Head {
    private Head() {
    }

    public static boolean startsWith(byte[] h, int at, int... sig) {
        if (h.length < at + sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((h[at + i] & 0xff) != (sig[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    public static long be32(byte[] h, int at) {
        return ((h[at] & 0xffL) << 24) | ((h[at + 1] & 0xffL) << 16) | ((h[at + 2] & 0xffL) << 8) | (h[at + 3] & 0xffL);
    }

    public static long le32(byte[] h, int at) {
        return ((h[at + 3] & 0xffL) << 24) | ((h[at + 2] & 0xffL) << 16) | ((h[at + 1] & 0xffL) << 8) | (h[at] & 0xffL);
    }

    /**
     * The head as text for signature checks: UTF-16 when it opens with a byte-order mark, else Latin-1 (every byte one
     * character, so offsets stay meaningful) without a UTF-8 BOM.
     */
    public static String text(byte[] h) {
        if (h.length >= 2 && (h[0] & 0xff) == 0xff && (h[1] & 0xff) == 0xfe) {
            return new String(h, 2, h.length - 2, StandardCharsets.UTF_16LE);
        }
        if (h.length >= 2 && (h[0] & 0xff) == 0xfe && (h[1] & 0xff) == 0xff) {
            return new String(h, 2, h.length - 2, StandardCharsets.UTF_16BE);
        }
        String s = new String(h, StandardCharsets.ISO_8859_1);
        return s.startsWith("\u00ef\u00bb\u00bf") ? s.substring(3) : s;
    }
}
