package io.emmeta.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.emmeta.core.source.ByteSource;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.core.source.RangeFetcher;

/**
 * Bytes held in memory, served through the production {@link CachingByteSource} (so its block rounding, bounds and
 * statistics are exercised too), optionally recording every range fetched. Fuzz targets and hostile-input tests use
 * it so that no file is touched.
 */
public final class InMemory implements RangeFetcher {

    private final byte[] bytes;
    private final long claimedSize;
    private final List<long[]> fetched = new ArrayList<>();

    private InMemory(byte[] bytes, long claimedSize) {
        this.bytes = bytes;
        this.claimedSize = claimedSize;
    }

    /** A source over exactly these bytes, with small blocks so ranged reads are exercised. */
    public static ByteSource source(byte[] bytes) {
        return new CachingByteSource(new InMemory(bytes, bytes.length), 4096, 1024 * 1024);
    }

    /** The fetcher itself (for tests that want to look at what was fetched). */
    public static InMemory fetcher(byte[] bytes) {
        return new InMemory(bytes, bytes.length);
    }

    /**
     * An object that claims {@code claimedSize} bytes: the given bytes first, zeros after. Models a huge upload of
     * which only the head is real, without allocating it.
     */
    public static InMemory claiming(byte[] head, long claimedSize) {
        return new InMemory(head, claimedSize);
    }

    @Override
    public String name() {
        return "mem";
    }

    @Override
    public long size() {
        return claimedSize;
    }

    @Override
    public synchronized byte[] fetch(long position, int length) throws IOException {
        if (position < 0 || length < 0 || position + length > claimedSize) {
            // the contract says callers never ask past the end; a test must notice if one does
            throw new IOException("fetch [" + position + ", +" + length + ") outside the object of " + claimedSize);
        }
        fetched.add(new long[] {position, length});
        byte[] out = new byte[length];
        if (position < bytes.length) {
            int n = (int) Math.min(length, bytes.length - position);
            System.arraycopy(bytes, (int) position, out, 0, n);
        }
        return out;
    }

    /** The ranges fetched so far, as {position, length}. */
    public synchronized List<long[]> fetched() {
        return List.copyOf(fetched);
    }

    public synchronized long bytesFetched() {
        return fetched.stream().mapToLong(r -> r[1]).sum();
    }
}
