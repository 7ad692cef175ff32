package io.emmeta.core.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Several ranges of one object fetched side by side: over S3 each fetch is a request whose time is mostly waiting,
 * so ranges known together cost one round trip. Daemon threads, created on demand and reused.
 */
final class ParallelFetch {

    /**
     * At most this many requests in flight: enough to hide the latency of a batch of ranges, few enough that their
     * threads, connections and buffers stay small beside a 256 MB Lambda's heap (with 32 for every batch, the
     * benchmark's peak RSS rose from about 224 MB to 259 MB: the previews' batches of large rows all at once).
     */
    static final int MAX_IN_FLIGHT = 8;
    /**
     * In flight at once when every range of a batch is small ({@link #SMALL} bytes at most): one level of an HDF5
     * walk is dozens of scattered object headers of a few hundred bytes (a Velox spectrum image: 62 in its widest
     * level), and 8 at a time made each level cost ceil(n / 8) round trips in series. 16 × 64 KiB is 1 MiB of
     * bodies at most.
     */
    static final int MAX_SMALL_IN_FLIGHT = 16;
    static final int SMALL = 64 * 1024;

    private static final ExecutorService POOL = new java.util.concurrent.ThreadPoolExecutor(MAX_SMALL_IN_FLIGHT,
            MAX_SMALL_IN_FLIGHT, 30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
            r -> {
                Thread t = new Thread(r, "emmeta-fetch");
                t.setDaemon(true);
                return t;
            });

    static {
        ((java.util.concurrent.ThreadPoolExecutor) POOL).allowCoreThreadTimeOut(true);
    }

    private ParallelFetch() {
    }

    /** The bytes of each {@code [start, end)} piece, in order; the first failure is thrown once all have ended. */
    static List<byte[]> all(RangeFetcher fetcher, List<long[]> pieces) throws IOException {
        if (pieces.size() <= 1) {
            List<byte[]> one = new ArrayList<>();
            for (long[] p : pieces) {
                one.add(checked(fetcher, p));
            }
            return one;
        }
        int limit = MAX_SMALL_IN_FLIGHT;
        for (long[] p : pieces) {
            if (p[1] - p[0] > SMALL) {
                limit = MAX_IN_FLIGHT;
            }
        }
        if (pieces.size() > limit) {
            // at most `limit` in flight: the batch in groups, each fetched side by side
            List<byte[]> out = new ArrayList<>(pieces.size());
            for (int i = 0; i < pieces.size(); i += limit) {
                out.addAll(all(fetcher, pieces.subList(i, Math.min(pieces.size(), i + limit))));
            }
            return out;
        }
        List<CompletableFuture<byte[]>> started = new ArrayList<>();
        for (long[] p : pieces) {
            started.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return checked(fetcher, p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, POOL));
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        List<byte[]> out = new ArrayList<>();
        for (CompletableFuture<byte[]> f : started) {
            try {
                out.add(f.join());
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException u) {
                    throw u.getCause(); // as the fetcher threw it (a SourceUnavailableException stays one)
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
        return out;
    }

    private static byte[] checked(RangeFetcher fetcher, long[] piece) throws IOException {
        int length = (int) (piece[1] - piece[0]);
        byte[] bytes = fetcher.fetch(piece[0], length);
        if (bytes.length != length) {
            throw new IOException(fetcher.name() + ": asked for " + length + " bytes at " + piece[0] + ", got "
                    + bytes.length);
        }
        return bytes;
    }
}
