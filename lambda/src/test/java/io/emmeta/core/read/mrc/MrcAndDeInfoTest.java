package io.emmeta.core.read.mrc;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

class MrcAndDeInfoTest {


    @Test
    void mrcHeaderPixelSizeFromCellOverSamples() throws Exception {
        ExtractionRecord r = extract(Corpus.file("rosettasciio/HAADFscan.mrc"));
        assertEquals(Status.PARTIAL, r.status());
        assertEquals("FEI2", r.original().at("/header/EXTTYPE").asText());
        assertEquals(908.6610107421875 / 16 * 1e-10,
                r.mapped().at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(), 1e-18);
        assertEquals(1, r.provenance().requests(), "one GET: the header, not the data");
        assertTrue(r.provenance().bytesRead() <= CachingByteSource.DEFAULT_READ_AHEAD, "the header, not the data");
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("FEI2")), "the unread extended header is said");
    }

    @Test
    void truncatedMrcIsTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file("rosettasciio/HAADFscan.mrc"));
        Path cut = dir.resolve("cut.mrc");
        Files.write(cut, java.util.Arrays.copyOf(real, 5000));
        ExtractionRecord r = extract(cut);
        // cut after the header: the MAP stamp is still there, the extended header is not
        assertEquals("mrc", r.detected().format());
        assertTrue(r.warnings().stream().anyMatch(w -> w.code().name().equals("TRUNCATED")), r.warnings().toString());
    }

    @Test
    void directElectronInfoWithUnitsFromTheKeys() throws Exception {
        ExtractionRecord r = extract(Corpus.file("rosettasciio/info.txt"));
        assertEquals("CeleritasXS", r.mapped().at("/instrument/detector/detectorName").asText());
        assertEquals(0.3325952, r.mapped().at("/instrument/detector/exposureTime/value").asDouble(), 1e-12);
        assertEquals("2023-09-25T22:59:15Z", r.mapped().get("startTime").asText());
        assertEquals("ns", r.original().at("/Frame Time (nanoseconds)/unit").asText());
    }
}
