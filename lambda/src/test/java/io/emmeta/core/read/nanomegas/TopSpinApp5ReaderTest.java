package io.emmeta.core.read.nanomegas;

import static io.emmeta.testing.Chain.extract;
import static io.emmeta.testing.Chain.extractBroken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.testing.Corpus;

/**
 * The corpus's two TopSpin files. Expected values are found in the file's own bytes by the test (the XML strings are
 * stored uncompressed), not taken from the reader's output.
 */
class TopSpinApp5ReaderTest {

    static final Path A = Corpus.file("public/rosettasciio/topspin_test_A.app5");
    static final Path B = Corpus.file("public/rosettasciio/topspin_test_B.app5");

    /** The text of the first {@code <tag ...>text<} in the file's bytes. */
    static String raw(Path f, String tag) throws Exception {
        return rawAfter(f, "", tag);
    }

    /** As {@link #raw}, after the first occurrence of {@code after}. */
    static String rawAfter(Path f, String after, String tag) throws Exception {
        String s = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        s = s.substring(s.indexOf(after));
        Matcher m = Pattern.compile("<" + tag + " Serializer=\"\\w+\" Version=\"1\">([^<]*)<").matcher(s);
        assertTrue(m.find(), tag);
        return m.group(1);
    }

    /** The value of the first {@code <Item>} named {@code name} in the file's bytes. */
    static String item(Path f, String name) throws Exception {
        String s = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile(">" + name + "</Name>\\s*<Value Serializer=\"\\w+\" Version=\"1\">([^<]*)<").matcher(s);
        assertTrue(m.find(), name);
        return m.group(1);
    }

    static int count(Path f, String text) throws Exception {
        String s = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        return s.split(Pattern.quote(text), -1).length - 1;
    }

    @Test
    void oneSessionFileWithItsProcedureAtTheRoot() throws Exception {
        ExtractionRecord r = extract(A);
        assertEquals("hdf5/nanomegas-topspin", r.detected().format());
        var doc = r.mapped();
        assertEquals("05/12/2025 12:27:54", raw(A, "StartDateTime"));
        assertEquals("2025-05-12T12:27:54", doc.get("startTime").asText(), "MM/dd/yyyy: May 12th");
        assertEquals("2025-05-12T12:33:35", doc.get("endTime").asText());
        assertEquals(raw(A, "Title"), doc.get("measurementTitle").asText());
        assertEquals(raw(A, "SystemName"), doc.at("/instrument/instrumentName").asText());
        // the procedure's data has no HighVoltage; the hardware settings' GunHighVoltage (text) is the voltage
        assertEquals(Double.parseDouble(item(A, "GunHighVoltage")),
                doc.at("/instrument/source/accelerationVoltage/value").asDouble(), 0);
        assertEquals(200_000.0, doc.at("/instrument/source/accelerationVoltage/value").asDouble(), 0);
        assertEquals(Double.parseDouble(item(A, "DiffractionCameraLength")),
                doc.at("/instrument/setCameraLength/value").asDouble(), 0);
        assertEquals(item(A, "Camera"), doc.at("/instrument/detector/detectorName").asText());
        assertEquals(Double.parseDouble(item(A, "FrameTime")), doc.at("/instrument/detector/exposureTime/value").asDouble(), 0);
        assertEquals(Math.toRadians(0.5), r.original().at("/derived/precessionAngle/value").asDouble(), 1e-12,
                "0.00872664625997165 rad, the '05deg' of the base name");
        assertTrue(doc.at("/instrument/ASTAR").isMissingNode(), "ASTAR requires ASTARactive, which the file does not say");
        assertEquals("TopSpin", doc.at("/program/programName").asText());
        // the frames are summarised: their count and the first one's calibration, not one copy per frame
        var series = r.original().at("/series/~1a0dba950-15bf-4a74-a81c-9cea8560c2c8");
        assertEquals(count(A, "\"SeriesItemSerializer\""), series.at("/frames").asInt());
        assertEquals(Double.parseDouble(rawAfter(A, "\"SeriesItemSerializer\"", "Scale")), series.at("/first/Calibration/X/Scale").asDouble(), 0);
        assertTrue(r.provenance().bytesRead() < Files.size(A), r.provenance().bytesRead() + " bytes read");
    }

    @Test
    void twoSessionsAndTheAcquisitionIsTheOneHoldingTheFrames() throws Exception {
        ExtractionRecord r = extract(B);
        assertEquals("hdf5/nanomegas-topspin", r.detected().format());
        assertEquals(count(B, "<ProcedureData>"), r.original().get("procedures").size());
        assertEquals("18d9446f-22bf-4fb1-8d13-338174e75d20", r.original().at("/acquisition/Id").asText(),
                "the procedure in the group holding the frame series");
        var doc = r.mapped();
        assertEquals("12/03/2024 17:50:51", raw(B, "StartDateTime"));
        assertEquals("2024-12-03T17:50:51", doc.get("startTime").asText(), "December 3rd, not March 12th");
        assertEquals(Double.parseDouble(item(B, "HighVoltage")), doc.at("/instrument/source/accelerationVoltage/value").asDouble(), 0);
        assertEquals(300_000.0, doc.at("/instrument/source/accelerationVoltage/value").asDouble(), 0);
        assertEquals(0.14, doc.at("/instrument/setCameraLength/value").asDouble(), 0);
        assertEquals("NCEM ThemIS", doc.at("/instrument/instrumentName").asText());
        assertEquals(count(B, "\"SeriesItemSerializer\""),
                r.original().at("/series/~118d9446f-22bf-4fb1-8d13-338174e75d20~13526f008-a687-41fb-a21e-c21362241492/frames").asInt());
    }

    @Test
    void usDates() {
        assertEquals("2024-12-03T17:50:51", TopSpinApp5Reader.usDate("12/03/2024 17:50:51").toString());
        assertNull(TopSpinApp5Reader.usDate("2024-12-03 17:50:51"));
    }

    @Test
    void brokenCopiesEndTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(A);
        Path f = dir.resolve("broken.app5");
        Files.write(f, Arrays.copyOf(real, real.length / 3));
        ExtractionRecord r = extractBroken(f, "cut at a third");
        assertEquals(Status.ERROR, r.status());

        // the only procedure XML made malformed in place (same length): nothing to map, the record says why
        String s = new String(real, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("<ProcedureData>");
        byte[] bad = real.clone();
        bad[at + "<ProcedureData".length()] = '<';
        Files.write(f, bad);
        r = extractBroken(f, "malformed procedure XML");
        assertEquals(Status.ERROR, r.status());
        assertEquals("MALFORMED_TEXT", r.errors().get(0).code().name(), r.errors().toString());
    }
}
