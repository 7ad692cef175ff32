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

    byte[] read(long offset, long length, String what) throws IOException, ExtractionException {
        Deadline.check();
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
