package io.emmeta.core.container.zip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/**
 * A numpy {@code .npy} header: magic {@code \x93NUMPY}, version, header length, then a Python dict literal whose
 * {@code descr}, {@code fortran_order} and {@code shape} are taken by pattern, never evaluated. The one parser for the
 * archives that keep arrays as {@code .npy} entries (Nion Swift, Panta Rhei): their readers take scalars and shapes
 * from it, the preview the first image.
 *
 * @param descr   the dtype as numpy writes it ({@code <f4}, {@code |u1}, {@code >i2}, {@code <U1260}, {@code |O})
 * @param fortran whether the array is stored column-major
 * @param shape   the dimensions (empty for a scalar)
 * @param length  bytes of magic, version, length and header: where the payload starts
 */
public record NpyHeader(String descr, boolean fortran, List<Long> shape, int length) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']{1,32})'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([0-9,\\sL]{0,200})\\)");
    /** numpy pads its header to a multiple of 64 bytes; a real one is a few hundred at most. */
    public static final int MAX_HEADER = 4096;

    /** The header at the start of {@code b} (the entry's head, or all of it); {@code what} names it in messages. */
    public static NpyHeader parse(byte[] b, String what) throws ExtractionException {
        if (b.length < 10) {
            throw new ExtractionException(ErrorCode.TRUNCATED, what + ": " + b.length + " bytes, no .npy header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw new ExtractionException(ErrorCode.CORRUPT, what + ": no .npy magic");
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
                throw new ExtractionException(ErrorCode.TRUNCATED, what + ": .npy header cut");
            }
            len = (b[8] & 0xffL) | (b[9] & 0xffL) << 8 | (b[10] & 0xffL) << 16 | (b[11] & 0xffL) << 24;
            start = 12;
        } else {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, what + ": .npy version " + major);
        }
        if (len > MAX_HEADER) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, what + ": a .npy header of " + len + " bytes");
        }
        if (start + len > b.length) {
            throw new ExtractionException(ErrorCode.TRUNCATED, what + ": the .npy header runs past the entry");
        }
        // latin-1 for v1/v2, UTF-8 for v3; the fields taken are ASCII either way
        String text = new String(b, start, (int) len, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(text);
        Matcher f = FORTRAN.matcher(text);
        Matcher s = SHAPE.matcher(text);
        if (!d.find() || !s.find()) {
            throw new ExtractionException(ErrorCode.CORRUPT, what + ": a .npy header without descr and shape");
        }
        List<Long> shape = new ArrayList<>();
        for (String dim : s.group(1).split(",")) {
            String t = dim.strip().replace("L", "");
            if (!t.isEmpty()) {
                try {
                    shape.add(Long.parseLong(t));
                } catch (NumberFormatException e) {
                    throw new ExtractionException(ErrorCode.CORRUPT, what + ": .npy shape '" + s.group(1) + "'");
                }
            }
        }
        return new NpyHeader(d.group(1), f.find() && f.group(1).equals("True"), List.copyOf(shape),
                (int) (start + len));
    }
}
