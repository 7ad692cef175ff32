package io.emmeta.core.model;

/**
 * Where a file's first image lies, as plain data: what a reader found while reading the metadata, handed on so the
 * preview step can fetch just the pixels it needs by ranged reads. Describes a grid of equal blocks (a TIFF's strips
 * or tiles; one block for a raw array) whose offsets and byte counts are either known values or a table in the file.
 *
 * @param width       pixels per row
 * @param height      rows
 * @param type        how one sample is stored
 * @param bigEndian   byte order of multi-byte samples
 * @param samples     samples per pixel (3 for RGB; the preview shows the first)
 * @param compression how each block is compressed
 * @param predictor   TIFF predictor: 1 none, 2 horizontal differencing (integers)
 * @param blockWidth  width of a block (the image width for strips)
 * @param blockHeight rows of a block (rows per strip, tile height)
 * @param offsets     where each block starts
 * @param byteCounts  how many bytes each block holds
 * @param minIsWhite  photometric interpretation 0: the smallest value is white
 * @param diffraction a diffraction pattern: shown on a log scale
 */
public record ImageRef(long width, long height, SampleType type, boolean bigEndian, int samples,
        Compression compression, int predictor, long blockWidth, long blockHeight, Table offsets, Table byteCounts,
        boolean minIsWhite, boolean diffraction) {

    /** How one sample is stored. */
    public enum SampleType {
        U8(1), I8(1), U16(2), I16(2), U32(4), I32(4), F32(4), F64(8);

        private final int bytes;

        SampleType(int bytes) {
            this.bytes = bytes;
        }

        public int bytes() {
            return bytes;
        }

        /** The sample at byte offset {@code at} of {@code b}, in the buffer's byte order, as a double. */
        public double read(java.nio.ByteBuffer b, int at) {
            return switch (this) {
                case U8 -> b.get(at) & 0xff;
                case I8 -> b.get(at);
                case U16 -> b.getShort(at) & 0xffff;
                case I16 -> b.getShort(at);
                case U32 -> b.getInt(at) & 0xffffffffL;
                case I32 -> b.getInt(at);
                case F32 -> b.getFloat(at);
                case F64 -> b.getDouble(at);
            };
        }

        /** From a TIFF's bits per sample and sample format (1 unsigned, 2 signed, 3 float); null when not one of ours. */
        public static SampleType of(int bits, int format) {
            return switch (format == 3 ? "f" + bits : (format == 2 ? "i" : "u") + bits) {
                case "u8" -> U8;
                case "i8" -> I8;
                case "u16" -> U16;
                case "i16" -> I16;
                case "u32" -> U32;
                case "i32" -> I32;
                case "f32" -> F32;
                case "f64" -> F64;
                default -> null;
            };
        }
    }

    /**
     * Block compressions the preview can undo. The two Merlin ones are not compressions but the raw ({@code R64})
     * readout of a Medipix3 frame: 1, 8 or 16 bits a pixel packed in 64-bit words, and for a quad the four chips'
     * rows side by side; undoing them gives the frame as {@code U16} big-endian, like a block that was compressed.
     * {@code BITSHUFFLE_LZ4} is HDF5's bitshuffle filter (32008) in its LZ4 mode, as Dectris detectors write frames.
     * {@code NPY_DEFLATE} is a numpy {@code .npy} stream stored deflated in a ZIP (raw Deflate, no zlib framing): the
     * block is the entry's compressed bytes, and the {@code .npy} header they open with is skipped on decoding, so
     * the block decodes to the array's first samples.
     */
    public enum Compression {
        NONE, LZW, DEFLATE, PACKBITS, MERLIN_RAW, MERLIN_RAW_QUAD, BITSHUFFLE_LZ4, NPY_DEFLATE;

        /** From the TIFF compression tag; null for one we do not decode (JPEG, vendor codecs). */
        public static Compression ofTiff(int code) {
            return switch (code) {
                case 1 -> NONE;
                case 5 -> LZW;
                case 8, 32946 -> DEFLATE;
                case 32773 -> PACKBITS;
                default -> null;
            };
        }
    }

    /**
     * A list of block offsets or byte counts: either the values themselves ({@code known}), or {@code count} entries of
     * {@code entryBytes} bytes each at {@code at} in the file, in the image's byte order (a multi-GB stack's strip table
     * is too large to load with the metadata, and the preview needs only a few of its entries).
     */
    public record Table(long count, long[] known, long at, int entryBytes, Deferred deferred) {
        public Table(long count, long[] known, long at, int entryBytes) {
            this(count, known, at, entryBytes, null);
        }

        public static Table of(long... values) {
            return new Table(values.length, values.clone(), -1, 0);
        }

        /**
         * {@code count} values computed when the preview first asks: an HDF5 chunk index is read only by the preview,
         * so a document without one (preview off, or a file without an image) never pays for it.
         */
        public static Table deferred(long count, Deferred values) {
            return new Table(count, null, -1, 0, values);
        }

        /** The values themselves: given, or computed now for a deferred table; null for a table in the file. */
        public long[] values() throws java.io.IOException, io.emmeta.core.problem.ExtractionException {
            if (known != null) {
                return known;
            }
            if (deferred == null) {
                return null;
            }
            long[] v = deferred.values();
            if (v == null || v.length != count) {
                throw new io.emmeta.core.problem.ExtractionException(io.emmeta.core.problem.ErrorCode.CORRUPT,
                        "preview: a block table of " + count + " entries resolved to " + (v == null ? 0 : v.length));
            }
            return v;
        }

        public static Table at(long offset, long count, int entryBytes) {
            return new Table(count, null, offset, entryBytes);
        }
    }

    /**
     * Values a container computes only when the preview needs them (an HDF5 chunk index). May read the source and
     * fail typed; called at most once per table by the preview.
     */
    @FunctionalInterface
    public interface Deferred {
        long[] values() throws java.io.IOException, io.emmeta.core.problem.ExtractionException;
    }

    /** One uncompressed array of {@code width × height} samples at {@code offset} (MRC, SER, DM, …). */
    public static ImageRef raw(long offset, long width, long height, SampleType type, boolean bigEndian) {
        return new ImageRef(width, height, type, bigEndian, 1, Compression.NONE, 1, width, height, Table.of(offset),
                Table.of(width * height * type.bytes()), false, false);
    }

    /**
     * A raw Merlin ({@code R64}) frame of {@code packedBytes} at {@code offset}, shown as {@code width × height} (for
     * a quad the assembled 2 × 2 geometry, not the readout's rows): one block, unpacked to big-endian U16.
     */
    public static ImageRef merlinRaw(long offset, long packedBytes, long width, long height, boolean quad) {
        return new ImageRef(width, height, SampleType.U16, true, 1,
                quad ? Compression.MERLIN_RAW_QUAD : Compression.MERLIN_RAW, 1, width, height, Table.of(offset),
                Table.of(packedBytes), false, false);
    }

    /** The same image marked as a diffraction pattern (log scale). */
    public ImageRef asDiffraction() {
        return new ImageRef(width, height, type, bigEndian, samples, compression, predictor, blockWidth, blockHeight,
                offsets, byteCounts, minIsWhite, true);
    }

    public long blocksAcross() {
        return (width + blockWidth - 1) / blockWidth;
    }

    public long blocksDown() {
        return (height + blockHeight - 1) / blockHeight;
    }

    /** Bytes of one uncompressed block row. */
    public long blockRowBytes() {
        return blockWidth * samples * type.bytes();
    }
}
