package io.emmeta.core.read.tia;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.testing.Corpus;

class TiaSerReaderTest {

    @Test
    void bothSeriesVersionsGiveTheImageCalibration() throws Exception {
        ExtractionRecord v210 = extract(Corpus.file("public/rosettasciio/64x64_TEM_images_acquire_1.ser"));
        assertEquals(Status.PARTIAL, v210.status());
        assertEquals(6.281833616298531e-09, v210.mapped().at("/instrument/detector/pixelCalibration/value").asDouble(), 1e-20);
        assertEquals(64, v210.original().at("/firstElement/arraySizeX").asInt());
        ExtractionRecord v220 = extract(Corpus.file("public/rosettasciio/128x128-TEM_search_1.ser"));
        assertEquals("0x220", v220.original().at("/header/SeriesVersion").asText(), "64-bit offsets");
        assertEquals(128, v220.original().at("/firstElement/arraySizeY").asInt());
        ExtractionRecord big = extract(Corpus.file("public/openNCEM/16_STOimage_1.ser"));
        assertTrue(big.provenance().bytesRead() <= 65536, "header and element header only");
    }

    @Test
    void cutOrLyingSeriesAreTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file("public/rosettasciio/64x64_TEM_images_acquire_1.ser"));
        for (int cut : new int[] {8, 30, 60, 80, 200}) {
            Path f = dir.resolve("cut" + cut + ".ser");
            Files.write(f, java.util.Arrays.copyOf(real, cut));
            ExtractionRecord r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> extract(f));
            assertTrue(r.status() == Status.ERROR || r.status() == Status.UNSUPPORTED
                    || r.warnings().stream().anyMatch(w -> w.code().name().equals("TRUNCATED")), cut + ": " + r.status());
            r.errors().forEach(e -> assertTrue(!e.code().name().equals("INTERNAL"), cut + ": " + e));
        }
        byte[] lying = real.clone();
        java.nio.ByteBuffer.wrap(lying).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(26, 1_000_000);
        Path f = dir.resolve("dims.ser");
        Files.write(f, lying);
        assertEquals("CORRUPT", extract(f).errors().get(0).code().name());
    }
}
