package io.emmeta.adapter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.testing.Corpus;

class MainTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void jsonLinesOnStdoutOneRecordPerFile(@TempDir Path dir) throws Exception {
        Files.copy(Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"), dir.resolve("a zeiss.tif"));
        Files.copy(Corpus.file("not-microscopy/MRIm1.dcm"), dir.resolve("scan.dcm"));
        Files.write(dir.resolve("broken.tif"), new byte[] {'I', 'I', 42, 0, 0, 0, 0, 1});
        Run r = run("extract", "--stdout", dir.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length);
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode rec = json.readTree(line);
            assertTrue(rec.has("status") && rec.has("provenance"), line);
        }
        assertTrue(r.err().contains("3 file(s)"), r.err());
        assertTrue(!r.err().contains("Exception"), "no stack traces: " + r.err());
        assertEquals(1, run("extract", "--stdout", "--strict", dir.toString()).code(), "broken.tif is an error");
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "--stdout writes nothing beside the inputs");
        }
    }

    @Test
    void writesBothDocumentsBesideEachFile(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("sample 1.tif");
        Files.copy(Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"), img);
        Run r = run("extract", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("sample 1.tif.extraction.json")));
        // a second run skips our own outputs
        Run again = run("extract", dir.toString());
        assertTrue(again.err().contains("1 file(s)"), again.err());
    }

    @Test
    void tiaEmiAndItsSeriesGiveOneDocumentWithThePixelSize(@TempDir Path dir) throws Exception {
        // HyperSpy 1.7.3, hs.load("128x128-TEM_search.emi"): axes x and y scale 5.261214205047081 nm (from the .ser),
        // original_metadata.ObjectInfo.AcquireDate 'Mon Feb 22 18:50:01 2016', AcquireInfo.CameraNamePath 'BM-Ceta',
        // ExperimentalDescription High tension 200 kV
        Files.copy(Corpus.file("public/rosettasciio/128x128-TEM_search.emi"), dir.resolve("search.emi"));
        Files.copy(Corpus.file("public/rosettasciio/128x128-TEM_search_1.ser"), dir.resolve("search_1.ser"));
        Run r = run("extract", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("search.emi: read with its image"), r.err());
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("search_1.ser.metadata.json").toFile());
        assertEquals(5.261214205047081e-9, doc.at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(),
                1e-20);
        assertEquals(5.261214205047081e-9, doc.at("/instrument/detector/pixelSizeImage/yPixelSize/value").asDouble(),
                1e-20);
        assertEquals("m", doc.at("/instrument/detector/pixelCalibration/unit").asText());
        assertEquals("2016-02-22T18:50:01", doc.get("startTime").asText());
        assertEquals("BM-Ceta", doc.at("/instrument/detector/detectorName").asText());
        assertEquals(200000, doc.at("/instrument/source/accelerationVoltage/value").asInt());
        JsonNode rec = new ObjectMapper().readTree(dir.resolve("search_1.ser.extraction.json").toFile());
        assertEquals("search.emi", Path.of(rec.at("/source/sidecar").asText()).getFileName().toString());
    }

    @Test
    void usageErrorsAreMessagesNotTraces() {
        Run r = run("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("usage"));
        Run missing = run("extract", "/no/such/place");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file"));
    }

    @Test
    void anOutputThatCannotBeWrittenLeavesNeitherDocumentAndExitsNonZero(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("a.tif");
        Files.copy(Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"), img);
        Files.createDirectories(dir.resolve("a.tif.extraction.json")); // the record's name is taken by a folder
        Run r = run("extract", dir.toString());
        assertEquals(1, r.code(), "a lost record is a failed run: " + r.err());
        assertTrue(r.err().contains("cannot write output"), r.err());
        assertTrue(!Files.exists(dir.resolve("a.tif.metadata.json")), "both documents or neither");
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
        assertTrue(r.err().contains("1 file(s)") && r.err().contains("1 partial"), "counted once: " + r.err());
    }

    @Test
    void aFileOverItsTimeLimitGetsATimeoutRecordAndTheRunGoesOn(@TempDir Path dir) throws Exception {
        Files.copy(Corpus.file("rosettasciio/example_velox_EELS_EDS.emd"), dir.resolve("si.emd"));
        Files.copy(Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"), dir.resolve("z.tif"));
        Run r = run("extract", "--stdout", "--timeout", "0.001", dir.toString());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.err());
        JsonNode velox = new ObjectMapper().readTree(lines[0]);
        assertEquals("TIMEOUT", velox.at("/errors/0/code").asText(), lines[0]);
        assertEquals(2, run("extract", "--timeout", "0", dir.toString()).code(), "a limit must be positive");
    }

    @Test
    void anOverwriteWithoutADocumentRemovesTheStaleOne(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("a.tif");
        Files.copy(Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"), img);
        assertEquals(0, run("extract", dir.toString()).code());
        assertTrue(Files.exists(dir.resolve("a.tif.metadata.json")));
        Files.write(img, new byte[] {'I', 'I', 42, 0, 0, 0, 0, 1}); // now a broken TIFF
        run("extract", dir.toString());
        assertTrue(!Files.exists(dir.resolve("a.tif.metadata.json")), "the old document described other content");
        assertEquals("error", new ObjectMapper().readTree(dir.resolve("a.tif.extraction.json").toFile()).path("status")
                .asText());
    }

    @Test
    void controlCharactersInNamesAreEscapedOnStderr() {
        assertEquals("a\\u001b[2Jb\\u0007.tif", Main.printable("a\u001b[2Jb\u0007.tif"));
        assertEquals("plain name.tif", Main.printable("plain name.tif"));
    }
}
