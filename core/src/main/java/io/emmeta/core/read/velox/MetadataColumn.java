package io.emmeta.core.read.velox;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Arrays;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.jhdf.AbstractNode;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.message.DataLayoutMessage.ChunkedDataLayoutMessage;
import io.jhdf.storage.HdfBackingStorage;

/**
 * Reads one frame's JSON out of a Velox {@code Metadata} dataset: uint8, shape (rows × frames), chunked
 * (rows × 1), so frame f's JSON is column f, NUL-padded to {@code rows} bytes (60000 in every corpus file).
 *
 * <p>Velox writes the chunks uncompressed and the JSON fills only the first 5–20 kB of each 60 kB column. For
 * that common case this class finds the one chunk through the chunk B-tree itself (descending only the path to
 * that chunk, so a stack of 10 000 frames costs a few nodes, not the whole index) and reads the chunk in steps
 * until the first NUL. Any other layout (contiguous, compressed, newer chunk indexes) goes through jHDF's
 * sliced read, bounded by the same column cap.
 */
final class MetadataColumn {

    /** Largest column accepted: Velox writes 60000; a larger declared column is not Velox metadata. */
    static final int MAX_COLUMN_BYTES = 1 << 20;

    private static final int STEP = 16 * 1024;
    private static final int MAX_BTREE_DEPTH = 16;
    private static final int MAX_NODE_ENTRIES = 4096;

    private final Dataset dataset;
    private final int rows;
    private final long frames;

    private MetadataColumn(Dataset dataset, int rows, long frames) {
        this.dataset = dataset;
        this.rows = rows;
        this.frames = frames;
    }

    /** Checks shape and element type; throws CORRUPT/TOO_LARGE for anything that is not a Velox metadata column set. */
    static MetadataColumn of(Dataset ds) throws ExtractionException {
        long[] dims = ds.getDimensionsAsLong();
        if (ds.getDataType().getSize() != 1) {
            throw new ExtractionException(ErrorCode.CORRUPT,
                    ds.getPath() + ": element size " + ds.getDataType().getSize() + ", expected 1-byte text");
        }
        if (dims.length < 1 || dims.length > 2 || dims[0] <= 0 || (dims.length == 2 && dims[1] <= 0)) {
            throw new ExtractionException(ErrorCode.CORRUPT, ds.getPath() + ": shape " + Arrays.toString(dims));
        }
        if (dims[0] > MAX_COLUMN_BYTES) {
            throw new ExtractionException(ErrorCode.TOO_LARGE,
                    ds.getPath() + ": metadata column of " + dims[0] + " bytes exceeds " + MAX_COLUMN_BYTES);
        }
        return new MetadataColumn(ds, (int) dims[0], dims.length == 2 ? dims[1] : 1);
    }

    long frames() {
        return frames;
    }

    /** Frame {@code f}'s bytes up to the first NUL (at most one column). */
    byte[] read(long f) throws ExtractionException {
        if (f < 0 || f >= frames) {
            throw new IllegalArgumentException("frame " + f + " of " + frames);
        }
        byte[] direct = readThroughChunkIndex(f);
        if (direct != null) {
            return direct;
        }
        return trimAtNul(flatten(sliced(f)));
    }

    private Object sliced(long f) {
        if (dataset.getDimensions().length == 1) {
            return dataset.getData(new long[] {0}, new int[] {rows});
        }
        if (dataset instanceof ChunkedDataset cd && dataset.getFilters().size() > 0
                && Arrays.equals(cd.getChunkDimensions(), new int[] {rows, 1})) {
            // Compressed column chunk: decompress that one chunk (its size is bounded by rows).
            return cd.getDecompressedChunk(new int[] {0, (int) f});
        }
        return dataset.getData(new long[] {0, f}, new int[] {rows, 1});
    }

    /**
     * The uncompressed (rows × 1)-chunk case, read without jHDF building the dataset's full chunk map. Returns null
     * when the layout is not that case, so the caller falls back to jHDF.
     */
    private byte[] readThroughChunkIndex(long f) throws ExtractionException {
        if (!(dataset instanceof AbstractNode node) || !dataset.getFilters().isEmpty()
                || dataset.getDimensions().length != 2) {
            return null;
        }
        ChunkedDataLayoutMessage layout;
        try {
            if (!node.getHeader().hasMessageOfType(ChunkedDataLayoutMessage.class)) {
                return null;
            }
            layout = node.getHeader().getMessageOfType(ChunkedDataLayoutMessage.class);
        } catch (RuntimeException e) {
            // an odd header: the fallback below reads through jHDF's own sliced read instead
            io.emmeta.core.container.hdf5.Hdf5Container.rethrowIfReadEnded(e);
            return null;
        }
        int[] chunk = layout.getChunkDimensions();
        if (chunk.length < 2 || chunk[0] != rows || chunk[1] != 1) {
            return null;
        }
        HdfBackingStorage storage = dataset.getHdfFile().getHdfBackingStorage();
        long[] target = {0, f, 0};
        ChunkRef ref = find(storage, layout.getBTreeAddress(), target);
        if (ref == null) {
            // Never written: HDF5 returns the fill value (zeros), i.e. an empty column.
            return new byte[0];
        }
        if (ref.size != rows) {
            throw new ExtractionException(ErrorCode.CORRUPT, dataset.getPath() + ": chunk of frame " + f + " holds "
                    + ref.size + " bytes, expected " + rows);
        }
        return readUntilNul(storage, ref.address, rows);
    }

    private static byte[] readUntilNul(HdfBackingStorage storage, long address, int length) {
        byte[] out = new byte[0];
        int done = 0;
        while (done < length) {
            int n = Math.min(STEP, length - done);
            ByteBuffer bb = storage.readBufferFromAddress(address + done, n);
            byte[] part = new byte[n];
            bb.get(part);
            for (int i = 0; i < n; i++) {
                if (part[i] == 0) {
                    byte[] res = Arrays.copyOf(out, done + i);
                    System.arraycopy(part, 0, res, done, i);
                    return res;
                }
            }
            out = Arrays.copyOf(out, done + n);
            System.arraycopy(part, 0, out, done, n);
            done += n;
        }
        return out;
    }

    private record ChunkRef(long address, int size) {
    }

    /**
     * Descends a version-1 B-tree of chunk type 1 toward the chunk whose offset equals {@code target}. Node
     * layout (HDF5 spec III.A.1): "TREE", type, level, entries used (u16), left and right sibling addresses, then
     * key0 child0 key1 … keyN; a chunk key is size (u32), filter mask (u32), one u64 offset per dimension + 1.
     */
    private ChunkRef find(HdfBackingStorage storage, long address, long[] target) throws ExtractionException {
        int so = storage.getSizeOfOffsets();
        int keySize = 8 + 8 * target.length;
        int expectedLevel = -1;
        for (int depth = 0; depth < MAX_BTREE_DEPTH; depth++) {
            int headerSize = 8 + 2 * so;
            ByteBuffer head = storage.readBufferFromAddress(address, headerSize);
            if (head.get() != 'T' || head.get() != 'R' || head.get() != 'E' || head.get() != 'E') {
                throw corrupt("chunk index node without TREE signature");
            }
            int type = head.get() & 0xff;
            int level = head.get() & 0xff;
            int entries = head.getShort() & 0xffff;
            if (type != 1 || entries > MAX_NODE_ENTRIES || (expectedLevel >= 0 && level != expectedLevel)) {
                throw corrupt("chunk index node type " + type + " level " + level + " entries " + entries);
            }
            if (entries == 0) {
                return null;
            }
            int bodySize = (2 * entries + 1) * keySize + entries * so;
            ByteBuffer body = storage.readBufferFromAddress(address + headerSize, bodySize);
            int chosen = -1;
            int chosenSize = 0;
            for (int i = 0; i < entries; i++) {
                int base = i * (keySize + so);
                int size = body.getInt(base);
                int cmp = compareOffsets(body, base + 8, target);
                if (cmp <= 0) {
                    chosen = i;
                    chosenSize = size;
                }
                if (cmp >= 0) {
                    break;
                }
            }
            if (chosen < 0) {
                return null;
            }
            int childPos = chosen * (keySize + so) + keySize;
            long child = so == 8 ? body.getLong(childPos) : Integer.toUnsignedLong(body.getInt(childPos));
            if (level == 0) {
                int base = chosen * (keySize + so);
                return compareOffsets(body, base + 8, target) == 0 ? new ChunkRef(child, chosenSize) : null;
            }
            address = child;
            expectedLevel = level - 1;
        }
        throw corrupt("chunk index deeper than " + MAX_BTREE_DEPTH + " levels");
    }

    private static int compareOffsets(ByteBuffer body, int pos, long[] target) {
        for (int d = 0; d < target.length; d++) {
            int c = Long.compareUnsigned(body.getLong(pos + 8 * d), target[d]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private ExtractionException corrupt(String what) {
        return new ExtractionException(ErrorCode.CORRUPT, dataset.getPath() + ": " + what);
    }

    private static byte[] flatten(Object data) {
        if (data instanceof byte[] b) {
            return b;
        }
        if (data instanceof ByteBuffer bb) {
            byte[] b = new byte[bb.remaining()];
            bb.get(b);
            return b;
        }
        // jHDF hands back uint8 as byte[][], short[][] or int[][] depending on signedness: walk it generically.
        int n = totalLength(data);
        byte[] out = new byte[n];
        int[] pos = {0};
        fillBytes(data, out, pos);
        return out;
    }

    private static int totalLength(Object data) {
        if (data == null || !data.getClass().isArray()) {
            return 1;
        }
        int len = Array.getLength(data);
        if (len == 0) {
            return 0;
        }
        Object first = Array.get(data, 0);
        return first != null && first.getClass().isArray() ? len * totalLength(first) : len;
    }

    private static void fillBytes(Object data, byte[] out, int[] pos) {
        int len = Array.getLength(data);
        for (int i = 0; i < len && pos[0] < out.length; i++) {
            Object e = Array.get(data, i);
            if (e != null && e.getClass().isArray()) {
                fillBytes(e, out, pos);
            } else if (e instanceof Number num) {
                out[pos[0]++] = (byte) num.intValue();
            }
        }
    }

    private static byte[] trimAtNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return Arrays.copyOf(b, i);
            }
        }
        return b;
    }
}
