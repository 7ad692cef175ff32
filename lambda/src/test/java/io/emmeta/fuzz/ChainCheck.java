package io.emmeta.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.testing.InMemory;

/**
 * The whole chain ({@link Extractor}: detection, every reader, mapping, validation) over bytes in memory, under
 * {@link Contract}, with the chain's stronger promise: it never throws at all, every problem carries a code that
 * describes the bytes (never INTERNAL, never SOURCE_UNAVAILABLE or TIMEOUT for a source that cannot fail), an error
 * always says why, and the record serialises to JSON that a strict parser reads back. Shared by
 * {@link ExtractorFuzzTest} and the per-format targets.
 */
final class ChainCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Extractor EXTRACTOR = Extractor.standard(JSON);
    /** Codes that describe the input; anything else from an in-memory source means our code went wrong. */
    private static final Set<ErrorCode> ABOUT_THE_BYTES = EnumSet.of(ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.TRUNCATED,
            ErrorCode.CORRUPT, ErrorCode.MALFORMED_TEXT, ErrorCode.XML_REJECTED, ErrorCode.TOO_LARGE, ErrorCode.EMPTY,
            ErrorCode.MAPPING);

    private ChainCheck() {
    }

    static void holds(byte[] data) {
        holds(data, Contract.MAX_ALLOCATED);
    }

    static void holds(byte[] data, long maxAllocated) {
        Contract.holds(maxAllocated, () -> extract(data));
    }

    /** With a bound on the worker's CPU time besides {@link Contract#PER_INPUT} (say why where it is used). */
    static void holds(byte[] data, Duration perInput, Duration maxCpu, long maxAllocated) {
        Contract.holds(perInput, maxCpu, maxAllocated, () -> extract(data));
    }

    static ExtractionRecord extract(byte[] data) throws Exception {
        Extractor.Result r = EXTRACTOR.extract(InMemory.source(data), SourceInfo.file("fuzz.bin", data.length),
                UploadContext.NONE);
        ExtractionRecord rec = r.record();
        assertNotNull(rec.status());
        for (Problem p : rec.errors()) {
            assertTrue(ABOUT_THE_BYTES.contains(p.code()), "error " + p);
        }
        for (Problem p : rec.warnings()) {
            assertTrue(ABOUT_THE_BYTES.contains(p.code()), "warning " + p);
        }
        assertFalse(rec.status() == Status.ERROR && rec.errors().isEmpty(), "error without a reason");
        String text = JSON.writeValueAsString(rec);
        JSON.readTree(text); // strict: NaN/Infinity or broken surrogates would not read back
        return rec;
    }
}
