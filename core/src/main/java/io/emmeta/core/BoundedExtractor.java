package io.emmeta.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.source.CachingByteSource;

/**
 * The chain with a time limit per file, shared by the Lambda's upload processor and the CLI. The extraction runs on a
 * worker thread; when the limit passes, the worker is interrupted, which every long loop notices
 * ({@link io.emmeta.core.problem.Deadline}), so the work stops with the wait and no thread is left burning CPU.
 */
public final class BoundedExtractor implements AutoCloseable {

    private final Extractor extractor;
    private final long timeoutMillis;
    private final ExecutorService worker = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "emmeta-extract");
        t.setDaemon(true);
        return t;
    });

    public BoundedExtractor(Extractor extractor, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("the time limit per file must be positive: " + timeoutMillis + " ms");
        }
        this.extractor = extractor;
        this.timeoutMillis = timeoutMillis;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** One file (and its sidecar, if any): its result, a TIMEOUT record past the limit, never an exception. */
    public Extractor.Result extract(CachingByteSource source, SourceInfo info, UploadContext context,
            CachingByteSource companion, SourceInfo companionInfo) {
        Future<Extractor.Result> f = worker.submit(() -> extractor.extract(source, info, context, companion,
                companionInfo));
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return errorRecord(source, info, ErrorCode.TIMEOUT, "extraction exceeded " + timeoutMillis
                    + " ms and was stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return errorRecord(source, info, ErrorCode.TIMEOUT, "extraction was interrupted and stopped");
        } catch (ExecutionException e) {
            // the Extractor contains everything a file can cause; reaching here is our bug, kept to this file's record
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return errorRecord(source, info, ErrorCode.INTERNAL, cause.getClass().getName() + ": " + cause.getMessage());
        }
    }

    private Extractor.Result errorRecord(CachingByteSource source, SourceInfo info, ErrorCode code, String message) {
        return Extractor.failed(info, code, message, source.stats().bytesRead(), source.stats().requests(),
                code == ErrorCode.TIMEOUT ? timeoutMillis : 0);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
