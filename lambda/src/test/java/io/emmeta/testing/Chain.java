package io.emmeta.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.source.CachingByteSource;

/** The whole chain over one local file, as the CLI runs it: for tests that assert on the record. */
public final class Chain {
    private static final Extractor EXTRACTOR = Extractor.standard(new ObjectMapper());

    private Chain() {
    }

    public static ExtractionRecord extract(Path p) throws Exception {
        return extract(p, UploadContext.NONE);
    }

    /**
     * The contract for a broken variant of a real file: the record comes within 10 s, every problem has a typed code
     * (never INTERNAL), and an error always says why.
     */
    public static ExtractionRecord extractBroken(Path p, String what) throws Exception {
        long t0 = System.nanoTime();
        ExtractionRecord r = extract(p);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(ms < 10_000, what + ": bounded time, took " + ms + " ms");
        for (var problem : r.errors()) {
            org.junit.jupiter.api.Assertions.assertNotEquals("INTERNAL", problem.code().name(), what + ": " + problem);
        }
        for (var problem : r.warnings()) {
            org.junit.jupiter.api.Assertions.assertNotEquals("INTERNAL", problem.code().name(), what + ": " + problem);
        }
        org.junit.jupiter.api.Assertions.assertFalse(r.status() == io.emmeta.core.output.Status.ERROR
                && r.errors().isEmpty(), what + ": an error without a reason");
        return r;
    }

    /** With the context an upload (or a prefix's .emmeta.json) would supply. */
    public static ExtractionRecord extract(Path p, UploadContext context) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p)) {
            return EXTRACTOR.extract(src, SourceInfo.file(p.toString(), Files.size(p)), context).record();
        }
    }
}
