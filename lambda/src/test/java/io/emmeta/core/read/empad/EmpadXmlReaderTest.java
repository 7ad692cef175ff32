package io.emmeta.core.read.empad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.SidecarNames;
import io.emmeta.core.container.Probe;
import io.emmeta.core.format.Detection;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;

/** EMPAD acquisition records (0.51 and 1.2.2); each expected value is the one written in the file's own XML. */
class EmpadXmlReaderTest {

    static final String V122 = "public/rosettasciio/EMPAD_v1.2.2_x32_y64_size0.8.xml";
    static final String V051 = "public/rosettasciio/map4x4.xml";
    static final String SERIES = "public/rosettasciio/stack_images.xml";

    static MetadataTree read(String file) throws Exception {
        Path p = Corpus.file(file);
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new EmpadXmlReader().read(probe, new Detection(EmpadXmlReader.FORMAT, "xml", List.of("test")))
                    .original();
        }
    }

    @Test
    void version122TakesTheAcquireBlockNotTheSearchBlock() throws Exception {
        MetadataTree t = read(V122);
        assertEquals("1.2.2  (2021-08-20)", t.text("software_version"));
        // <scan_parameters mode="acquire">...<scan_resolution_y>64</...><scan_resolution_x>32</...>; search says the same
        // sizes here, but its scan_size is 0.8 against acquire's 0.6: the two blocks are kept apart
        assertEquals(32L, t.get("derived/scanSize/x").value());
        assertEquals(64L, t.get("derived/scanSize/y").value());
        // <full_scan_field_of_view><scale_factor>0.72</scale_factor><x>1.272412341559544e-06</x>: taken as written
        assertEquals(1.272412341559544e-06, t.get("derived/fieldOfView/x").asDouble(), 0);
        assertEquals("m", t.get("derived/fieldOfView/x").unit());
        assertEquals(300000.0, t.get("iom_measurements/high_voltage").asDouble(), 0);
        assertEquals("V", t.get("iom_measurements/high_voltage").unit());
        assertEquals("scan_x32_y64.raw", t.text("raw_file@filename"));
        // the record names its data file (<raw_file filename="scan_x32_y64.raw"/>): no name rule reaches it from
        // "EMPAD_v1.2.2_x32_y64_size0.8.xml", so the record says which file it is instead of pairing
        assertEquals("scan_x32_y64.raw", t.text("derived/dataFile"));
        assertTrue(!SidecarNames.isSidecarName("x/EMPAD_v1.2.2_x32_y64_size0.8.xml")
                || !SidecarNames.imagesOf("x/EMPAD_v1.2.2_x32_y64_size0.8.xml").contains("x/scan_x32_y64.raw"));
    }

    @Test
    void version051KeepsTheDiffractionCalibrationOutOfTheDocument() throws Exception {
        MetadataTree t = read(V051);
        // <pix_x>4</pix_x><pix_y>4</pix_y> and raw "scan_x4_y4.raw"; the acquire block says 128 x 128
        assertEquals(4L, t.get("derived/scanSize/x").value());
        assertEquals(4L, t.get("derived/scanSize/y").value());
        // optics.get_full_scan_field_of_view: [4.5663426505682195e-06, 4.5663426505682195e-06]
        assertEquals(4.5663426505682195e-06, t.get("derived/fieldOfView/y").asDouble(), 0);
        assertEquals(1.826537060227288e-10, t.get("iom_measurements/calibrated_pixelsize").asDouble(), 0);
        ExtractionRecord r = Chain.extract(Corpus.file(V051));
        assertEquals("xml/empad", r.detected().format());
        var doc = r.mapped();
        // <source.get_voltage>300000.0</...>, <optics.get_cameralength>0.7225</...>, <beam.get_spotsizeindex>6</...>
        assertEquals(300000.0, doc.at("/instrument/source/accelerationVoltage/value").asDouble(), 0);
        assertEquals(0.7225, doc.at("/instrument/setCameraLength/value").asDouble(), 0);
        assertEquals(6, doc.at("/instrument/spotSize/value").asInt());
        assertEquals(4, doc.at("/instrument/scan/scanSize/xPixels").asInt());
        // timestamp="1559820600.164675" is UTC (its isoformat twin, 13:30:00, is the local clock)
        assertEquals("2019-06-06T11:30:00Z", doc.get("startTime").asText());
        assertFalse(doc.at("/instrument/detector").has("pixelSizeImage"), "a diffraction calibration is no pixel size");
    }

    @Test
    void version122Document() throws Exception {
        ExtractionRecord r = Chain.extract(Corpus.file(V122));
        var doc = r.mapped();
        assertEquals(0.369, doc.at("/instrument/setCameraLength/value").asDouble(), 0);
        assertEquals("STEM", doc.at("/instrument/operationMode").asText(), "<is_column_in_stem_mode>True");
        assertEquals(7, doc.at("/instrument/spotSize/value").asInt());
        assertEquals(64, doc.at("/instrument/scan/scanSize/yPixels").asInt());
        assertEquals(1.272412341559544e-06, doc.at("/instrument/scan/xFieldOfView/value").asDouble(), 0);
        assertEquals("2026-03-25T20:47:52Z", doc.get("startTime").asText(), "timestamp=\"1774471672.586728\"");
        // the file's exposure_time is 1 ms; every document writes times in s (one unit per quantity)
        assertEquals(0.001, doc.at("/instrument/detector/exposureTime/value").asDouble(), 1e-15);
        assertEquals("s", doc.at("/instrument/detector/exposureTime/unit").asText());
    }

    @Test
    void aSeriesHasNoScan() throws Exception {
        MetadataTree t = read(SERIES);
        assertEquals(10L, t.get("scan_parameters/series_count").value());
        assertNull(t.get("derived/scanSize/x"));
        ExtractionRecord r = Chain.extract(Corpus.file(SERIES));
        assertEquals("xml/empad", r.detected().format());
        assertFalse(r.mapped().path("instrument").has("scan"));
        assertFalse(r.mapped().at("/instrument/source").has("accelerationVoltage"), "no iom block: absent, not 0");
    }

    @Test
    void brokenRecordsGetTypedErrors(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file(V122));
        Path cut = dir.resolve("cut.xml");
        Files.write(cut, Arrays.copyOf(real, real.length - 40));
        ExtractionRecord r = Chain.extractBroken(cut, "truncated EMPAD .xml");
        assertEquals("xml/empad", r.detected().format());
        assertEquals(Status.ERROR, r.status());
        assertEquals("MALFORMED_TEXT", r.errors().get(0).code().name());
        // a tag broken in the middle of the record
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, new String(real, java.nio.charset.StandardCharsets.UTF_8)
                .replace("<iom_measurements>", "<iom_measurements"));
        ExtractionRecord b = Chain.extractBroken(bad, "corrupted EMPAD .xml");
        assertEquals(Status.ERROR, b.status());
        assertEquals("MALFORMED_TEXT", b.errors().get(0).code().name());
    }
}
