package io.emmeta.core.read.hamamatsu;

import static io.emmeta.testing.Chain.extract;
import static io.emmeta.testing.Chain.extractBroken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Corpus;

/**
 * The rosettasciio Hamamatsu streak TIFF (HPD-TA 9.5, focus mode) as an SEM (cathodoluminescence) document (issue #17).
 *
 * <p>Expected values read with tifffile ({@code TiffFile(f).pages[0].tags['ImageDescription'].value}):
 * {@code [Application],...,Date="10/02/2022",Time="13:00:03.484",...,SoftwareVersion="9.5 pf4"},
 * {@code [Camera],CameraName="C13440-20CU",...}, {@code [Acquisition],NrExposure=1000,...,ExposureTime=1004 us}. The
 * date is day first: the TIFF DateTime tag of the same file reads {@code 2022:02:10 13:00:35} (10 February).
 */
class HamamatsuStreakTiffReaderTest {

    static final Path STREAK = Corpus.file("rosettasciio/test_hamamatsu_streak_FOCUS.tif");

    @Test
    void dayFirstDateCameraModelAndSoftware() throws Exception {
        ExtractionRecord r = extract(STREAK);
        assertEquals("tiff/hamamatsu", r.detected().format());
        assertTrue(r.schema().startsWith("SEM"), r.schema());
        assertEquals("2022-02-10T13:00:03", r.mapped().at("/entry/startTime").asText());
        assertEquals("C13440-20CU", r.mapped().at("/entry/instrument/detectors/detector1/detectorName").asText());
        assertEquals("C13440-20CU",
                r.mapped().at("/entry/instrument/detectors/detector1/detectorManufacturer/modelName").asText());
        assertEquals("9.5 pf4", r.mapped().at("/entry/program/programVersion").asText());
    }

    @Test
    void exposureIsReadWithItsUnitAndItsMissingSchemaPlaceIsNoted() throws Exception {
        ExtractionRecord r = extract(STREAK);
        assertEquals(1004, r.original().at("/comment/Acquisition/ExposureTime/value").asDouble(), 1e-9);
        assertEquals("us", r.original().at("/comment/Acquisition/ExposureTime/unit").asText());
        assertEquals(1000, r.original().at("/comment/Acquisition/NrExposure").asInt());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("exposure time 1004")), r.notes().toString());
        // the generic INI reading glued section names to keys ("[Camera],CameraName"); the comment parser does not
        assertTrue(r.original().path("ImageDescription").isMissingNode(), r.original().toString());
    }

    @Test
    void brokenDescriptionsEndTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(STREAK);
        String asText = new String(real, StandardCharsets.ISO_8859_1);
        int at = asText.indexOf("Date=\"10/02/2022\"");
        assertTrue(at > 0);
        byte[] b = real.clone();
        byte[] bad = "Date=\"31/31/2022\"".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(bad, 0, b, at, bad.length);
        Path f = dir.resolve("bad-date.tif");
        Files.write(f, b);
        ExtractionRecord r = extractBroken(f, "impossible date");
        assertTrue(r.mapped() == null || r.mapped().at("/entry/startTime").isMissingNode());
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("31/31/2022")), r.warnings().toString());
    }
}
