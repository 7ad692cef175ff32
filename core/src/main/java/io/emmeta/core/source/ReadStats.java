package io.emmeta.core.source;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes actually fetched from the backing store and the number of fetches (GETs for S3). */
public final class ReadStats {
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    public void record(long fetchedBytes) {
        bytes.addAndGet(fetchedBytes);
        requests.incrementAndGet();
    }

    public long bytesRead() {
        return bytes.get();
    }

    public long requests() {
        return requests.get();
    }
}
