package io.emmeta.core.problem;

/**
 * What one extraction may take from memory, whatever the heap: bytes copied out of the file or inflated from it
 * (tag payloads, inner files, decompressed streams, strings) and structure entries kept (IFD fields, container items,
 * tags). A small file can declare a lot — a thousand overlapping directories, four thousand tags sharing one payload,
 * a zlib bomb — and each parser's own caps are per structure; the budget bounds their sum, so memory stays near
 * {@link #BYTES} per file. When a charge does not fit, the read ends (or, where the parser can keep what it has, that
 * part is dropped) with {@link ErrorCode#TOO_LARGE} and a message saying which budget and what was being read — never
 * through an {@code OutOfMemoryError}.
 *
 * <p>One budget per extraction, held by the extracting thread: {@code Extractor} opens it ({@link #open()}) around
 * each file, so no parser signature changes. Code run outside an extraction (a unit test reading a container) gets a
 * fresh budget from each {@link #current()} call, i.e. the same limits per structure. Not thread-safe: an extraction
 * runs on one thread.
 */
public final class Budget {

    /** Bytes held from one file: payloads read and bytes inflated. */
    public static final long BYTES = 64L * 1024 * 1024;
    /** Structure entries kept for one file (IFD fields, SFS items, DM tags). */
    public static final long ENTRIES = 300_000;

    private static final ThreadLocal<Budget> CURRENT = new ThreadLocal<>();

    private final long maxBytes;
    private final long maxEntries;
    private long bytes;
    private long entries;

    public Budget(long maxBytes, long maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    public static Budget standard() {
        return new Budget(BYTES, ENTRIES);
    }

    /** The current extraction's budget; outside an extraction, a fresh standard one. */
    public static Budget current() {
        Budget b = CURRENT.get();
        return b != null ? b : standard();
    }

    /** Gives the current thread a fresh standard budget until the scope closes. */
    public static Scope open() {
        return open(standard());
    }

    /** Gives the current thread this budget until the scope closes (then the previous one, if any, is back). */
    public static Scope open(Budget budget) {
        Budget previous = CURRENT.get();
        CURRENT.set(budget);
        return new Scope(previous);
    }

    /** Restores the budget that was current before {@link #open}. */
    public static final class Scope implements AutoCloseable {
        private final Budget previous;

        private Scope(Budget previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Takes {@code n} bytes, or ends the read with TOO_LARGE naming {@code what} when they do not fit. */
    public void bytes(long n, String what) throws ExtractionException {
        if (!tryBytes(n)) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, what + ": " + bytesMessage(n));
        }
    }

    /** Takes {@code n} bytes when they fit; false (nothing taken) otherwise. */
    public boolean tryBytes(long n) {
        if (n < 0 || n > maxBytes - bytes) {
            return false;
        }
        bytes += n;
        return true;
    }

    /** Takes {@code n} entries, or ends the read with TOO_LARGE naming {@code what} when they do not fit. */
    public void entries(long n, String what) throws ExtractionException {
        if (!tryEntries(n)) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, what + ": " + entriesMessage());
        }
    }

    /** Takes {@code n} entries when they fit; false (nothing taken) otherwise. */
    public boolean tryEntries(long n) {
        if (n < 0 || n > maxEntries - entries) {
            return false;
        }
        entries += n;
        return true;
    }

    /** Bytes still available. */
    public long bytesLeft() {
        return maxBytes - bytes;
    }

    public long bytesUsed() {
        return bytes;
    }

    public long entriesUsed() {
        return entries;
    }

    /** "the extraction's budget of 64 MB is spent (…)": for messages of parsers that stop at the budget. */
    public String bytesMessage(long asked) {
        return "the extraction's memory budget of " + mb(maxBytes) + " is spent (" + mb(bytes) + " taken, "
                + asked + " bytes more asked)";
    }

    public String entriesMessage() {
        return "the extraction's budget of " + maxEntries + " structure entries is spent";
    }

    /** Bytes as whole MB for messages ("64 MB"). */
    public static String mb(long bytes) {
        return bytes % (1024 * 1024) == 0 ? (bytes >> 20) + " MB" : String.format(java.util.Locale.ROOT, "%.1f MB",
                bytes / 1048576.0);
    }
}
