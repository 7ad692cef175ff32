package io.emmeta.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.emmeta.core.SidecarNames;
import io.emmeta.core.problem.ErrorCode;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every object under a prefix, through the same upload processor as a notification: a paged ListObjectsV2 listing
 * handed to a bounded pool. Resumable because the processor skips an object whose documents were made from its
 * current ETag; our own documents and {@code .emmeta.json} defaults are skipped by name without a request. Sidecar
 * halves (.txt/.hdr) wait until their listing page's images are done, so that a pair is never extracted by two
 * threads at once. A failing
 * object never stops the run: its outcome is counted and the listing goes on. Framework-free: the CLI and the local
 * runner's start-up scan use it.
 */
public final class Backfill {

    /** Told about each object as it is finished (from the worker threads, one call at a time). */
    public interface Progress {
        void done(long n, String listedKey, UploadOutcome outcome);
    }

    /**
     * What a run did.
     *
     * @param listed          objects listed under the prefix
     * @param counts          objects per outcome: written (status ok), partial, unsupported, error, skipped
     * @param skippedReasons  the skipped ones by reason (unchanged, own output, defaults document, ...)
     * @param bytesRead       bytes read from the store by the extractions
     * @param elapsedMs       wall time of the run
     * @param listingError    why the listing stopped early, or null when it reached the end
     */
    public record Summary(long listed, Map<String, Long> counts, Map<String, Long> skippedReasons, long bytesRead,
            long elapsedMs, String listingError) {

        public long count(String outcome) {
            return counts.getOrDefault(outcome, 0L);
        }

        /** One line for people: the counts, bytes and rate. */
        public String line() {
            StringBuilder b = new StringBuilder();
            b.append(listed).append(" object(s) in ").append(elapsedMs).append(" ms");
            if (elapsedMs > 0 && listed > 0) {
                b.append(String.format(java.util.Locale.ROOT, " (%.1f objects/s)", listed * 1000.0 / elapsedMs));
            }
            b.append(", ").append(bytesRead).append(" bytes read: ");
            List<String> parts = new ArrayList<>();
            for (String o : OUTCOMES) {
                String p = count(o) + " " + o;
                if (o.equals("skipped") && !skippedReasons.isEmpty()) {
                    p += " (" + String.join(", ", skippedReasons.entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey()).toList()) + ")";
                }
                parts.add(p);
            }
            b.append(String.join(", ", parts));
            if (listingError != null) {
                b.append("; listing stopped: ").append(listingError);
            }
            return b.toString();
        }
    }

    /** The outcome categories, in report order. */
    public static final List<String> OUTCOMES = List.of("written", "partial", "unsupported", "error", "skipped");

    private final S3Client s3;
    private final S3UploadProcessor processor;
    private final ProcessorSettings settings;

    public Backfill(S3Client s3, S3UploadProcessor processor) {
        this.s3 = s3;
        this.processor = processor;
        this.settings = processor.settings();
    }

    /**
     * Processes every object of {@code bucket} whose key starts with {@code prefix} ("" = the whole bucket), at most
     * {@code concurrency} at a time. Returns when all are finished, or when the listing failed (then with what was done
     * before and the listing error).
     */
    public Summary run(String bucket, String prefix, int concurrency, Progress progress) {
        return run(bucket, prefix, concurrency, progress, key -> true);
    }

    /**
     * As {@link #run(String, String, int, Progress)}, over the listed keys {@code include} accepts only (the others are
     * neither processed nor counted: e.g. a store's own internal objects).
     */
    public Summary run(String bucket, String prefix, int concurrency, Progress progress,
            java.util.function.Predicate<String> include) {
        int threads = Math.max(1, concurrency);
        long started = System.nanoTime();
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        AtomicLong listed = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Object lock = new Object();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "emmeta-backfill");
            t.setDaemon(true);
            return t;
        });
        // at most twice the pool's size listed ahead of the workers: a huge bucket never fills the memory
        Semaphore ahead = new Semaphore(threads * 2);
        String listingError = null;
        java.util.function.Consumer<String> submit = key -> {
            ahead.acquireUninterruptibly();
            pool.execute(() -> {
                try {
                    UploadOutcome o = processOne(bucket, key);
                    synchronized (lock) {
                        String category = category(o);
                        counts.merge(category, 1L, Long::sum);
                        if (category.equals("skipped")) {
                            reasons.merge(skipReason(key, o), 1L, Long::sum);
                        }
                        if (o.bytesRead() != null) {
                            bytes.addAndGet(o.bytesRead());
                        }
                        if (progress != null) {
                            progress.done(done.incrementAndGet(), key, o);
                        }
                    }
                } finally {
                    ahead.release();
                }
            });
        };
        try {
            String token = null;
            do {
                String t = token;
                ListObjectsV2Response page = StaleConnections.retry(() -> s3.listObjectsV2(ListObjectsV2Request
                        .builder().bucket(bucket).prefix(prefix == null || prefix.isEmpty() ? null : prefix)
                        .continuationToken(t).build()));
                List<String> sidecars = new ArrayList<>();
                for (S3Object obj : page.contents()) {
                    if (!include.test(obj.key())) {
                        continue;
                    }
                    listed.incrementAndGet();
                    if (SidecarNames.isSidecarName(obj.key()) && !ownOrDefaults(obj.key())) {
                        sidecars.add(obj.key()); // after the page's images: one of them may read it as its sidecar
                    } else {
                        submit.accept(obj.key());
                    }
                }
                if (!sidecars.isEmpty()) {
                    // a pair is never in flight twice: the page's images first, then its sidecars, then the next page
                    awaitAll(ahead, threads * 2);
                    sidecars.forEach(submit);
                    awaitAll(ahead, threads * 2);
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException | java.io.UncheckedIOException e) {
            String m = e.getClass().getSimpleName() + ": " + e.getMessage();
            listingError = m.length() > 400 ? m.substring(0, 400) + "…" : m;
        }
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // still working: a large object may take its whole extraction time limit
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        synchronized (lock) {
            return new Summary(listed.get(), Map.copyOf(counts), Map.copyOf(reasons), bytes.get(), ms, listingError);
        }
    }

    /** An object skipped without a request because of its name: one of our documents, or a defaults document. */
    public static boolean isSkippedByName(UploadOutcome o) {
        return "skipped".equals(o.status()) && o.message() != null && (o.message().equals(OWN_BY_NAME)
                || o.message().equals(DEFAULTS_BY_NAME));
    }

    private static final String OWN_BY_NAME = "own output (by its name)";
    private static final String DEFAULTS_BY_NAME = "context defaults document, not an upload";

    /** Waits until every submitted object is finished (all permits back). */
    private static void awaitAll(Semaphore ahead, int permits) {
        ahead.acquireUninterruptibly(permits);
        ahead.release(permits);
    }

    private boolean ownOrDefaults(String key) {
        return settings.isOutput(key) || PrefixDefaults.isDefaultsDocument(key);
    }

    private UploadOutcome processOne(String bucket, String key) {
        // by name, without a request (and without a log line per document in the function's log)
        if (PrefixDefaults.isDefaultsDocument(key)) {
            return UploadOutcome.skipped(bucket, key, DEFAULTS_BY_NAME);
        }
        if (settings.isOutput(key)) {
            return UploadOutcome.skipped(bucket, key, OWN_BY_NAME);
        }
        try {
            return processor.process(bucket, key);
        } catch (RuntimeException | LinkageError e) {
            // the processor promises not to throw; should it, the run still goes on with a typed error
            return UploadOutcome.failed(bucket, key, ErrorCode.INTERNAL.name(), e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    /** written (status ok), partial, unsupported, error or skipped. */
    public static String category(UploadOutcome o) {
        return switch (o.status() == null ? "error" : o.status()) {
            case "ok" -> "written";
            case "partial", "unsupported", "skipped" -> o.status();
            default -> "error";
        };
    }

    private static String skipReason(String listedKey, UploadOutcome o) {
        String m = o.message() == null ? "" : o.message();
        if (m.startsWith("unchanged")) {
            return o.key() != null && !o.key().equals(listedKey) ? "read with its image" : "unchanged";
        }
        if (m.startsWith("own output")) {
            return "own output";
        }
        if (m.startsWith("context defaults")) {
            return "defaults document";
        }
        if (m.startsWith("object no longer exists")) {
            return "gone";
        }
        return "other";
    }
}
