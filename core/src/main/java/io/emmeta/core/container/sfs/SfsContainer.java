package io.emmeta.core.container.sfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.emmeta.core.problem.Budget;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.source.ByteSource;

/**
 * AidAim's Single File System, the container of Bruker Esprit {@code .bcf} files, read by ranges: the header, the
 * file table, and then only the chunks of the inner files asked for. The object is a sequence of fixed-size chunks,
 * each with a 32-byte header (the next chunk of a chained table at +0x118 from the chunk's start, data at +0x138).
 * Inner files are lists of chunk numbers; zlib-compressed ones ("AACS") are a block table of deflate streams.
 * Every count, size and chain is bounded, so a hostile container ends in a typed error; the bytes held (tables,
 * inner files, inflated output) are taken from the extraction's {@link Budget}, and inflating stops at the caller's
 * maximum without ever holding more than it (a zlib bomb ends as TOO_LARGE, not as an OutOfMemoryError).
 */
public final class SfsContainer {

    public static final byte[] MAGIC = "AAMVHFSS".getBytes(StandardCharsets.ISO_8859_1);
    static final int ITEM = 0x200;
    static final int DATA = 0x138;
    static final int NEXT = 0x118;
    static final int MAX_ITEMS = 100_000;
    static final int MAX_CHUNK = 16 * 1024 * 1024;

    /** One entry of the file table. */
    public record Item(int index, String name, long size, int parent, boolean directory, int pointerTable) {
    }

    private final ByteSource source;
    private final int chunkSize;
    private final String version;
    private final List<Item> items;

    private SfsContainer(ByteSource source, int chunkSize, String version, List<Item> items) {
        this.source = source;
        this.chunkSize = chunkSize;
        this.version = version;
        this.items = items;
    }

    public static SfsContainer read(ByteSource source) throws IOException, ExtractionException {
        long size = source.size();
        if (size < 0x150) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "SFS header needs 0x150 bytes, object has " + size);
        }
        ByteBuffer h = le(source.readFully(0, 0x150));
        for (int i = 0; i < MAGIC.length; i++) {
            if (h.get(i) != MAGIC[i]) {
                throw new ExtractionException(ErrorCode.CORRUPT, "not an SFS container (no AAMVHFSS)");
            }
        }
        String version = String.format(java.util.Locale.ROOT, "%.2f", h.getFloat(0x124));
        int chunk = h.getInt(0x128);
        if (chunk < ITEM + 0x20 || chunk > MAX_CHUNK) {
            throw new ExtractionException(ErrorCode.CORRUPT, "SFS chunk size " + chunk);
        }
        long treeAddress = h.getInt(0x140) & 0xFFFFFFFFL;
        long count = h.getInt(0x144) & 0xFFFFFFFFL;
        if (count == 0 || count > MAX_ITEMS) {
            throw new ExtractionException(ErrorCode.CORRUPT, "SFS file table of " + count + " items");
        }
        Budget.current().entries(count, "SFS file table of " + count + " items");
        SfsContainer sfs = new SfsContainer(source, chunk, version, List.of());
        // file-table chunks hold whole 512-byte items only
        byte[] table = sfs.chained(treeAddress, count * ITEM, (chunk - 0x20) / ITEM * ITEM, "file table");
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ByteBuffer b = le(table).position(i * ITEM).slice().order(ByteOrder.LITTLE_ENDIAN);
            int pointerTable = b.getInt(0);
            long itemSize = b.getLong(4);
            int parent = b.getInt(0x28);
            boolean dir = b.get(0xDC) != 0;
            byte[] raw = new byte[256];
            b.get(0xE0, raw);
            int n = 0;
            while (n < raw.length && raw[n] != 0) {
                n++;
            }
            String name = new String(raw, 0, n, StandardCharsets.UTF_8);
            if (itemSize < 0 || parent < -1 || parent >= count) {
                throw new ExtractionException(ErrorCode.CORRUPT, "SFS item " + i + " ('" + name + "'): size " + itemSize
                        + ", parent " + parent);
            }
            items.add(new Item(i, name, itemSize, parent, dir, pointerTable));
        }
        return new SfsContainer(source, chunk, version, List.copyOf(items));
    }

    public String version() {
        return version;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public List<Item> items() {
        return items;
    }

    /** Each item's full path ("EDSDatabase/HeaderData"); items whose parent chain loops are left out. */
    public Map<String, Item> paths() {
        Map<String, Item> out = new LinkedHashMap<>();
        for (Item it : items) {
            StringBuilder p = new StringBuilder(it.name());
            Set<Integer> seen = new HashSet<>();
            int parent = it.parent();
            boolean loop = false;
            while (parent >= 0) {
                if (!seen.add(parent)) {
                    loop = true;
                    break;
                }
                Item up = items.get(parent);
                p.insert(0, up.name() + "/");
                parent = up.parent();
            }
            if (!loop) {
                out.put(p.toString(), it);
            }
        }
        return out;
    }

    /**
     * An inner file's content, decompressed when it is zlib-compressed, at most {@code max} bytes (TOO_LARGE beyond).
     */
    public byte[] content(Item item, int max) throws IOException, ExtractionException {
        return content(item, max, "SFS item '" + item.name() + "'");
    }

    /** The same, with {@code label} naming the item in messages ("the header"). */
    public byte[] content(Item item, int max, String label) throws IOException, ExtractionException {
        if (item.directory()) {
            throw new ExtractionException(ErrorCode.CORRUPT, "SFS item '" + item.name() + "' is a directory");
        }
        int usable = chunkSize - 0x20;
        long chunks = (item.size() + usable - 1) / usable;
        if (chunks == 0) {
            return new byte[0];
        }
        if (item.size() > (long) max * 8 + usable) {
            // compressed or not, an inner file this large is not the metadata we read
            throw new ExtractionException(ErrorCode.TOO_LARGE, "SFS item '" + item.name() + "' of " + item.size()
                    + " bytes");
        }
        byte[] table = chained(item.pointerTable(), chunks * 4, usable, "pointer table of '" + item.name() + "'");
        ByteBuffer t = le(table);
        long[] pointers = new long[(int) chunks];
        for (int i = 0; i < chunks; i++) {
            pointers[i] = (t.getInt(i * 4) & 0xFFFFFFFFL) * chunkSize + DATA;
        }
        Piece piece = new Piece(pointers, item.size(), usable);
        prefetch(pointers, usable);
        byte[] head = piece.read(0, (int) Math.min(16, item.size()));
        if (head.length >= 16 && head[0] == 'A' && head[1] == 'A' && head[2] == 'C' && head[3] == 'S') {
            return inflate(piece, le(head).getInt(12), max, item.name(), label);
        }
        if (item.size() > max) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "SFS item '" + item.name() + "' of " + item.size()
                    + " bytes exceeds " + max);
        }
        Budget.current().bytes(item.size(), label + " (" + item.size() + " bytes)");
        return piece.read(0, (int) item.size());
    }

    /**
     * Asks for the whole span of an inner file's chunks in one read when they lie together (Esprit writes them in
     * order), so the range cache holds them after one GET instead of growing its read-ahead chunk by chunk past the
     * file's end into the spectrum cube.
     */
    private void prefetch(long[] pointers, int usable) throws IOException {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long p : pointers) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        long span = Math.min(max + usable, source.size()) - min;
        if (span > 0 && span <= 16L * 1024 * 1024 && span <= 2L * pointers.length * chunkSize) {
            source.readFully(min, (int) span);
        }
    }

    /** The zlib block table from offset 0x80: per block 16 bytes (compressed size first), then the deflate stream. */
    private byte[] inflate(Piece piece, int blocks, int max, String name, String label) throws IOException,
            ExtractionException {
        if (blocks < 0 || blocks > 1_000_000) {
            throw new ExtractionException(ErrorCode.CORRUPT, "SFS item '" + name + "': " + blocks + " compressed blocks");
        }
        Inflated out = new Inflated(max, label, Budget.current());
        long offset = 0x80;
        byte[] buf = new byte[64 * 1024];
        for (int i = 0; i < blocks; i++) {
            Deadline.check();
            int compressed = le(piece.read(offset, 16)).getInt(0);
            offset += 16;
            if (compressed <= 0 || offset + compressed > piece.size) {
                throw new ExtractionException(ErrorCode.CORRUPT, "SFS item '" + name + "': block " + i + " of "
                        + compressed + " bytes at " + offset + " outside the item");
            }
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(piece.read(offset, compressed));
                while (!inflater.finished() && !inflater.needsInput()) {
                    int n = inflater.inflate(buf);
                    if (n == 0 && inflater.needsDictionary()) {
                        throw new ExtractionException(ErrorCode.CORRUPT, "SFS item '" + name + "': preset dictionary");
                    }
                    out.write(buf, n);
                }
            } catch (DataFormatException e) {
                throw new ExtractionException(ErrorCode.CORRUPT, "SFS item '" + name + "': block " + i + ": "
                        + e.getMessage(), e);
            } finally {
                inflater.end();
            }
            offset += compressed;
        }
        return out.bytes();
    }

    /**
     * Inflated bytes, never more than {@code max}: the buffer grows by doubling only up to that cap (a
     * ByteArrayOutputStream would double past it and copy again), each growth taken from the budget.
     */
    private static final class Inflated {
        private final int max;
        private final String label;
        private final Budget budget;
        private byte[] data = new byte[0];
        private int size;

        Inflated(int max, String label, Budget budget) {
            this.max = max;
            this.label = label;
            this.budget = budget;
        }

        void write(byte[] b, int n) throws ExtractionException {
            if (n > max - size) {
                throw new ExtractionException(ErrorCode.TOO_LARGE, label + " inflates past " + Budget.mb(max)
                        + "; not read");
            }
            if (size + n > data.length) {
                int capacity = (int) Math.min(max, Math.max(size + n, Math.max(64 * 1024, 2L * data.length)));
                budget.bytes(capacity - data.length, label + " inflated to " + (size + n) + " bytes");
                data = java.util.Arrays.copyOf(data, capacity);
            }
            System.arraycopy(b, 0, data, size, n);
            size += n;
        }

        byte[] bytes() {
            return size == data.length ? data : java.util.Arrays.copyOf(data, size);
        }
    }

    /** An inner file's bytes by logical offset, chunk by chunk. */
    private final class Piece {
        final long[] pointers;
        final long size;
        final int usable;

        Piece(long[] pointers, long size, int usable) {
            this.pointers = pointers;
            this.size = size;
            this.usable = usable;
        }

        byte[] read(long offset, int length) throws IOException, ExtractionException {
            if (offset < 0 || offset + length > size) {
                throw new ExtractionException(ErrorCode.CORRUPT, "SFS read of " + length + " at " + offset
                        + " past the item's " + size + " bytes");
            }
            byte[] out = new byte[length];
            int done = 0;
            while (done < length) {
                long at = offset + done;
                int chunk = (int) (at / usable);
                int within = (int) (at % usable);
                int n = Math.min(usable - within, length - done);
                long physical = pointers[chunk] + within;
                if (physical + n > source.size()) {
                    throw new ExtractionException(ErrorCode.TRUNCATED, "SFS chunk at " + physical
                            + " lies past the end of the object (" + source.size() + " bytes)");
                }
                System.arraycopy(source.readFully(physical, n), 0, out, done, n);
                done += n;
            }
            return out;
        }
    }

    /**
     * {@code bytes} bytes of a table that starts in chunk {@code first}: in that chunk's data when it fits, else
     * following the chain of next-chunk numbers, {@code perChunk} bytes from each.
     */
    private byte[] chained(long first, long bytes, int perChunk, String what) throws IOException, ExtractionException {
        int usable = perChunk;
        if (bytes > 256L * 1024 * 1024) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "SFS " + what + " of " + bytes + " bytes");
        }
        Budget.current().bytes(bytes, "SFS " + what + " of " + bytes + " bytes");
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes);
        long chunk = first;
        Set<Long> seen = new HashSet<>();
        while (out.size() < bytes) {
            Deadline.check();
            if (!seen.add(chunk)) {
                throw new ExtractionException(ErrorCode.CORRUPT, "SFS " + what + ": chunk chain loops at " + chunk);
            }
            long start = chunk * chunkSize;
            int n = (int) Math.min(usable, bytes - out.size());
            if (start + DATA + n > source.size()) {
                throw new ExtractionException(ErrorCode.TRUNCATED, "SFS " + what + ": chunk " + chunk
                        + " lies past the end of the object");
            }
            long next = le(source.readFully(start + NEXT, 4)).getInt(0) & 0xFFFFFFFFL;
            out.write(source.readFully(start + DATA, n));
            chunk = next;
        }
        return out.toByteArray();
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
