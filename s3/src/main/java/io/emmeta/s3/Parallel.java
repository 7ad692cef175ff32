package io.emmeta.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * S3 calls that do not depend on each other, issued at once: at 20–60 ms per request an upload's time is its round
 * trips in series, so calls run side by side cost one round trip. Daemon threads, created on demand and reused (a
 * Lambda's frozen process keeps them), never more than the calls in flight.
 */
final class Parallel {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "emmeta-s3");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    /** Starts a call now; {@link #join} waits for it. */
    static <T> CompletableFuture<T> start(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, POOL);
    }

    /** The call's result, or what it threw, as it threw it (unchecked). */
    static <T> T join(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Runs the calls side by side and waits for all; the first failure (in list order) is thrown after all ended. */
    static <T> List<T> all(List<Supplier<T>> calls) {
        if (calls.size() == 1) {
            return List.of(calls.get(0).get()); // no hop to another thread for a single call
        }
        List<CompletableFuture<T>> started = new ArrayList<>();
        calls.forEach(c -> started.add(start(c)));
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        List<T> out = new ArrayList<>();
        for (CompletableFuture<T> f : started) {
            out.add(join(f));
        }
        return out;
    }
}
