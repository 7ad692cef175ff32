package io.emmeta.core.read.velox;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.FormatDetector;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

class VeloxEmdReaderTest {

    static ReadResult read(Path p) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new VeloxEmdReader().read(probe, new FormatDetector().detect(probe));
        }
    }


    @Test
    void temImageStackFrameZeroWithUnitsAndWhatVaries() throws Exception {
        ReadResult r = read(Corpus.file("rosettasciio/fei_example_tem_stack.emd"));
        MetadataTree p = r.primary();
        assertEquals(2L, p.get("frames").value());
        assertEquals(300000.0, p.get("Optics/AccelerationVoltage").asDouble(), 1e-9);
        assertEquals("V", p.get("Optics/AccelerationVoltage").unit());
        assertEquals(1271519.155, p.get("Optics/NominalMagnification").asDouble(), 1e-6);
        assertEquals(0.478, p.get("Optics/CameraLength").asDouble(), 1e-12);
        assertEquals("m", p.get("Optics/CameraLength").unit());
        assertEquals("rad", p.get("Stage/AlphaTilt").unit());
        assertEquals("BM-Ceta", p.text("BinaryResult/Detector"));
        assertEquals("m", p.get("BinaryResult/PixelSize/width").unit());
        assertEquals(0.00015, p.get("derived/aperturesByName/C2").asDouble(), 1e-12);
        assertEquals(1575540224L, p.get("Acquisition/AcquisitionStartDatetime/DateTime").value());
        assertTrue(p.text("varyingAcrossFrames").contains("TimeStamp"), p.text("varyingAcrossFrames"));
        assertEquals("00000000000000000000000000000000", p.text("Core/guid"), "identifiers stay text");
        assertEquals("Velox", r.original().text("Version/format"));
    }

    @Test
    void mappedTemDocumentInSiUnits() throws Exception {
        ExtractionRecord rec = extract(Corpus.file("rosettasciio/fei_example_tem_stack.emd"));
        assertEquals(Status.PARTIAL, rec.status());
        assertTrue(rec.warnings().isEmpty(), rec.warnings().toString());
        JsonNode d = rec.mapped();
        assertEquals("2019-12-05T10:03:44Z", d.get("startTime").asText());
        assertEquals(300000, d.at("/instrument/source/accelerationVoltage/value").asLong());
        assertEquals("extra bright FEG", d.at("/instrument/source/gunType").asText());
        assertEquals("TEM", d.at("/instrument/operationMode").asText());
        assertEquals("TEM", d.at("/instrument/imageMode").asText());
        assertEquals(1271519.155, d.at("/instrument/setMagnification").asDouble(), 1e-6);
        assertEquals(-12.586, d.at("/instrument/stage/tiltAngleAlpha/value").asDouble(), 1e-3);
        assertEquals("degree", d.at("/instrument/stage/tiltAngleAlpha/unit").asText());
        assertEquals("m", d.at("/instrument/stage/specimenPosition/coordinatesUnit").asText());
        assertEquals(8.172883192297851e-12, d.at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(), 1e-24);
        assertEquals("CMOS", d.at("/instrument/detector/detectorType").asText());
        assertEquals(0.8, d.at("/instrument/detector/exposureTime/value").asDouble(), 1e-12);
        // what is left invalid is what no file holds
        Set<String> left = Set.of("definition", "measurementPurpose", "parents", "technique", "user",
                "diagonallyFlipped", "horizontallyFlipped", "verticallyFlipped", "isCorrelationImage");
        rec.validation().errors().forEach(e -> assertTrue(left.stream().anyMatch(e.message()::contains), e.toString()));
    }

    @Test
    void stemDiffractionAndSpectrumImageFiles() throws Exception {
        JsonNode stem = extract(Corpus.file("public/openNCEM/STEM HAADF Diffraction Micro.emd")).mapped();
        assertEquals("STEM", stem.at("/instrument/operationMode").asText());
        assertEquals(7100, stem.at("/instrument/setMagnification").asLong(), "StemMagnification when typed double");
        assertEquals(1e-5, stem.at("/instrument/scan/dwellTime/value").asDouble(), 1e-15);
        assertEquals("2D", stem.at("/instrument/scan/scanType").asText());
        JsonNode diff = extract(Corpus.file("public/openNCEM/Camera Ceta Diffraction Micro.emd")).mapped();
        assertTrue(diff.at("/instrument/detector/pixelSizeImage").isMissingNode(), "1/m is no real-space pixel size");
        assertEquals("1/m", diff.at("/instrument/detector/pixelCalibration/unit").asText());
        ExtractionRecord si = extract(Corpus.file("rosettasciio/example_velox_EELS_EDS.emd"));
        assertEquals(Status.PARTIAL, si.status());
        assertTrue(si.original().at("/Data/SpectrumStream").size() >= 1);
        assertTrue(si.original().at("/Data/EelsSpectrumImage").size() >= 1);
        assertNotNull(si.mapped().get("startTime"), "the primary image is one that knows its time");
    }

    @Test
    void truncatedCopiesEndTypedAndBounded(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file("public/openNCEM/STEM HAADF Diffraction Micro.emd"));
        for (int cut : new int[] {8, 100, 1000, 5000, real.length / 3, real.length / 2, real.length - 10}) {
            Path f = dir.resolve("cut" + cut + ".emd");
            Files.write(f, java.util.Arrays.copyOf(real, cut));
            ExtractionRecord rec = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> extract(f));
            assertTrue(rec.status() == Status.ERROR || rec.status() == Status.PARTIAL
                    || rec.status() == Status.UNSUPPORTED, cut + ": " + rec.status());
            rec.errors().forEach(e -> assertTrue(!e.code().name().equals("INTERNAL"), cut + ": " + e));
        }
    }

    @Test
    void garbageMetadataJsonIsAWarningNotACrash(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(Corpus.file("public/openNCEM/STEM HAADF Diffraction Micro.emd"));
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = latin.indexOf("{\"Core\"");
        assertTrue(at > 0, "the JSON is stored uncompressed");
        for (int i = 0; i < 40; i++) {
            bytes[at + i] = (byte) "#%&garbage\u0001".charAt(i % 11);
        }
        Path f = dir.resolve("garbage.emd");
        Files.write(f, bytes);
        ExtractionRecord rec = extract(f);
        assertTrue(rec.status() == Status.PARTIAL || rec.status() == Status.ERROR, rec.status().toString());
        assertTrue(rec.warnings().stream().anyMatch(w -> w.code().name().equals("MALFORMED_TEXT"))
                || rec.errors().stream().anyMatch(e -> e.code().name().equals("CORRUPT")), rec.toString());
    }
}
