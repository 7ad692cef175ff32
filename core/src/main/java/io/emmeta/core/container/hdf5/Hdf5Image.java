package io.emmeta.core.container.hdf5;

import java.nio.ByteOrder;
import java.util.List;

import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.ImageRef.Compression;
import io.emmeta.core.model.ImageRef.SampleType;
import io.emmeta.core.model.ImageRef.Table;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;

/**
 * Where the first 2-D image of an HDF5 array lies, as an {@link ImageRef} the preview fetches by ranged reads: never
 * the array's data itself. The caller names the row axis; the next axis is the columns, axes before the rows are taken
 * at index 0 (a stack's first frame), and axes after the columns are interleaved per pixel (a Velox
 * {@code (height, width, frames)} array) — the preview shows the first of them, as of a TIFF's samples per pixel.
 * A contiguous array is one raw block; a chunked one is a grid of chunks (tiles), uncompressed, Deflate or
 * bitshuffle-LZ4.
 */
public final class Hdf5Image {

    /** Chunks covering the first image beyond this are not listed (a hostile chunk shape of 1 × 1). */
    static final int MAX_CHUNKS = 1 << 16;
    /** One row of the image with its interleaved samples beyond this is not a preview's business. */
    static final long MAX_ROW_BYTES = 64L << 20;
    /** HDF5's filter id for Deflate (zlib). */
    private static final int DEFLATE = 1;
    /** The bitshuffle filter's registered id; its fifth parameter is the compression after the shuffle, 2 = LZ4. */
    private static final int BITSHUFFLE = 32008;

    private Hdf5Image() {
    }

    /** The first image of {@code ds}, rows along {@code rowAxis}; a dataset we cannot show throws, typed. */
    public static ImageRef first(Hdf5Container hdf5, Dataset ds, int rowAxis, String where) throws ExtractionException {
        long[] dims = hdf5.call(where, ds::getDimensionsAsLong);
        DataType dt = hdf5.call(where, ds::getDataType);
        if (dims == null || rowAxis < 0 || rowAxis + 1 >= dims.length) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + where + " is not an image array");
        }
        SampleType type = sampleType(dt);
        if (type == null) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + where + " holds "
                    + dt.getClass().getSimpleName() + " of " + dt.getSize() + " bytes, not a pixel type we show");
        }
        boolean bigEndian = ((io.jhdf.object.datatype.OrderedDataType) dt).getByteOrder() == ByteOrder.BIG_ENDIAN;
        long h = dims[rowAxis];
        long w = dims[rowAxis + 1];
        if (h < 1 || w < 1) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: " + where + " has an empty image");
        }
        if (ds instanceof ContiguousDataset c) {
            long samples = product(dims, rowAxis + 2, dims.length);
            checkRow(w, samples, type, where);
            long address = hdf5.call(where, c::getDataAddress);
            if (address < 0) {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: " + where + " has no data written");
            }
            long blockBytes = Math.multiplyExact(Math.multiplyExact(h, w), samples * type.bytes());
            return new ImageRef(w, h, type, bigEndian, (int) samples, Compression.NONE, 1, w, h, Table.of(address),
                    Table.of(blockBytes), false, false);
        }
        if (ds instanceof ChunkedDataset chunked) {
            return chunked(hdf5, chunked, dims, rowAxis, type, bigEndian, where);
        }
        throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + where
                + " is stored compactly or externally, not as a contiguous or chunked array");
    }

    private static ImageRef chunked(Hdf5Container hdf5, ChunkedDataset ds, long[] dims, int rowAxis, SampleType type,
            boolean bigEndian, String where) throws ExtractionException {
        int[] chunk = hdf5.call(where, ds::getChunkDimensions);
        List<PipelineFilterWithData> filters = hdf5.call(where, ds::getFilters);
        if (chunk == null || chunk.length < dims.length) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: " + where + " has a chunk shape of another rank");
        }
        for (int i = 0; i < dims.length; i++) {
            if (chunk[i] < 1) {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: " + where + " has an empty chunk shape");
            }
        }
        Compression compression;
        if (filters == null || filters.isEmpty()) {
            compression = Compression.NONE;
        } else if (filters.size() == 1 && filters.get(0).getId() == DEFLATE) {
            compression = Compression.DEFLATE;
        } else if (filters.size() == 1 && filters.get(0).getId() == BITSHUFFLE && isLz4(filters.get(0))) {
            // Dectris detectors' frames (bitshuffle + LZ4), as their data files hold them
            compression = Compression.BITSHUFFLE_LZ4;
        } else {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + where + " is compressed with "
                    + filters + "; the preview decodes Deflate and bitshuffle-LZ4 alone");
        }
        // the samples interleaved per pixel are those of one chunk along the trailing axes: frame 0 comes first
        long samples = product(toLong(chunk), rowAxis + 2, dims.length);
        checkRow(dims[rowAxis + 1], samples, type, where);
        long lead = product(toLong(chunk), 0, rowAxis);
        if (compression != Compression.NONE && lead != 1) {
            // a compressed chunk holding several frames decodes to more than the one image the preview may hold
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + where + "'s compressed chunks"
                    + " hold " + lead + " frames each");
        }
        long ch = chunk[rowAxis];
        long cw = chunk[rowAxis + 1];
        long down = (dims[rowAxis] + ch - 1) / ch;
        long across = (dims[rowAxis + 1] + cw - 1) / cw;
        if (down * across > MAX_CHUNKS) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: " + where + "'s first image spans "
                    + down * across + " chunks, more than " + MAX_CHUNKS);
        }
        // the chunk index is read when the preview asks for it, not with the metadata: for a chunked stack of
        // thousands of frames it is most of the bytes and requests a document would otherwise cost
        ChunkGrid grid = new ChunkGrid(hdf5, ds, dims.length, rowAxis, ch, cw, down, across, where);
        int blocks = (int) (down * across);
        return new ImageRef(dims[rowAxis + 1], dims[rowAxis], type, bigEndian, (int) samples, compression, 1, cw, ch,
                Table.deferred(blocks, () -> grid.resolve()[0]), Table.deferred(blocks, () -> grid.resolve()[1]),
                false, false);
    }

    /** The chunks of the first image, row by row: their addresses and stored sizes, looked up once when first asked. */
    private static final class ChunkGrid {
        private final Hdf5Container hdf5;
        private final ChunkedDataset ds;
        private final int rank;
        private final int rowAxis;
        private final long ch;
        private final long cw;
        private final long down;
        private final long across;
        private final String where;
        private long[][] resolved;

        ChunkGrid(Hdf5Container hdf5, ChunkedDataset ds, int rank, int rowAxis, long ch, long cw, long down,
                long across, String where) {
            this.hdf5 = hdf5;
            this.ds = ds;
            this.rank = rank;
            this.rowAxis = rowAxis;
            this.ch = ch;
            this.cw = cw;
            this.down = down;
            this.across = across;
            this.where = where;
        }

        synchronized long[][] resolve() throws ExtractionException {
            if (resolved != null) {
                return resolved;
            }
            long[] offsets = new long[(int) (down * across)];
            long[] sizes = new long[offsets.length];
            long[] at = new long[rank];
            for (int r = 0; r < down; r++) {
                for (int c = 0; c < across; c++) {
                    at[rowAxis] = r * ch;
                    at[rowAxis + 1] = c * cw;
                    long[] loc = hdf5.call(where, () -> ChunkLocations.of(ds, at));
                    if (loc == null) {
                        throw new ExtractionException(ErrorCode.CORRUPT, "preview: " + where + " has no chunk written at "
                                + java.util.Arrays.toString(at));
                    }
                    if (loc[2] != 0) {
                        throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + where
                                + " has a chunk stored with its filters skipped");
                    }
                    offsets[(int) (r * across + c)] = loc[0];
                    sizes[(int) (r * across + c)] = loc[1];
                }
            }
            resolved = new long[][] {offsets, sizes};
            return resolved;
        }
    }

    /** Bitshuffle's parameters are (version, version, element size, block size, compression): 2 is LZ4. */
    private static boolean isLz4(PipelineFilterWithData f) {
        int[] data = f.getFilterData();
        return data != null && data.length >= 5 && data[4] == 2;
    }

    private static void checkRow(long w, long samples, SampleType type, String where) throws ExtractionException {
        if (samples < 1 || samples > Integer.MAX_VALUE || w > MAX_ROW_BYTES
                || w * samples > MAX_ROW_BYTES / type.bytes()) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: one row of " + where + " holds " + w + " × "
                    + samples + " samples, more than the preview reads (" + MAX_ROW_BYTES + " bytes)");
        }
    }

    /** The product of dims[from..to), refusing one that overflows (a hostile shape). */
    private static long product(long[] dims, int from, int to) throws ExtractionException {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (dims[i] < 0 || (dims[i] != 0 && p > Long.MAX_VALUE / dims[i])) {
                throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: an array shape too large to address");
            }
            p *= dims[i];
        }
        return p;
    }

    private static long[] toLong(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }

    private static SampleType sampleType(DataType dt) {
        if (dt instanceof FixedPoint f) {
            return switch (f.getSize()) {
                case 1 -> f.isSigned() ? SampleType.I8 : SampleType.U8;
                case 2 -> f.isSigned() ? SampleType.I16 : SampleType.U16;
                case 4 -> f.isSigned() ? SampleType.I32 : SampleType.U32;
                default -> null;
            };
        }
        if (dt instanceof FloatingPoint f) {
            return switch (f.getSize()) {
                case 4 -> SampleType.F32;
                case 8 -> SampleType.F64;
                default -> null;
            };
        }
        return null;
    }
}
