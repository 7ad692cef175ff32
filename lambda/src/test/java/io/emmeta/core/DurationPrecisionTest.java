package io.emmeta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/** {@code provenance.durationMs} keeps the microseconds a warm extraction takes (issue #15), as a JSON decimal. */
class DurationPrecisionTest {

    @Test
    void nanosecondsBecomeMillisecondsToTheMicrosecond() {
        assertEquals(1.235, Extractor.millis(1_234_567));
        assertEquals(0.001, Extractor.millis(600));
        assertEquals(0.0, Extractor.millis(400));
        assertEquals(250.0, Extractor.millis(250_000_000));
    }

    @Test
    void theRecordWritesADecimal() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path file = Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif");
        Extractor extractor = Extractor.standard(json);
        try (CachingByteSource src = CachingByteSource.ofFile(file)) {
            var result = extractor.extract(src, SourceInfo.file(file.toString(), Files.size(file)), UploadContext.NONE);
            JsonNode d = json.valueToTree(result.record()).at("/provenance/durationMs");
            assertTrue(d.isFloatingPointNumber(), "a decimal, not whole milliseconds: " + d);
            assertTrue(d.asDouble() > 0, d.toString());
        }
    }
}
