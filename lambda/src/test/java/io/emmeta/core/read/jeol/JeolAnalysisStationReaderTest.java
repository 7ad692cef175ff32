package io.emmeta.core.read.jeol;

import static io.emmeta.testing.Chain.extract;
import static io.emmeta.testing.Chain.extractBroken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.testing.Corpus;

/** JEOL Analysis Station files from the corpus (a JEM-2100F TEM with a JED-2300 EDS), and broken variants of them. */
class JeolAnalysisStationReaderTest {

    static final String DIR = "public/rosettasciio/Sample/00_View000/";
    static final Path IMG = Corpus.file(DIR + "View000_0000000.img");
    static final Path MAP = Corpus.file(DIR + "View000_0000001.map");
    static final Path PTS = Corpus.file(DIR + "View000_0000006.pts");
    static final Path ASW = Corpus.file("public/rosettasciio/rawdata.ASW");

    @Test
    void imageHeaderGivesVoltageMagnificationPixelSizeAndDate() throws Exception {
        ExtractionRecord r = extract(IMG);
        assertEquals("jeol/analysis-station", r.detected().format());
        assertEquals(200.0, r.original().at("/Instrument/AccV/value").asDouble());
        assertEquals("kV", r.original().at("/Instrument/AccV/unit").asText());
        assertTrue(r.original().at("/Image/Bits").asText().contains("not read"), "the pixels are never read");
        assertTrue(r.provenance().bytesRead() < 64 * 1024, "header and tree only: " + r.provenance().bytesRead());
        assertEquals(200000.0, r.mapped().at("/instrument/source/accelerationVoltage/value").asDouble());
        assertEquals(40000, r.mapped().at("/instrument/setMagnification").asInt());
        // ScanSize 178 mm at 40 000× over 512 pixels
        assertEquals(178e-3 / 40000 / 512, r.mapped().at("/instrument/detector/pixelSizeImage/xPixelSize/value")
                .asDouble(), 1e-18);
        assertEquals("2017-04-07T18:08:05", r.mapped().get("startTime").asText(), "OLE days, local time");
        assertEquals("JEM-2100F(UHR)", r.mapped().at("/instrument/instrumentName").asText());
        assertEquals(2.562e-9, r.mapped().at("/instrument/source/beamCurrent/value").asDouble(), 1e-15);
    }

    @Test
    void elementMapAndSpectrumImageCarryTheirOwnTrees() throws Exception {
        ExtractionRecord map = extract(MAP);
        assertEquals("C K", map.original().at("/Map/Title").asText());
        assertEquals(1e-4, map.mapped().at("/instrument/scan/dwellTime/value").asDouble(), 1e-12);

        ExtractionRecord pts = extract(PTS);
        assertEquals("EX24075JGT", pts.mapped().at("/instrument/detector/detectorName").asText());
        assertEquals(325.46, pts.original().at("/PTTD Data/AnalyzableMap MeasData/Doc/LiveTime/value").asDouble());
        assertEquals("s", pts.original().at("/PTTD Data/AnalyzableMap MeasData/Doc/LiveTime/unit").asText());
        assertEquals(512, pts.mapped().at("/instrument/scan/scanSize/xPixels").asInt());
        // a value entry with children is named as HyperSpy names it
        assertTrue(pts.original().at("/PTTD Param/Params/PARAMPAGE0_SEM/WorkD").isNumber());
        assertTrue(pts.provenance().bytesRead() < 64 * 1024, "the event stream is never read");
    }

    @Test
    void projectIsReadAsATreeAndSaysWhyThereIsNoDocument() throws Exception {
        ExtractionRecord r = extract(ASW);
        assertEquals(Status.PARTIAL, r.status());
        assertEquals(".\\Sample\\00_View000\\View000_0000000.img",
                r.original().at("/SampleInfo/0/ViewInfo/0/ViewData/0/Filename").asText());
        assertEquals(40000, r.original().at("/SampleInfo/0/ViewInfo/0/Mag").asInt());
        assertTrue(r.warnings().stream().anyMatch(w -> w.code() == ErrorCode.MAPPING), r.warnings().toString());
    }

    static final Set<ErrorCode> TYPED = EnumSet.of(ErrorCode.TRUNCATED, ErrorCode.CORRUPT, ErrorCode.TOO_LARGE,
            ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.EMPTY, ErrorCode.MAPPING);

    @Test
    void cutsWrongLengthsAndGarbageEndTyped(@TempDir Path dir) throws Exception {
        for (Path real : new Path[] {IMG, PTS, ASW}) {
            byte[] bytes = Files.readAllBytes(real);
            int treeEnd = Math.min(bytes.length, 40_000);
            for (int cut = 0; cut < treeEnd; cut += 211) {
                check(dir, real + " cut at " + cut, Arrays.copyOf(bytes, cut));
            }
            Random rnd = new Random(42);
            for (int i = 0; i < 60; i++) {
                byte[] b = bytes.clone();
                int at = 12 + rnd.nextInt(Math.min(b.length, 8000) - 16);
                switch (i % 3) {
                    case 0 -> { // a length or type field made huge or negative
                        b[at] = (byte) 0xFF;
                        b[at + 1] = (byte) 0xFF;
                        b[at + 2] = (byte) 0xFF;
                        b[at + 3] = (byte) 0x7F;
                    }
                    case 1 -> b[at] = (byte) rnd.nextInt(256); // one wrong byte
                    default -> { // garbage text spliced in
                        for (int k = 0; k < 32 && at + k < b.length; k++) {
                            b[at + k] = (byte) rnd.nextInt(256);
                        }
                    }
                }
                check(dir, real + " patched at " + at + " (" + i % 3 + ")", b);
            }
        }
    }

    private static void check(Path dir, String what, byte[] bytes) throws Exception {
        Path f = dir.resolve("variant.bin");
        Files.write(f, bytes);
        ExtractionRecord r = extractBroken(f, what);
        r.errors().forEach(p -> assertTrue(TYPED.contains(p.code()), what + ": " + p));
        r.warnings().forEach(p -> assertTrue(TYPED.contains(p.code()), what + ": " + p));
    }
}
