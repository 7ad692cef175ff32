package io.emmeta.core.read.ceos;

import java.util.List;

import io.emmeta.core.container.zip.NpyHeader;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/**
 * A numpy {@code .npy} entry's header ({@link NpyHeader}) and the scalars Panta Rhei keeps in such entries. The
 * payload offset lets a caller take a small scalar (a version number, a JSON string) or the pickle stream of an object
 * array; the arrays themselves are never read.
 *
 * @param descr  the dtype as numpy writes it ({@code <U1260}, {@code |O}, {@code <i8})
 * @param shape  the dimensions, empty for a scalar
 * @param offset where the payload starts in the entry's bytes
 */
record Npy(String descr, List<Long> shape, int offset) {

    /** The header of the entry bytes {@code b} (which may be only the entry's head). */
    static Npy parse(byte[] b, String entry) throws ExtractionException {
        NpyHeader h = NpyHeader.parse(b, entry);
        return new Npy(h.descr(), h.shape(), h.length());
    }

    /**
     * A numpy unicode scalar ({@code <Un}, shape ()): n UTF-32 little-endian code points, trailing NULs padding (numpy
     * strips them on reading).
     */
    String unicodeScalar(byte[] b, String entry) throws ExtractionException {
        if (!descr.startsWith("<U") || !shape.isEmpty()) {
            throw new ExtractionException(ErrorCode.CORRUPT, entry + ": expected a unicode scalar, found dtype "
                    + descr + " shape " + shape);
        }
        long chars;
        try {
            chars = Long.parseLong(descr.substring(2));
        } catch (NumberFormatException e) {
            throw new ExtractionException(ErrorCode.CORRUPT, entry + ": dtype " + descr);
        }
        if (chars < 0 || offset + chars * 4 > b.length) {
            throw new ExtractionException(ErrorCode.TRUNCATED, entry + ": " + chars + " characters declared, "
                    + Math.max(0, (b.length - offset) / 4) + " present");
        }
        StringBuilder out = new StringBuilder((int) chars);
        for (int i = 0; i < chars; i++) {
            int at = offset + 4 * i;
            int cp = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
            if (cp == 0) {
                break;
            }
            if (!Character.isValidCodePoint(cp) || (cp >= 0xd800 && cp <= 0xdfff)) {
                throw new ExtractionException(ErrorCode.MALFORMED_TEXT, entry + ": invalid code point 0x"
                        + Integer.toHexString(cp) + " in a unicode scalar");
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** A little-endian 64-bit integer scalar ({@code <i8}, shape ()); null for any other dtype. */
    Long int64Scalar(byte[] b) {
        if (!descr.equals("<i8") || !shape.isEmpty() || offset + 8 > b.length) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (b[offset + i] & 0xffL) << (8 * i);
        }
        return v;
    }
}
