package io.emmeta.core.preview;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/**
 * The TIFF block compressions a preview undoes: LZW (TIFF 6.0 §13), Deflate (zlib), PackBits. Each decodes into an
 * array of the block's expected size and stops there, so a compression bomb costs its compressed bytes (already
 * within the budget) and never more memory than one block.
 */
final class Codecs {

    private Codecs() {
    }

    static byte[] packBits(byte[] in, int expected) {
        byte[] out = new byte[expected];
        int o = 0;
        int i = 0;
        while (i < in.length && o < expected) {
            int n = in[i++];
            if (n >= 0) {
                int len = Math.min(n + 1, Math.min(expected - o, in.length - i));
                System.arraycopy(in, i, out, o, len);
                i += n + 1;
                o += len;
            } else if (n != -128 && i < in.length) {
                int len = Math.min(1 - n, expected - o);
                java.util.Arrays.fill(out, o, o + len, in[i++]);
                o += len;
            }
        }
        return out;
    }

    static byte[] inflate(byte[] in, int expected) throws ExtractionException {
        byte[] out = new byte[expected];
        Inflater inf = new Inflater();
        try {
            inf.setInput(in);
            int o = 0;
            while (o < expected && !inf.finished()) {
                int n = inf.inflate(out, o, expected - o);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break; // a short block: the rest stays zero
                }
                o += n;
            }
            return out;
        } catch (DataFormatException e) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: a Deflate block does not decode: "
                    + e.getMessage());
        } finally {
            inf.end();
        }
    }

    /** TIFF LZW: MSB-first codes of 9 to 12 bits, Clear 256, End 257, the early code-width change of TIFF writers. */
    static byte[] lzw(byte[] in, int expected) throws ExtractionException {
        byte[] out = new byte[expected];
        // the table as (prefix code, last byte, length) so no string is ever copied but into the output
        int[] prefix = new int[4096];
        byte[] suffix = new byte[4096];
        byte[] first = new byte[4096];
        int[] length = new int[4096];
        for (int c = 0; c < 256; c++) {
            suffix[c] = (byte) c;
            first[c] = (byte) c;
            length[c] = 1;
        }
        int next = 258;
        int width = 9;
        int old = -1;
        int o = 0;
        long bitPos = 0;
        long bits = (long) in.length * 8;
        while (o < expected && bitPos + width <= bits) {
            int code = 0;
            for (int k = 0; k < width; k++, bitPos++) {
                code = (code << 1) | ((in[(int) (bitPos >>> 3)] >>> (7 - (bitPos & 7))) & 1);
            }
            if (code == 257) {
                break;
            }
            if (code == 256) {
                next = 258;
                width = 9;
                old = -1;
                continue;
            }
            int len;
            if (old == -1) {
                if (code > 255) {
                    throw new ExtractionException(ErrorCode.CORRUPT, "preview: an LZW block starts with code " + code);
                }
                out[o++] = (byte) code;
                old = code;
                continue;
            }
            if (code < next) {
                len = length[code];
                o = emit(code, prefix, suffix, length, out, o);
                if (next < 4096) {
                    prefix[next] = old;
                    suffix[next] = first[code];
                    first[next] = first[old];
                    length[next] = length[old] + 1;
                    next++;
                }
            } else if (code == next && next < 4096) {
                prefix[next] = old;
                suffix[next] = first[old];
                first[next] = first[old];
                length[next] = length[old] + 1;
                next++;
                len = length[code];
                o = emit(code, prefix, suffix, length, out, o);
            } else {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: LZW code " + code + " before it was defined");
            }
            old = code;
            width = next + 1 >= 4096 ? 12 : next + 1 >= 2048 ? 12 : next + 1 >= 1024 ? 11 : next + 1 >= 512 ? 10 : 9;
        }
        return out;
    }

    /** Writes the string of {@code code} at {@code o} (cut at the end of the output); returns the new position. */
    private static int emit(int code, int[] prefix, byte[] suffix, int[] length, byte[] out, int o) {
        int len = length[code];
        int end = o + len;
        int c = code;
        for (int p = end - 1; p >= o; p--) {
            if (p < out.length) {
                out[p] = suffix[c];
            }
            c = prefix[c];
        }
        return Math.min(end, out.length);
    }
}
