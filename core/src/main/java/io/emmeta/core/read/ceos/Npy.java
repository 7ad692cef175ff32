package io.emmeta.core.read.ceos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/**
 * A numpy {@code .npy} header: magic {@code \x93NUMPY}, version, header length, then a Python dict literal with
 * {@code descr}, {@code fortran_order} and {@code shape}. Only those two fields are taken, by pattern, never
 * evaluated. The payload offset lets a caller take a small scalar (a version number, a JSON string) or the pickle
 * stream of an object array; the arrays themselves are never read.
 *
 * @param descr  the dtype as numpy writes it ({@code <U1260}, {@code |O}, {@code <i8})
 * @param shape  the dimensions, empty for a scalar
 * @param offset where the payload starts in the entry's bytes
 */
record Npy(String descr, List<Long> shape, int offset) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']{1,32})'");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([0-9,\\sL]{0,200})\\)");
    /** numpy pads headers to 64 bytes; a real one is under a few hundred. */
    static final int MAX_HEADER = 4096;

    /** The header of the entry bytes {@code b} (which may be only the entry's head). */
    static Npy parse(byte[] b, String entry) throws ExtractionException {
        if (b.length < 10) {
            throw new ExtractionException(ErrorCode.TRUNCATED, entry + ": " + b.length + " bytes, no .npy header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw new ExtractionException(ErrorCode.CORRUPT, entry + ": no .npy magic");
            }
        }
        int major = b[6] & 0xff;
        long len;
        int start;
        if (major == 1) {
            len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new ExtractionException(ErrorCode.TRUNCATED, entry + ": .npy header cut");
            }
            len = (b[8] & 0xffL) | (b[9] & 0xffL) << 8 | (b[10] & 0xffL) << 16 | (b[11] & 0xffL) << 24;
            start = 12;
        } else {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, entry + ": .npy version " + major);
        }
        if (len > MAX_HEADER) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, entry + ": .npy header of " + len + " bytes");
        }
        if (start + len > b.length) {
            throw new ExtractionException(ErrorCode.TRUNCATED, entry + ": .npy header runs past the entry");
        }
        // latin-1 for v1/v2, UTF-8 for v3; the fields taken are ASCII either way
        String header = new String(b, start, (int) len, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw new ExtractionException(ErrorCode.CORRUPT, entry + ": .npy header without descr and shape");
        }
        List<Long> shape = new ArrayList<>();
        for (String dim : s.group(1).split(",")) {
            String t = dim.strip().replace("L", "");
            if (!t.isEmpty()) {
                try {
                    shape.add(Long.parseLong(t));
                } catch (NumberFormatException e) {
                    throw new ExtractionException(ErrorCode.CORRUPT, entry + ": .npy shape '" + s.group(1) + "'");
                }
            }
        }
        return new Npy(d.group(1), List.copyOf(shape), (int) (start + len));
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
