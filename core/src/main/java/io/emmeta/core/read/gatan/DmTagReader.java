package io.emmeta.core.read.gatan;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Budget;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.source.ByteSource;

/**
 * Walks a DigitalMicrograph (DM3/DM4) tag tree by ranged reads. Tag headers and small values are read; arrays are
 * skipped by their computed size (count × element size) unless small — so the image data, interleaved with the tags,
 * is never fetched. Bounded: depth, tag count, and every size checked against the object.
 */
final class DmTagReader {

    static final int MAX_DEPTH = 64;
    static final int MAX_TAGS = 200_000;
    /** Arrays up to this many bytes are read (text, small vectors); larger ones are summarised and skipped. */
    static final int SMALL_ARRAY = 4096;

    private final ByteSource src;
    private final long size;
    private final boolean dm4;
    private final ByteOrder dataOrder;
    private final List<Problem> warnings;
    private final Budget budget = Budget.current();
    private long pos;
    /** The file offset of each large array left unread, by the section that describes it. */
    private final java.util.Map<MetadataTree, Long> arrays = new java.util.IdentityHashMap<>();
    private int tags;

    DmTagReader(ByteSource src, boolean dm4, ByteOrder dataOrder, long start, List<Problem> warnings)
            throws IOException {
        this.src = src;
        this.size = src.size();
        this.dm4 = dm4;
        this.dataOrder = dataOrder;
        this.pos = start;
        this.warnings = warnings;
    }

    /**
     * Reads the root group into {@code into}. A tree cut by the end of the object keeps the tags read before the cut,
     * with a TRUNCATED warning; a cut before any tag is a TRUNCATED error.
     */
    void readRoot(MetadataTree into) throws IOException, ExtractionException {
        try {
            readGroup(into, 0);
        } catch (EOFException e) {
            if (into.isEmpty()) {
                throw new ExtractionException(ErrorCode.TRUNCATED, e.getMessage(), e);
            }
            warnings.add(new Problem(ErrorCode.TRUNCATED, e.getMessage() + "; the tags before the cut are kept"));
        }
    }

    /** Where the array the section describes starts in the file; null when it was read or never seen. */
    Long arrayOffset(MetadataTree section) {
        return arrays.get(section);
    }

    private void readGroup(MetadataTree into, int depth) throws IOException, ExtractionException {
        if (depth > MAX_DEPTH) {
            throw new ExtractionException(ErrorCode.CORRUPT, "DM tag groups nested deeper than " + MAX_DEPTH);
        }
        skip(2); // sorted, open
        long n = dm4 ? u64() : u32();
        if (n < 0 || n > MAX_TAGS) {
            throw new ExtractionException(ErrorCode.CORRUPT, "DM tag group declares " + n + " tags at " + pos);
        }
        int unnamed = 0;
        for (long i = 0; i < n; i++) {
            Deadline.check();
            if (++tags > MAX_TAGS) {
                throw new ExtractionException(ErrorCode.TOO_LARGE, "more than " + MAX_TAGS + " DM tags");
            }
            if ((tags & 1023) == 0) {
                Deadline.check();
                budget.entries(1024, "DM tag tree at " + pos);
            }
            int type = u8();
            if (type == 0) {
                break; // end of file marker in some writers
            }
            int nameLen = u16();
            String name = nameLen == 0 ? Integer.toString(unnamed++) : latin1(nameLen).replace('/', '-');
            if (dm4) {
                u64(); // entry size: we walk the entry instead, which also validates it
            }
            if (type == 20) {
                readGroup(into.section(name), depth + 1);
            } else if (type == 21) {
                readData(into, name);
            } else {
                throw new ExtractionException(ErrorCode.CORRUPT, "DM tag type " + type + " at " + (pos - 1));
            }
        }
    }

    private void readData(MetadataTree into, String name) throws IOException, ExtractionException {
        byte[] magic = read(4);
        if (magic[0] != '%' || magic[1] != '%' || magic[2] != '%' || magic[3] != '%') {
            throw new ExtractionException(ErrorCode.CORRUPT, "DM data tag '" + name + "' without %%%% at " + (pos - 4));
        }
        long n = dm4 ? u64() : u32();
        if (n < 1 || n > 1024) {
            throw new ExtractionException(ErrorCode.CORRUPT, "DM data tag '" + name + "' with " + n + " type entries");
        }
        long[] info = new long[(int) n];
        for (int i = 0; i < n; i++) {
            info[i] = dm4 ? u64() : u32();
        }
        int type = (int) info[0];
        if (type == 18) { // string: length in characters (UTF-16)
            long chars = info.length > 1 ? info[1] : 0;
            addText(into, name, utf16(checkedSize(product(chars, 2, name), name)));
        } else if (type == 15) { // struct
            StringBuilder sb = new StringBuilder();
            long fields = info.length > 2 ? info[2] : 0;
            for (int f = 0; f < fields && 4 + 2 * f < info.length; f++) {
                Object v = simple((int) info[4 + 2 * f]);
                sb.append(f == 0 ? "" : ", ").append(v);
            }
            into.add(name, Value.text("(" + sb + ")"));
        } else if (type == 20) { // array
            readArray(into, name, info);
        } else {
            Object v = simple(type);
            into.add(name, v instanceof Boolean b ? new Value(b, null, null)
                    : v instanceof Double d ? Value.number(d, null) : Value.integer(((Number) v).longValue()));
        }
    }

    private void readArray(MetadataTree into, String name, long[] info) throws IOException, ExtractionException {
        if (info.length < 3) {
            throw new ExtractionException(ErrorCode.CORRUPT, "DM array tag '" + name + "' with " + info.length
                    + " type entries (an array needs its element type and count)");
        }
        int elemType = (int) info[1];
        long count = info[info.length - 1];
        long elemSize;
        if (elemType == 15) { // array of structs: [20, 15, 0, nfields, (0, type)..., count]
            long fields = info.length > 3 ? info[3] : -1;
            if (fields < 0 || fields > (info.length - 5) / 2) { // (no 5 + 2 * fields: a huge count would overflow)
                throw new ExtractionException(ErrorCode.CORRUPT, "DM struct array '" + name + "' declares " + fields
                        + " fields in " + info.length + " type entries");
            }
            elemSize = 0;
            for (int f = 0; f < fields; f++) {
                elemSize += typeSize((int) info[5 + 2 * f]);
            }
        } else {
            elemSize = typeSize(elemType);
        }
        long bytes = checkedSize(product(count, elemSize, name), name);
        // a uint16 array is DM's text, except an image's pixels ("ImageData/Data" of a tiny 16-bit image, 128 bytes
        // for 16 × 4): those stay an array whose offset the preview reads
        if (elemType == 4 && bytes <= SMALL_ARRAY && !name.equals("Data")) {
            addText(into, name, utf16(bytes));
        } else if ((elemType == 9 || elemType == 10) && bytes <= SMALL_ARRAY) {
            addText(into, name, latin1((int) bytes));
        } else {
            MetadataTree a = into.section(name);
            a.put("count", Value.integer(count));
            a.put("bytes", new Value(bytes, "bytes", null));
            a.put("elementType", Value.integer(elemType));
            arrays.put(a, pos); // where the skipped array lies: the preview reads the image's from here
            skip(bytes);
        }
    }

    /** Empty text is no value: left out, as everywhere. */
    private static void addText(MetadataTree into, String name, String text) {
        if (!text.isEmpty()) {
            into.add(name, Value.text(text));
        }
    }

    /** count × size, or CORRUPT when the declared count cannot be a size at all (it overflows 64 bits). */
    private static long product(long count, long size, String name) throws ExtractionException {
        try {
            return Math.multiplyExact(count, size);
        } catch (ArithmeticException e) {
            throw new ExtractionException(ErrorCode.CORRUPT, "DM tag '" + name + "': " + count + " elements of " + size
                    + " bytes overflow");
        }
    }

    static final long MAX_TEXT_BYTES = 16L * 1024 * 1024;

    private long checkedSize(long bytes, String name) throws ExtractionException {
        if (bytes < 0 || pos + bytes > size) {
            throw new ExtractionException(pos + bytes > size && bytes >= 0 ? ErrorCode.TRUNCATED : ErrorCode.CORRUPT,
                    "DM tag '" + name + "' declares " + bytes + " bytes at " + pos + "; the object has " + size);
        }
        return bytes;
    }

    private static long typeSize(int t) throws ExtractionException {
        return switch (t) {
            case 2, 4 -> 2;
            case 3, 5, 6 -> 4;
            case 7, 11, 12 -> 8;
            case 8, 9, 10 -> 1;
            default -> throw new ExtractionException(ErrorCode.CORRUPT, "DM element type " + t);
        };
    }

    private Object simple(int t) throws IOException, ExtractionException {
        ByteBuffer b = ByteBuffer.wrap(read((int) typeSize(t))).order(dataOrder);
        return switch (t) {
            case 2 -> (long) b.getShort();
            case 3 -> (long) b.getInt();
            case 4 -> (long) (b.getShort() & 0xffff);
            case 5 -> b.getInt() & 0xffffffffL;
            case 6 -> (double) b.getFloat();
            case 7 -> b.getDouble();
            case 8 -> b.get() != 0;
            case 9, 10 -> (long) (b.get() & 0xff);
            default -> b.getLong();
        };
    }

    private String utf16(long bytes) throws IOException, ExtractionException {
        if (bytes > MAX_TEXT_BYTES) { // a string tag of gigabytes in a huge object: not text we keep
            throw new ExtractionException(ErrorCode.TOO_LARGE, "DM string tag of " + bytes + " bytes at " + pos);
        }
        if (bytes > SMALL_ARRAY) { // strings read whole: the declared length is the file's, the memory ours
            budget.bytes(bytes, "DM string tag of " + bytes + " bytes at " + pos);
        }
        byte[] raw = read((int) bytes);
        return new String(raw, dataOrder == ByteOrder.LITTLE_ENDIAN ? StandardCharsets.UTF_16LE
                : StandardCharsets.UTF_16BE).replace("\u0000", "").strip();
    }

    private String latin1(int n) throws IOException {
        return new String(read(n), StandardCharsets.ISO_8859_1).replace("\u0000", "").strip();
    }

    private byte[] read(int n) throws IOException {
        if (pos + n > size) {
            throw new EOFException("DM tag tree runs past the end of the object at " + pos);
        }
        byte[] b = src.readFully(pos, n);
        pos += n;
        return b;
    }

    private void skip(long n) throws EOFException {
        if (pos + n > size) {
            throw new EOFException("DM tag tree runs past the end of the object at " + pos);
        }
        pos += n;
    }

    private int u8() throws IOException {
        return read(1)[0] & 0xff;
    }

    private int u16() throws IOException {
        byte[] b = read(2);
        return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    }

    private long u32() throws IOException {
        return ByteBuffer.wrap(read(4)).order(ByteOrder.BIG_ENDIAN).getInt() & 0xffffffffL;
    }

    private long u64() throws IOException {
        return ByteBuffer.wrap(read(8)).order(ByteOrder.BIG_ENDIAN).getLong();
    }
}
