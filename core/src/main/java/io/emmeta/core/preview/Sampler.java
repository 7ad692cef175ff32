package io.emmeta.core.preview;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.ImageRef.Compression;
import io.emmeta.core.model.ImageRef.Table;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/**
 * The image's samples at the preview's grid: for each output row one source row (the middle of the rows it covers),
 * averaged over the columns each output pixel covers. Only the blocks holding those rows are fetched, one block row
 * at a time; an uncompressed block gives just the row asked for. Memory is the output plus one decoded block row,
 * which is capped, whatever the image's size.
 */
final class Sampler {

    /** A decoded block row larger than this is refused (a single compressed strip of a huge image). */
    static final long MAX_BLOCK_ROW = 48L * 1024 * 1024;

    private final ImageRef ref;
    private final PixelBudget budget;
    private final TableReader offsets;
    private final TableReader counts;
    private final int sampleBytes;
    private final ByteOrder order;

    Sampler(ImageRef ref, PixelBudget budget) throws ExtractionException {
        this.ref = ref;
        this.budget = budget;
        if (ref.compression() == null) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: the image's compression is not one"
                    + " the preview decodes (none, LZW, Deflate, PackBits, bitshuffle-LZ4)");
        }
        if (ref.predictor() != 1 && !(ref.predictor() == 2 && ref.type() != ImageRef.SampleType.F32
                && ref.type() != ImageRef.SampleType.F64)) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: predictor " + ref.predictor()
                    + " is not decoded");
        }
        long blocks = ref.blocksAcross() * ref.blocksDown();
        if (ref.offsets().count() < blocks) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: the image needs " + blocks + " blocks; its"
                    + " offset table lists " + ref.offsets().count());
        }
        if (ref.compression() != Compression.NONE && (ref.byteCounts() == null || ref.byteCounts().count() < blocks)) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: a compressed image without a byte count for"
                    + " each of its " + blocks + " blocks");
        }
        long rowBytes = Math.multiplyExact(ref.blocksAcross(), Math.multiplyExact(ref.blockRowBytes(), ref.blockHeight()));
        if (ref.compression() != Compression.NONE && rowBytes > MAX_BLOCK_ROW) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: one row of compressed blocks decodes to "
                    + rowBytes + " bytes, more than the preview holds (" + MAX_BLOCK_ROW + ")");
        }
        this.offsets = new TableReader(ref.offsets(), budget, ref.bigEndian(), "offset");
        this.counts = ref.byteCounts() == null ? null
                : new TableReader(ref.byteCounts(), budget, ref.bigEndian(), "byte count");
        this.sampleBytes = ref.type().bytes();
        this.order = ref.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** The most a deflated {@code .npy}'s header may take in front of its samples (numpy writes 128 bytes or so). */
    static final int NPY_HEADER = 4096 + 12;

    /** Bytes of rows (or compressed blocks) fetched ahead at once: the memory a batch holds. */
    static final long BATCH_BYTES = 2L * 1024 * 1024;
    /** Separate ranges fetched ahead at once: the requests in flight side by side. */
    static final int BATCH_RANGES = 16;

    private long cachedBlockRow = -1;

    /** The source row an output row samples: the middle of the rows it covers. */
    private long sourceRow(int y, int oh) {
        return Math.min(ref.height() - 1, (long) ((y + 0.5) * ref.height() / oh));
    }

    /**
     * Plans output rows {@code from}… as one batch: the ranges their source rows (or, compressed, their blocks) lie
     * in, up to {@link #BATCH_BYTES} and {@link #BATCH_RANGES} separate ranges, fetched ahead side by side. Returns
     * the first row of the next batch.
     */
    private int fetchBatch(int from, int oh) throws IOException, ExtractionException {
        java.util.List<long[]> ranges = new java.util.ArrayList<>();
        long bytes = 0;
        int pieces = 0;
        long lastEnd = Long.MIN_VALUE;
        long plannedBlockRow = cachedBlockRow;
        long pixelBytes = (long) ref.samples() * sampleBytes;
        int y = from;
        for (; y < oh; y++) {
            long sy = sourceRow(y, oh);
            long br = sy / ref.blockHeight();
            int inBlock = (int) (sy - br * ref.blockHeight());
            java.util.List<long[]> row = new java.util.ArrayList<>();
            if (ref.compression() == Compression.NONE) {
                for (long bc = 0; bc < ref.blocksAcross(); bc++) {
                    long at = offsets.get(br * ref.blocksAcross() + bc) + inBlock * ref.blockRowBytes();
                    long cols = Math.min(ref.blockWidth(), ref.width() - bc * ref.blockWidth());
                    row.add(new long[] {at, at + cols * pixelBytes});
                }
            } else if (br != plannedBlockRow) {
                for (long bc = 0; bc < ref.blocksAcross(); bc++) {
                    long index = br * ref.blocksAcross() + bc;
                    long at = offsets.get(index);
                    row.add(new long[] {at, at + counts.get(index)});
                }
            }
            long add = 0;
            int newPieces = 0;
            long end = lastEnd;
            for (long[] r : row) {
                add += Math.max(0, r[1] - r[0]);
                if (r[0] > end + PixelBudget.MERGE_GAP || r[0] < end - PixelBudget.MAX_READ) {
                    newPieces++;
                }
                end = Math.max(end, r[1]);
            }
            if (y > from && (bytes + add > BATCH_BYTES || pieces + newPieces > BATCH_RANGES)) {
                break;
            }
            ranges.addAll(row);
            bytes += add;
            pieces += newPieces;
            lastEnd = end;
            plannedBlockRow = br;
        }
        budget.prefetch(ranges);
        return y;
    }

    /** The samples at an {@code ow × oh} grid, row by row, in batches fetched ahead. */
    double[] sample(int ow, int oh) throws IOException, ExtractionException {
        double[] out = new double[ow * oh];
        long w = ref.width();
        byte[][] decoded = null;
        int batchEnd = 0;
        for (int y = 0; y < oh; y++) {
            Deadline.check();
            if (y == batchEnd) {
                budget.release();
                batchEnd = fetchBatch(y, oh);
            }
            long sy = sourceRow(y, oh);
            long br = sy / ref.blockHeight();
            int inBlock = (int) (sy - br * ref.blockHeight());
            byte[] row;
            if (ref.compression() == Compression.NONE) {
                row = uncompressedRow(br, inBlock);
            } else {
                if (br != cachedBlockRow) {
                    decoded = decodeBlockRow(br);
                    cachedBlockRow = br;
                }
                row = assembleRow(decoded, inBlock);
            }
            ByteBuffer b = ByteBuffer.wrap(row).order(order);
            for (int x = 0; x < ow; x++) {
                long x0 = x * w / ow;
                long x1 = Math.max(x0 + 1, (x + 1) * w / ow);
                // a box over at most 8 columns: enough to calm noise, cheap on a 100 000-pixel row
                long step = Math.max(1, (x1 - x0) / 8);
                double sum = 0;
                int n = 0;
                for (long sx = x0; sx < x1; sx += step) {
                    double v = value(b, (int) (sx * ref.samples() * sampleBytes));
                    if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                        sum += v;
                        n++;
                    }
                }
                out[y * ow + x] = n == 0 ? Double.NaN : sum / n;
            }
        }
        budget.release();
        return out;
    }

    /** One source row of an uncompressed image, read across its blocks (one range per block). */
    private byte[] uncompressedRow(long br, int inBlock) throws IOException, ExtractionException {
        long pixelBytes = (long) ref.samples() * sampleBytes;
        byte[] row = new byte[Math.toIntExact(ref.width() * pixelBytes)];
        for (long bc = 0; bc < ref.blocksAcross(); bc++) {
            long start = offsets.get(br * ref.blocksAcross() + bc);
            long at = start + inBlock * ref.blockRowBytes();
            long cols = Math.min(ref.blockWidth(), ref.width() - bc * ref.blockWidth());
            byte[] part = budget.read(at, cols * pixelBytes, "row " + (br * ref.blockHeight() + inBlock));
            System.arraycopy(part, 0, row, (int) (bc * ref.blockWidth() * pixelBytes), part.length);
        }
        return row;
    }

    /** Every block of one block row, decoded (and un-predicted) to its full size. */
    private byte[][] decodeBlockRow(long br) throws IOException, ExtractionException {
        int across = (int) ref.blocksAcross();
        byte[][] blocks = new byte[across][];
        int expected = Math.toIntExact(ref.blockRowBytes() * ref.blockHeight());
        for (int bc = 0; bc < across; bc++) {
            long index = br * across + bc;
            long at = offsets.get(index);
            long n = counts.get(index);
            // a compressed block can hold no more than its raw size plus a little framing; more is a lie
            if (n > expected + 1024L + expected / 8 + (ref.compression() == Compression.NPY_DEFLATE ? NPY_HEADER : 0)) {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: block " + index + " declares " + n
                        + " compressed bytes for " + expected + " decoded");
            }
            byte[] packed = budget.read(at, n, "block " + index);
            byte[] raw = switch (ref.compression()) {
                case LZW -> Codecs.lzw(packed, expected);
                case DEFLATE -> Codecs.inflate(packed, expected);
                case NPY_DEFLATE -> Codecs.inflateNpy(packed, expected);
                case PACKBITS -> Codecs.packBits(packed, expected);
                case MERLIN_RAW, MERLIN_RAW_QUAD -> Codecs.merlinRaw(packed, (int) ref.width(), (int) ref.height(),
                        ref.compression() == Compression.MERLIN_RAW_QUAD);
                case BITSHUFFLE_LZ4 -> Codecs.bitshuffleLz4(packed, expected, sampleBytes);
                case NONE -> packed;
            };
            if (ref.predictor() == 2) {
                undoDifferencing(raw);
            }
            blocks[bc] = raw;
        }
        return blocks;
    }

    private byte[] assembleRow(byte[][] blocks, int inBlock) {
        long pixelBytes = (long) ref.samples() * sampleBytes;
        byte[] row = new byte[Math.toIntExact(ref.width() * pixelBytes)];
        int blockRow = (int) ref.blockRowBytes();
        for (int bc = 0; bc < blocks.length; bc++) {
            long cols = Math.min(ref.blockWidth(), ref.width() - bc * ref.blockWidth());
            System.arraycopy(blocks[bc], inBlock * blockRow, row, (int) (bc * ref.blockWidth() * pixelBytes),
                    (int) (cols * pixelBytes));
        }
        return row;
    }

    /** TIFF predictor 2: each sample stored as the difference to the same sample of the pixel before it. */
    private void undoDifferencing(byte[] raw) {
        int spp = ref.samples();
        int rowBytes = (int) ref.blockRowBytes();
        ByteBuffer b = ByteBuffer.wrap(raw).order(order);
        for (int r = 0; r + rowBytes <= raw.length; r += rowBytes) {
            for (int i = spp * sampleBytes; i < rowBytes; i += sampleBytes) {
                int at = r + i;
                int prev = at - spp * sampleBytes;
                switch (sampleBytes) {
                    case 1 -> raw[at] += raw[prev];
                    case 2 -> b.putShort(at, (short) (b.getShort(at) + b.getShort(prev)));
                    case 4 -> b.putInt(at, b.getInt(at) + b.getInt(prev));
                    default -> b.putLong(at, b.getLong(at) + b.getLong(prev));
                }
            }
        }
    }

    private double value(ByteBuffer b, int at) {
        return ref.type().read(b, at);
    }

    /**
     * Entries of a block table, fetched in windows of a few thousand as needed: the preview touches a few hundred of
     * a multi-GB stack's hundred thousand strips, and never loads the whole table.
     */
    private static final class TableReader {
        private static final int WINDOW = 2048;
        private final Table table;
        private final PixelBudget budget;
        private final ByteOrder order;
        private final String what;
        private long windowStart = -1;
        private ByteBuffer window;
        private long[] values;

        TableReader(Table table, PixelBudget budget, boolean bigEndian, String what) throws ExtractionException {
            this.table = table;
            this.budget = budget;
            this.order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            this.what = what;
            if (table.known() == null && table.deferred() == null && table.entryBytes() != 2 && table.entryBytes() != 4
                    && table.entryBytes() != 8) {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: block " + what + "s of "
                        + table.entryBytes() + " bytes each");
            }
        }

        long get(long i) throws IOException, ExtractionException {
            if (i < 0 || i >= table.count()) {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: block " + i + " has no " + what);
            }
            if (table.known() != null || table.deferred() != null) {
                if (values == null) {
                    values = table.values(); // a deferred table (an HDF5 chunk index) is computed here, once
                }
                return values[(int) i];
            }
            long start = i / WINDOW * WINDOW;
            if (start != windowStart) {
                long n = Math.min(WINDOW, table.count() - start);
                window = ByteBuffer.wrap(budget.read(table.at() + start * table.entryBytes(), n * table.entryBytes(),
                        "the block " + what + " table")).order(order);
                windowStart = start;
            }
            int at = (int) ((i - start) * table.entryBytes());
            return switch (table.entryBytes()) {
                case 2 -> window.getShort(at) & 0xffff;
                case 4 -> window.getInt(at) & 0xffffffffL;
                default -> window.getLong(at);
            };
        }
    }
}
