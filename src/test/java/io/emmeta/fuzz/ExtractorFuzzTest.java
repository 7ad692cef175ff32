package io.emmeta.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;
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
 * The whole chain over arbitrary bytes: detection, every reader, mapping, validation. Its contract is stronger than
 * the parts': it never throws at all, every failure is a record whose errors carry a code that describes the
 * bytes (never INTERNAL, and never SOURCE_UNAVAILABLE for a source that cannot fail), and the record serialises to
 * JSON that a strict parser reads back. Seeds: the same vendor skeletons as {@link TiffDetectFuzzTest}.
 */
class ExtractorFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Extractor EXTRACTOR = Extractor.standard(JSON);
    /** Codes that describe the input; anything else from an in-memory source means our code went wrong. */
    private static final Set<ErrorCode> ABOUT_THE_BYTES = EnumSet.of(ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.TRUNCATED,
            ErrorCode.CORRUPT, ErrorCode.MALFORMED_TEXT, ErrorCode.XML_REJECTED, ErrorCode.TOO_LARGE, ErrorCode.EMPTY,
            ErrorCode.MAPPING);

    @FuzzTest(maxDuration = "5m")
    void extract(byte[] data) {
        Contract.holds(() -> {
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
        });
    }
}
