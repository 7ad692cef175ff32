package io.emmeta.core.preview;

import java.io.IOException;

import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.source.ByteSource;

/**
 * The preview's reads, counted against its byte budget: max(8 MiB, 2 % of the object). Every read goes through here,
 * so a file whose layout would make the preview read more (an uncompressed stack without strips, a table that points
 * every block at the whole file) ends with TOO_LARGE instead of pulling gigabytes.
 */
final class PixelBudget {

    static final long FLOOR = 8L * 1024 * 1024;
    /** One read at most (the byte source's cache refuses larger ones; no real block is this large). */
    static final long MAX_READ = 16L * 1024 * 1024;

    private final ByteSource source;
    private final long size;
    private final long limit;
    private long used;
    /** Ranges fetched ahead for the rows being sampled now, by their start; dropped after each batch. */
    private final java.util.TreeMap<Long, byte[]> held = new java.util.TreeMap<>();

    /** Ranges closer than this (and than their own length) are fetched as one: a gap costs less than a round trip. */
    static final long MERGE_GAP = 64 * 1024;

    PixelBudget(ByteSource source) throws IOException {
        this.source = source;
        this.size = source.size();
        this.limit = limitFor(size);
    }

    /** The byte budget of a preview of an object of this size. */
    static long limitFor(long objectSize) {
        return Math.max(FLOOR, objectSize / 50);
    }

    long size() {
        return size;
    }

    long used() {
        return used;
    }

    long limit() {
        return limit;
    }

    /** True when {@code n} more bytes fit the budget (nothing is taken). */
    boolean fits(long n) {
        return used + n <= limit;
    }

    /**
     * Fetches the ranges the next rows need, side by side (close ones as one), and holds them until {@link #release}:
     * hundreds of row reads one after another would cost hundreds of round trips. Ranges that are not plausible
     * (outside the object, too large) are left to {@link #read}, which refuses them with the typed reason; when the
     * batch does not fit the budget, nothing is fetched ahead and the reads one by one meet the budget's refusal.
     */
    void prefetch(java.util.List<long[]> ranges) throws IOException, ExtractionException {
        Deadline.check();
        held.clear();
        java.util.List<long[]> sorted = new java.util.ArrayList<>();
        for (long[] r : ranges) {
            if (r[0] >= 0 && r[1] > r[0] && r[1] <= size && r[1] - r[0] <= MAX_READ) {
                sorted.add(r.clone());
            }
        }
        sorted.sort(java.util.Comparator.comparingLong(r -> r[0]));
        java.util.List<long[]> merged = merge(sorted, MERGE_GAP);
        if (!fits(total(merged))) {
            merged = merge(sorted, 0);
            if (!fits(total(merged))) {
                return;
            }
        }
        used += total(merged);
        java.util.List<byte[]> got = source.readOnceAll(merged);
        for (int i = 0; i < merged.size(); i++) {
            held.put(merged.get(i)[0], got.get(i));
        }
    }

    /** Drops what {@link #prefetch} held: the memory stays one batch of rows, whatever the image's size. */
    void release() {
        held.clear();
    }

    private static java.util.List<long[]> merge(java.util.List<long[]> sorted, long gap) {
        java.util.List<long[]> out = new java.util.ArrayList<>();
        for (long[] r : sorted) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            // a gap is read through only when it is no longer than the range after it: at most twice the bytes needed,
            // so a strided layout (a spectrum image's rows far apart) keeps its budget for the rows themselves
            if (last != null && r[0] <= last[1] + Math.min(gap, r[1] - r[0])
                    && Math.max(last[1], r[1]) - last[0] <= MAX_READ) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                out.add(r.clone());
            }
        }
        return out;
    }

    private static long total(java.util.List<long[]> ranges) {
        return ranges.stream().mapToLong(r -> r[1] - r[0]).sum();
    }

    byte[] read(long offset, long length, String what) throws IOException, ExtractionException {
        Deadline.check();
        java.util.Map.Entry<Long, byte[]> near = held.floorEntry(offset);
        if (near != null && length >= 0 && offset + length <= near.getKey() + near.getValue().length) {
            int from = (int) (offset - near.getKey());
            return java.util.Arrays.copyOfRange(near.getValue(), from, from + (int) length);
        }
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: " + what + " (" + length + " bytes at " + offset
                    + ") lies outside the object (" + size + " bytes)");
        }
        if (length > MAX_READ) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: " + what + " is " + length + " bytes; the"
                    + " preview reads at most " + MAX_READ + " at once");
        }
        if (!fits(length)) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: " + what + " needs " + length
                    + " more bytes; the preview's budget of " + limit + " bytes (" + used + " used) does not hold them");
        }
        used += length;
        return source.readOnce(offset, (int) length);
    }
}
