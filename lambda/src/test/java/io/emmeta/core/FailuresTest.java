package io.emmeta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.core.source.FileRangeFetcher;
import io.emmeta.core.source.RangeFetcher;
import io.emmeta.core.source.SourceUnavailableException;
import io.emmeta.testing.Corpus;

/**
 * The chain's classification of failures that no reader typed: real files read through a fetcher that fails on the
 * first fetch after the head, the way a local disk, the store or a bug of ours would fail. The code is decided by the
 * failure's type: only the store's own failure is retriable.
 */
class FailuresTest {

    private static final Extractor EXTRACTOR = Extractor.standard(new ObjectMapper());
    private static final Path ZEISS = Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif");
    private static final Path VELOX = Corpus.file("rosettasciio/fei_example_tem_stack.emd");
    private static final Path BERKELEY = Corpus.file("rosettasciio/example_image.emd");

    /** Serves the file's first {@code good} fetches, then fails every further fetch with what {@code failure} makes. */
    private static final class FailingAfter implements RangeFetcher {
        private final FileRangeFetcher file;
        private final int good;
        private final java.util.function.Supplier<Exception> failure;
        private int fetches;

        FailingAfter(Path path, int good, java.util.function.Supplier<Exception> failure) throws IOException {
            this.file = new FileRangeFetcher(path);
            this.good = good;
            this.failure = failure;
        }

        @Override
        public String name() {
            return file.name();
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public byte[] fetch(long position, int length) throws IOException {
            if (fetches++ < good) {
                return file.fetch(position, length);
            }
            Exception e = failure.get();
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    private static ExtractionRecord extract(Path path, java.util.function.Supplier<Exception> failure)
            throws IOException {
        return extract(path, 1, failure);
    }

    private static ExtractionRecord extract(Path path, int good, java.util.function.Supplier<Exception> failure)
            throws IOException {
        // a small read-ahead, so the reader needs further fetches after the head
        try (CachingByteSource src = new CachingByteSource(new FailingAfter(path, good, failure),
                CachingByteSource.MIN_READ_AHEAD, CachingByteSource.DEFAULT_MAX_CACHE)) {
            return EXTRACTOR.extract(src, SourceInfo.file(path.toString(), Files.size(path)), UploadContext.NONE)
                    .record();
        }
    }

    @Test
    void aLocalReadFailureIsAboutTheObjectAndNotRetriable() throws IOException {
        ExtractionRecord rec = extract(ZEISS, () -> new IOException("Input/output error"));
        assertEquals(Status.ERROR, rec.status());
        assertEquals(ErrorCode.CORRUPT, rec.errors().get(0).code(), rec.errors().toString());
    }

    @Test
    void theStoresOwnFailureStaysRetriable() throws IOException {
        ExtractionRecord rec = extract(ZEISS, () -> new SourceUnavailableException("GET failed after retries",
                new IOException("connection reset")));
        assertEquals(ErrorCode.SOURCE_UNAVAILABLE, rec.errors().get(0).code(), rec.errors().toString());
    }

    @Test
    void theStoresFailureUnderJhdfStaysRetriable() throws IOException {
        // jHDF wraps what the channel throws; the store's failure must still be found by type under the wrapping
        ExtractionRecord rec = extract(VELOX, () -> new SourceUnavailableException("GET failed after retries",
                new IOException("connection reset")));
        assertEquals(ErrorCode.SOURCE_UNAVAILABLE, rec.errors().get(0).code(), rec.errors().toString());
    }

    @Test
    void aBugOnOurSideIsInternalNotAFileFault() throws IOException {
        // an unchecked exception from our own code under a parser (here the fetcher) is a bug: INTERNAL, named
        ExtractionRecord rec = extract(ZEISS, () -> new IllegalStateException("injected bug"));
        assertEquals(ErrorCode.INTERNAL, rec.errors().get(0).code(), rec.errors().toString());
        assertTrue(rec.errors().get(0).message().contains("IllegalStateException: injected bug"),
                rec.errors().get(0).message());
    }

    @Test
    void whicheverHdf5ReadTheStoreFailsTheRecordSaysSourceUnavailable() throws IOException {
        // detection, the root JSON, an item, its last frame: no per-item handling may turn the store's failure into a
        // warning about the file (the record would read partial, and the trigger would not retry)
        for (Path file : new Path[] {VELOX, BERKELEY}) {
            for (int good = 1; good <= 12; good++) {
                ExtractionRecord rec = extract(file, good, () -> new SourceUnavailableException("GET failed",
                        new IOException("connection reset")));
                if (rec.status() == Status.ERROR) {
                    assertEquals(ErrorCode.SOURCE_UNAVAILABLE, rec.errors().get(0).code(),
                            file.getFileName() + " after " + good + " fetches: " + rec.errors());
                }
                assertTrue(rec.warnings().stream().noneMatch(w -> w.code() == ErrorCode.SOURCE_UNAVAILABLE
                        || w.code() == ErrorCode.CORRUPT), file.getFileName() + " after " + good + " fetches: "
                                + rec.warnings());
            }
        }
    }

    @Test
    void whicheverHdf5ReadFailsLocallyTheRecordIsNeverRetriable() throws IOException {
        for (Path file : new Path[] {VELOX, BERKELEY}) {
            for (int good = 1; good <= 12; good++) {
                ExtractionRecord rec = extract(file, good, () -> new IOException("Input/output error"));
                assertTrue(rec.errors().stream().noneMatch(p -> p.code() == ErrorCode.SOURCE_UNAVAILABLE),
                        file.getFileName() + " after " + good + " fetches: " + rec.errors());
                assertTrue(rec.warnings().stream().noneMatch(p -> p.code() == ErrorCode.SOURCE_UNAVAILABLE),
                        file.getFileName() + " after " + good + " fetches: " + rec.warnings());
            }
        }
    }
}
