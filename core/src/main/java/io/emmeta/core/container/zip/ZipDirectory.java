package io.emmeta.core.container.zip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.source.ByteSource;

/**
 * The central directory of a ZIP archive, read from the end of the object by ranges (end record, its ZIP64 twin when
 * a field overflowed, then the directory itself), and one entry's bytes read and inflated within a limit. Nothing
 * else of the archive is touched: the arrays of an archive of arrays (Nion's {@code .ndata}, CEOS's {@code .prz}) are
 * never read.
 *
 * <p>Sizes and offsets come from the central directory (its ZIP64 extra field where a 32-bit field holds 0xffffffff),
 * never from a local header: writers that stream (numpy's {@code savez}) leave the local sizes as ZIP64 placeholders.
 */
public final class ZipDirectory {

    /** One central-directory entry. */
    public record Entry(String name, int method, long compressedSize, long size, long localHeaderOffset) {
    }

    static final int EOCD = 0x06054b50;
    static final int ZIP64_LOCATOR = 0x07064b50;
    static final int ZIP64_EOCD = 0x06064b50;
    static final int CENTRAL = 0x02014b50;
    static final int LOCAL = 0x04034b50;

    /** A directory larger than this is not an archive of a few arrays; refused rather than read. */
    static final int MAX_DIRECTORY_BYTES = 1 << 20;
    static final int MAX_ENTRIES = 10_000;
    /** First look at this much of the tail; the end record is 22 bytes unless an archive comment follows it. */
    private static final int FIRST_TAIL = 1024;
    private static final int MAX_TAIL = 22 + 0xffff;

    private ZipDirectory() {
    }

    /** Every entry of the archive's central directory. */
    public static List<Entry> read(ByteSource src) throws IOException, ExtractionException {
        long size = src.size();
        if (size < 22) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "ZIP of " + size + " bytes: no end record");
        }
        long eocd = findEnd(src, size, (int) Math.min(size, FIRST_TAIL));
        if (eocd < 0 && size > FIRST_TAIL) {
            eocd = findEnd(src, size, (int) Math.min(size, MAX_TAIL));
        }
        if (eocd < 0) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "ZIP end-of-central-directory record not found");
        }
        byte[] end = src.readFully(eocd, 22);
        long entries = u16(end, 10);
        long dirSize = u32(end, 12);
        long dirOffset = u32(end, 16);
        if (entries == 0xffff || dirSize == 0xffffffffL || dirOffset == 0xffffffffL) {
            // ZIP64: the locator sits just before the end record and points at the 64-bit end record
            if (eocd < 20) {
                throw new ExtractionException(ErrorCode.CORRUPT, "ZIP64 fields without a ZIP64 locator");
            }
            byte[] loc = src.readFully(eocd - 20, 20);
            if (i32(loc, 0) != ZIP64_LOCATOR) {
                throw new ExtractionException(ErrorCode.CORRUPT, "ZIP64 fields without a ZIP64 locator");
            }
            long at = u64(loc, 8);
            if (at < 0 || at + 56 > size) {
                throw new ExtractionException(ErrorCode.TRUNCATED, "ZIP64 end record at " + at + " beyond the object");
            }
            byte[] z = src.readFully(at, 56);
            if (i32(z, 0) != ZIP64_EOCD) {
                throw new ExtractionException(ErrorCode.CORRUPT, "ZIP64 end record signature missing at " + at);
            }
            entries = u64(z, 32);
            dirSize = u64(z, 40);
            dirOffset = u64(z, 48);
        }
        if (dirSize < 0 || dirSize > MAX_DIRECTORY_BYTES || entries < 0 || entries > MAX_ENTRIES) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "ZIP central directory of " + dirSize + " bytes and "
                    + entries + " entries; not read");
        }
        if (dirOffset < 0 || dirOffset + dirSize > size) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "ZIP central directory at " + dirOffset + " (+"
                    + dirSize + ") beyond the object's " + size + " bytes");
        }
        return entries(src.readFully(dirOffset, (int) dirSize), entries);
    }

    private static long findEnd(ByteSource src, long size, int tail) throws IOException {
        byte[] b = src.readFully(size - tail, tail);
        for (int i = tail - 22; i >= 0; i--) {
            if (i32(b, i) == EOCD) {
                return size - tail + i;
            }
        }
        return -1;
    }

    private static List<Entry> entries(byte[] d, long count) throws ExtractionException {
        List<Entry> out = new ArrayList<>();
        int p = 0;
        for (long n = 0; n < count; n++) {
            if (p + 46 > d.length || i32(d, p) != CENTRAL) {
                throw new ExtractionException(ErrorCode.CORRUPT, "ZIP central directory entry " + n
                        + " malformed at byte " + p + " of the directory");
            }
            int method = (int) u16(d, p + 10);
            long comp = u32(d, p + 20);
            long plain = u32(d, p + 24);
            int nameLen = (int) u16(d, p + 28);
            int extraLen = (int) u16(d, p + 30);
            int commentLen = (int) u16(d, p + 32);
            long local = u32(d, p + 42);
            int next = p + 46 + nameLen + extraLen + commentLen;
            if (next > d.length) {
                throw new ExtractionException(ErrorCode.CORRUPT, "ZIP central directory entry " + n + " overruns it");
            }
            String name = new String(d, p + 46, nameLen, StandardCharsets.UTF_8);
            // ZIP64 extra field (id 1): the 64-bit values of the fields that overflowed, in this order
            int e = p + 46 + nameLen;
            int eEnd = e + extraLen;
            while (e + 4 <= eEnd) {
                int id = (int) u16(d, e);
                int len = (int) u16(d, e + 2);
                if (id == 1 && e + 4 + len <= eEnd) {
                    int q = e + 4;
                    if (plain == 0xffffffffL && q + 8 <= e + 4 + len) {
                        plain = u64(d, q);
                        q += 8;
                    }
                    if (comp == 0xffffffffL && q + 8 <= e + 4 + len) {
                        comp = u64(d, q);
                        q += 8;
                    }
                    if (local == 0xffffffffL && q + 8 <= e + 4 + len) {
                        local = u64(d, q);
                    }
                }
                e += 4 + len;
            }
            out.add(new Entry(name, method, comp, plain, local));
            p = next;
        }
        return out;
    }

    /**
     * The entry's bytes, inflated when deflated: at most {@code limit} bytes in and out, else TOO_LARGE. Only the
     * entry's local header and compressed bytes are read.
     */
    public static byte[] content(ByteSource src, Entry entry, int limit) throws IOException, ExtractionException {
        if (entry.compressedSize() > limit || entry.size() > limit) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, entry.name() + " of " + entry.size() + " bytes (limit "
                    + limit + ")");
        }
        long data = dataOffset(src, entry);
        byte[] raw = src.readFully(data, (int) entry.compressedSize());
        return switch (entry.method()) {
            case 0 -> raw;
            case 8 -> inflate(raw, entry, limit);
            default -> throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, entry.name()
                    + ": ZIP compression method " + entry.method() + " (only stored and deflated are read)");
        };
    }

    /**
     * The first bytes of an entry (at most {@code n}): enough for a header in front of a large payload, such as an
     * {@code .npy}'s dtype and shape, without reading the payload. Stored entries are read by one range; a deflated
     * entry's first {@code n} compressed bytes are inflated as far as they go. Fewer bytes come back when the entry
     * is shorter or its first compressed bytes do not inflate to {@code n}.
     */
    public static byte[] head(ByteSource src, Entry entry, int n) throws IOException, ExtractionException {
        long data = dataOffset(src, entry);
        int take = (int) Math.min(n, entry.compressedSize());
        byte[] raw = src.readFully(data, take);
        return switch (entry.method()) {
            case 0 -> raw;
            case 8 -> inflatePrefix(raw, entry, n);
            default -> throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, entry.name()
                    + ": ZIP compression method " + entry.method() + " (only stored and deflated are read)");
        };
    }

    /** Where the entry's bytes start (after its local header's name and extra field), checked against the object. */
    public static long dataOffset(ByteSource src, Entry entry) throws IOException, ExtractionException {
        long size = src.size();
        long at = entry.localHeaderOffset();
        if (at < 0 || at + 30 > size) {
            throw new ExtractionException(ErrorCode.TRUNCATED, entry.name() + ": local header beyond the object");
        }
        byte[] h = src.readFully(at, 30);
        if (i32(h, 0) != LOCAL) {
            throw new ExtractionException(ErrorCode.CORRUPT, entry.name() + ": no local header at " + at);
        }
        long data = at + 30 + u16(h, 26) + u16(h, 28);
        if (entry.compressedSize() < 0 || data + entry.compressedSize() > size) {
            throw new ExtractionException(ErrorCode.TRUNCATED, entry.name() + ": its bytes run past the object's end");
        }
        return data;
    }

    private static byte[] inflatePrefix(byte[] raw, Entry entry, int n) throws ExtractionException {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(raw);
            byte[] out = new byte[n];
            int got = 0;
            while (got < n && !inf.finished()) {
                int k = inf.inflate(out, got, n - got);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                got += k;
            }
            return java.util.Arrays.copyOf(out, got);
        } catch (DataFormatException e) {
            throw new ExtractionException(ErrorCode.CORRUPT, entry.name() + ": deflate stream corrupt: "
                    + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    /** Raw deflate, bounded: the declared size is not trusted, the output stops at {@code limit}. */
    private static byte[] inflate(byte[] raw, Entry entry, int limit) throws ExtractionException {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(raw);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new ExtractionException(ErrorCode.TRUNCATED, entry.name() + ": deflate stream ends early");
                }
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw new ExtractionException(ErrorCode.TOO_LARGE, entry.name() + " inflates past " + limit
                            + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new ExtractionException(ErrorCode.CORRUPT, entry.name() + ": deflate stream corrupt: "
                    + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    static int i32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    static long u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    static long u32(byte[] b, int at) {
        return i32(b, at) & 0xffffffffL;
    }

    /** An unsigned 64-bit field; a value past Long.MAX_VALUE comes back negative, which every caller refuses. */
    static long u64(byte[] b, int at) {
        return u32(b, at) | u32(b, at + 4) << 32;
    }
}
