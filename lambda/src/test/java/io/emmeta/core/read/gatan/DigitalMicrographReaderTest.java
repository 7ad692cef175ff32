package io.emmeta.core.read.gatan;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.testing.Corpus;

class DigitalMicrographReaderTest {


    @Test
    void dm3StemImageTagsUnitsAndFiletime() throws Exception {
        ExtractionRecord r = extract(Corpus.file("rosettasciio/test_STEM_image.dm3"));
        assertEquals(Status.PARTIAL, r.status());
        var d = r.mapped();
        assertEquals("2016-08-08T15:26:37Z", d.get("startTime").asText(), "FILETIME, not the locale DataBar text");
        assertEquals(200000, d.at("/instrument/source/accelerationVoltage/value").asInt());
        assertEquals(225000, d.at("/instrument/setMagnification").asInt());
        assertEquals(0.135, d.at("/instrument/setCameraLength/value").asDouble(), 1e-12);
        assertEquals(-0.000461276, d.at("/instrument/stage/specimenPosition/xValue").asDouble(), 1e-12);
        assertEquals("STEM", d.at("/instrument/operationMode").asText());
        // the file's calibration is 0.24853801727294922 nm (Scale, Units "nm"): lengths are written in m
        assertEquals("m", d.at("/instrument/detector/pixelCalibration/unit").asText());
        assertEquals(0.24853801727294922e-9, d.at("/instrument/detector/pixelCalibration/value").asDouble(), 1e-22);
        assertEquals(0.24853801727294922e-9, d.at("/instrument/detector/pixelSizeImage/yPixelSize/value").asDouble(),
                1e-22);
    }

    @Test
    void bigFileCostsTheTagsNotThePixels() throws Exception {
        Path p = Corpus.file("public/scythe/04_Titan_EELS_SI_dataZeroed.dm3");
        ExtractionRecord r = extract(p);
        assertEquals(300000, r.mapped().at("/instrument/source/accelerationVoltage/value").asInt());
        assertTrue(r.provenance().bytesRead() < Files.size(p) / 20, r.provenance().bytesRead() + " of " + Files.size(p));
        ExtractionRecord dm4 = extract(Corpus.file("rosettasciio/EELS_SI.dm4"));
        assertEquals(0.55, dm4.mapped().at("/instrument/setCameraLength/value").asDouble(), 1e-12);
    }

    @Test
    void digiScanSampleTimeIsTheDwellTime() throws Exception {
        ExtractionRecord r = extract(Corpus.file("rosettasciio/test_STEM_image.dm3"));
        assertEquals("µs", r.original().at("/ImageList/1/ImageTags/DigiScan/Sample Time/unit").asText());
        assertEquals(3.5e-6, r.mapped().at("/instrument/scan/dwellTime/value").asDouble(), 1e-15);
    }

    @Test
    void brokenTreesAreTypedAndBounded(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file("rosettasciio/test_STEM_image.dm3"));
        for (int cut : new int[] {20, 40, 1000, real.length / 2, real.length - 100}) {
            Path f = dir.resolve("cut" + cut + ".dm3");
            Files.write(f, java.util.Arrays.copyOf(real, cut));
            ExtractionRecord r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> extract(f));
            if (r.status() == Status.ERROR) {
                assertTrue(r.errors().get(0).code().name().matches("TRUNCATED|CORRUPT"), r.errors().toString());
            } else {
                // cut after some tags: those are kept, and the record says the rest is missing
                assertEquals(Status.PARTIAL, r.status(), cut + "");
                assertTrue(r.warnings().stream().anyMatch(w -> w.code().name().equals("TRUNCATED")), cut + " "
                        + r.warnings());
            }
        }
        byte[] absurd = real.clone();
        ByteBuffer.wrap(absurd).putInt(18, 1_000_000_000); // the root group's tag count
        Path f = dir.resolve("absurd.dm3");
        Files.write(f, absurd);
        ExtractionRecord r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> extract(f));
        assertEquals("CORRUPT", r.errors().get(0).code().name());
    }
}
