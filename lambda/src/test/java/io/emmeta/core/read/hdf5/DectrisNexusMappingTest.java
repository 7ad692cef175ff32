package io.emmeta.core.read.hdf5;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Corpus;

/**
 * The rosettasciio Dectris ARINA master file as a TEM document (issue #17).
 *
 * <p>Expected values read with h5py ({@code f.visititems}) from /entry/instrument/detector:
 * {@code description = b'Dectris ARINA CZT'}, {@code type = b'HPC'}, {@code count_time = 9.950000094249845e-05}
 * (units s), {@code bit_depth_readout = 8}, {@code detectorSpecific/x_pixels_in_detector = 192} (y the same),
 * {@code detectorSpecific/trigger_mode = b'exts'},
 * {@code detectorSpecific/data_collection_date = b'2025-05-03T01:51:00.302+02:00'} (so 2 May, 23:51 UTC), and
 * {@code detector_distance = 0.0} (units m), Dectris's unset value.
 */
class DectrisNexusMappingTest {

    static final Path MASTER = Corpus.file("public/rosettasciio/test_00_master.h5");

    @Test
    void detectorDescriptionAndDateWithItsOffsetInUtc() throws Exception {
        ExtractionRecord r = extract(MASTER);
        assertEquals("hdf5/dectris-nexus", r.detected().format());
        assertTrue(r.schema().startsWith("TEM"), r.schema());
        assertEquals("2025-05-02T23:51:00Z", r.mapped().get("startTime").asText(), "the offset moves it a day back");
        JsonNode det = r.mapped().at("/instrument/detector");
        assertEquals("Dectris ARINA CZT", det.get("detectorName").asText());
        assertEquals("Dectris ARINA CZT", det.at("/detectorManufacturer/modelName").asText());
        assertEquals("pixel", det.get("detectorType").asText());
        assertEquals(9.950000094249845e-05, det.at("/exposureTime/value").asDouble(), 1e-15);
        assertEquals("s", det.at("/exposureTime/unit").asText());
        assertEquals(8, det.get("bitDepthReadout").asInt());
        assertEquals(192, det.at("/numberOfPixelsCamera/xPixels").asInt());
        assertEquals("EXTS", det.get("measurementModeDectris").asText());
    }

    @Test
    void unsetDetectorDistanceAndTheEnergySettingStayOut() throws Exception {
        ExtractionRecord r = extract(MASTER);
        assertEquals(0.0, r.original().at("/entry/instrument/detector/detector_distance/value").asDouble());
        assertTrue(r.mapped().at("/instrument/setCameraLength").isMissingNode(), r.mapped().toString());
        assertTrue(r.mapped().at("/instrument/source").isMissingNode(), r.mapped().toString());
    }
}
