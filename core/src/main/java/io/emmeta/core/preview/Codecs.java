package io.emmeta.core.preview;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/**
 * The TIFF block compressions a preview undoes: LZW (TIFF 6.0 §13), Deflate (zlib), PackBits; and the unpacking of a
 * raw Merlin frame, which takes the same place. Each decodes into an
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

    /**
     * A numpy {@code .npy} stream deflated in a ZIP (raw Deflate): its magic and header (version 1: a 16-bit length,
     * 2 and 3: 32-bit, at most {@link Sampler#NPY_HEADER} bytes in all) are inflated and dropped, then the samples
     * fill an array of the expected size; like {@link #inflate}, a short stream leaves the rest zero and the output
     * never grows past {@code expected}, whatever the stream would inflate to (a ZIP bomb).
     */
    static byte[] inflateNpy(byte[] in, int expected) throws ExtractionException {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(in);
            byte[] head = new byte[10];
            fill(inf, head, 10);
            if (head[0] != (byte) 0x93 || head[1] != 'N' || head[2] != 'U' || head[3] != 'M' || head[4] != 'P'
                    || head[5] != 'Y') {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: the deflated .npy does not open with its"
                        + " magic");
            }
            long len;
            if (head[6] == 1) {
                len = (head[8] & 0xff) | (head[9] & 0xff) << 8;
            } else if (head[6] == 2 || head[6] == 3) {
                byte[] two = new byte[2];
                fill(inf, two, 2);
                len = (head[8] & 0xffL) | (head[9] & 0xffL) << 8 | (two[0] & 0xffL) << 16 | (two[1] & 0xffL) << 24;
            } else {
                throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: .npy version " + head[6]);
            }
            if (len > Sampler.NPY_HEADER) {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: a .npy header of " + len + " bytes");
            }
            fill(inf, new byte[(int) len], (int) len);
            byte[] out = new byte[expected];
            fill(inf, out, expected);
            return out;
        } catch (DataFormatException e) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: a deflated .npy does not decode: "
                    + e.getMessage());
        } finally {
            inf.end();
        }
    }

    /** Inflates up to {@code n} bytes into {@code out}; a stream that ends earlier leaves the rest as it was. */
    private static void fill(Inflater inf, byte[] out, int n) throws DataFormatException {
        int o = 0;
        while (o < n && !inf.finished()) {
            int k = inf.inflate(out, o, n - o);
            if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                return;
            }
            o += k;
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

    /**
     * A raw Merlin ({@code R64}) frame as big-endian U16 samples, {@code width × height}. The readout writes 64-bit
     * words most significant byte first, each holding 64, 8 or 4 pixels (1-, 6- or 12-bit counters stored in 1, 8 or
     * 16 bits) from its least significant end: pixel k of a word is bits [k·b, (k+1)·b). A quad's readout row holds
     * the four chips' rows side by side, chip slots 3, 2 top left and right, then 1, 0 bottom left and right, the
     * bottom two upside down and mirrored (read row r of slot 1 or 0 is assembled row height-1-r, its pixels
     * reversed) — the layout LiberTEM's {@code mib.py} decodes and tests against its encoder. The bits a pixel takes
     * follow from the block's size; a block that fits none of them is corrupt.
     */
    static byte[] merlinRaw(byte[] packed, int width, int height, boolean quad) throws ExtractionException {
        long pixels = (long) width * height;
        long bitsTotal = (long) packed.length * 8;
        int bits = bitsTotal == pixels ? 1 : bitsTotal == pixels * 8 ? 8 : bitsTotal == pixels * 16 ? 16 : 0;
        // a quad's readout row is four chip rows of half the assembled width; each must start on a word
        int rowPixels = quad ? width * 2 : width;
        int slot = width / 2;
        if (bits == 0 || (long) rowPixels * bits % 64 != 0 || quad && ((long) slot * bits % 64 != 0
                || width % 2 != 0 || height % 2 != 0)) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: a raw Merlin frame of " + packed.length
                    + " bytes is no whole 1-, 8- or 16-bit packing of " + width + " × " + height + " pixels");
        }
        long rowBytes = (long) rowPixels * bits / 8;
        int perWord = 64 / bits;
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(packed); // big-endian: the word's first byte is its top
        byte[] out = new byte[Math.toIntExact(pixels * 2)];
        int o = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                long row;
                long at;
                if (!quad) {
                    row = y;
                    at = x;
                } else if (y < height / 2) {
                    row = y;
                    at = (x < slot ? 3L : 2L) * slot + x % slot;
                } else {
                    row = height - 1 - y;
                    at = (x < slot ? 1L : 0L) * slot + (slot - 1 - x % slot);
                }
                long word = in.getLong(Math.toIntExact(row * rowBytes + at / perWord * 8));
                int v = (int) ((word >>> (at % perWord * bits)) & mask);
                out[o++] = (byte) (v >>> 8);
                out[o++] = (byte) v;
            }
        }
        return out;
    }

    /**
     * An HDF5 chunk written by the bitshuffle filter (id 32008) in its LZ4 mode, as Dectris detectors write every
     * frame: a 12-byte header (the decoded size, u64 big-endian; the block size in bytes, u32 big-endian), then for
     * each block of {@code blockBytes} (and a last, shorter one of a multiple of 8 elements) a u32 big-endian
     * compressed size and an LZ4 block that decodes to the block's bits transposed; the last {@code elements % 8}
     * elements follow unencoded. Layout as the bitshuffle project documents it (bshuf_h5filter, bitshuffle_core);
     * decoded into an array of the expected size, every length checked against what is left.
     */
    static byte[] bitshuffleLz4(byte[] in, int expected, int elemSize) throws ExtractionException {
        if (in.length < 12) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: a bitshuffle chunk of " + in.length + " bytes");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(in); // big-endian, as bitshuffle writes its header
        long total = b.getLong(0);
        long blockBytes = b.getInt(8) & 0xffffffffL;
        if (total != expected || blockBytes == 0 || blockBytes % (8L * elemSize) != 0) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: a bitshuffle chunk declares " + total
                    + " bytes in blocks of " + blockBytes + "; the chunk holds " + expected);
        }
        byte[] out = new byte[expected];
        int elements = expected / elemSize;
        // a block larger than the chunk is one short block (bitshuffle's own reading), never a negative int
        int perBlock = (int) Math.min(blockBytes / elemSize, elements);
        byte[] tmp = new byte[(int) Math.min(blockBytes, expected)];
        int ip = 12;
        int done = 0;
        while (done + 8 <= elements) {
            int n = Math.min(perBlock, (elements - done) / 8 * 8);
            int bytes = n * elemSize;
            if (ip + 4 > in.length) {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: a bitshuffle chunk ends early");
            }
            int packed = b.getInt(ip);
            ip += 4;
            if (packed < 0 || packed > in.length - ip) {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: a bitshuffle block declares " + packed
                        + " bytes; " + (in.length - ip) + " are left");
            }
            if (lz4(in, ip, packed, tmp, bytes) != bytes) {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: an LZ4 block decodes short");
            }
            ip += packed;
            unshuffleBits(tmp, n, elemSize, out, done * elemSize);
            done += n;
        }
        int rest = (elements - done) * elemSize;
        if (rest > in.length - ip) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: a bitshuffle chunk ends early");
        }
        System.arraycopy(in, ip, out, done * elemSize, rest);
        return out;
    }

    /**
     * Undoes bitshuffle's transposition of {@code n} elements (n a multiple of 8): bit {@code k} of byte {@code j} of
     * every element lies in row {@code j * 8 + k} of {@code n / 8} bytes, element {@code i} at bit {@code i % 8} of
     * the row's byte {@code i / 8}.
     */
    private static void unshuffleBits(byte[] in, int n, int elemSize, byte[] out, int at) {
        int rowBytes = n / 8;
        for (int j = 0; j < elemSize; j++) {
            for (int k = 0; k < 8; k++) {
                int row = (j * 8 + k) * rowBytes;
                for (int r = 0; r < rowBytes; r++) {
                    int bits = in[row + r] & 0xff;
                    if (bits == 0) {
                        continue;
                    }
                    int base = at + r * 8 * elemSize + j;
                    for (int i = 0; i < 8; i++) {
                        if ((bits >>> i & 1) != 0) {
                            out[base + i * elemSize] |= (byte) (1 << k);
                        }
                    }
                }
            }
        }
    }

    /**
     * One LZ4 block (the LZ4 block format: sequences of a token, literals, a 2-byte little-endian offset and a match)
     * from {@code in[from, from + length)} into {@code out[0, limit)}; returns the bytes written. A sequence reaching
     * before the start of the output or past {@code limit} is corrupt.
     */
    static int lz4(byte[] in, int from, int length, byte[] out, int limit) throws ExtractionException {
        int ip = from;
        int end = from + length;
        int op = 0;
        while (ip < end) {
            int token = in[ip++] & 0xff;
            int lit = token >>> 4;
            if (lit == 15) {
                int x;
                do {
                    if (ip >= end) {
                        throw lz4Corrupt();
                    }
                    x = in[ip++] & 0xff;
                    lit += x;
                } while (x == 255 && lit < limit);
            }
            if (lit > end - ip || lit > limit - op) {
                throw lz4Corrupt();
            }
            System.arraycopy(in, ip, out, op, lit);
            ip += lit;
            op += lit;
            if (ip >= end) {
                break; // the last sequence holds literals only
            }
            if (ip + 2 > end) {
                throw lz4Corrupt();
            }
            int offset = (in[ip] & 0xff) | (in[ip + 1] & 0xff) << 8;
            ip += 2;
            int match = token & 15;
            if (match == 15) {
                int x;
                do {
                    if (ip >= end) {
                        throw lz4Corrupt();
                    }
                    x = in[ip++] & 0xff;
                    match += x;
                } while (x == 255 && match < limit);
            }
            match += 4;
            if (offset == 0 || offset > op || match > limit - op) {
                throw lz4Corrupt();
            }
            for (int m = op - offset, e = op + match; op < e;) {
                out[op++] = out[m++]; // byte by byte: a match may overlap what it writes
            }
        }
        return op;
    }

    private static ExtractionException lz4Corrupt() {
        return new ExtractionException(ErrorCode.CORRUPT, "preview: an LZ4 block does not decode");
    }
}
