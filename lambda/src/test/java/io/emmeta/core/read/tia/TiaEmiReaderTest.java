package io.emmeta.core.read.tia;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

class TiaEmiReaderTest {


    /*
     * Expected values: HyperSpy 1.7.3 (apt python3-hyperspy), hs.load(f).original_metadata.ObjectInfo: AcquireDate and
     * AcquireInfo (DwellTimePath, CameraNamePath) as the .emi's XML block writes them.
     */

    @Test
    void stemAcquireDateAndDwell() throws Exception {
        // HyperSpy: AcquireDate 'Tue Oct 18 18:18:46 2011'; AcquireInfo {'DwellTimePath': '0.000029'}; no camera name
        ExtractionRecord r = extract(Corpus.file("public/openNCEM/16_STOimage.emi"));
        assertEquals("2011-10-18T18:18:46", r.mapped().get("startTime").asText(), "asctime, local: no Z");
        assertEquals(2.9e-5, r.mapped().at("/instrument/scan/dwellTime/value").asDouble(), 1e-18);
        assertEquals("s", r.mapped().at("/instrument/scan/dwellTime/unit").asText());
        assertTrue(r.mapped().at("/instrument/detector/exposureTime").isMissingNode(), "STEM: a dwell, not an exposure");
    }

    @Test
    void temAcquireDateExposureAndCamera() throws Exception {
        // HyperSpy: AcquireDate 'Mon Feb 22 18:50:01 2016'; DwellTimePath '0.100000'; CameraNamePath 'BM-Ceta'
        ExtractionRecord r = extract(Corpus.file("public/rosettasciio/128x128-TEM_search.emi"));
        assertEquals("2016-02-22T18:50:01", r.mapped().get("startTime").asText());
        assertEquals(0.1, r.mapped().at("/instrument/detector/exposureTime/value").asDouble(), 1e-15);
        assertEquals("BM-Ceta", r.mapped().at("/instrument/detector/detectorName").asText());
        assertTrue(r.mapped().at("/instrument/scan").isMissingNode(), "TEM: an exposure, not a dwell");
        // HyperSpy: AcquireDate 'Sun Feb 21 17:50:18 2016'; DwellTimePath '0.062500'; CameraNamePath 'WA-Orius'
        ExtractionRecord r2 = extract(Corpus.file("public/rosettasciio/64x64_TEM_images_acquire.emi"));
        assertEquals("2016-02-21T17:50:18", r2.mapped().get("endTime").asText());
        assertEquals(0.0625, r2.mapped().at("/instrument/detector/exposureTime/value").asDouble(), 1e-15);
        assertEquals("WA-Orius", r2.mapped().at("/instrument/detector/detectorName").asText());
    }

    @Test
    void objectInfoFromTheTailWithUnits() throws Exception {
        ExtractionRecord r = extract(Corpus.file("public/openNCEM/16_STOimage.emi"));
        assertEquals(Status.PARTIAL, r.status());
        assertEquals(80000, r.mapped().at("/instrument/source/accelerationVoltage/value").asInt());
        assertEquals(0.116, r.mapped().at("/instrument/setCameraLength/value").asDouble(), 1e-12);
        assertEquals(-2e-9, r.mapped().at("/instrument/defocus/value").asDouble(), 1e-18, "-0.002 um");
        assertEquals("STEM", r.mapped().at("/instrument/operationMode").asText());
        assertEquals("nano probe mode", r.mapped().at("/instrument/probeMode").asText());
        assertEquals("uA", r.original().at("/description/Emission/unit").asText());
        assertTrue(r.provenance().bytesRead() < 2109440 / 4, "the tail only: " + r.provenance().bytesRead());
    }

    @Test
    void xxeInTheObjectInfoIsRefusedAndAMissingBlockIsTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file("public/rosettasciio/64x64_TEM_images_acquire.emi"));
        String s = new String(real, StandardCharsets.ISO_8859_1);
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOPSECRET");
        String evil = s.replace("<ObjectInfo>", "<!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri()
                + "\">]><ObjectInfo>&e;");
        Path f = dir.resolve("evil.emi");
        Files.write(f, evil.getBytes(StandardCharsets.ISO_8859_1));
        ExtractionRecord r = extract(f);
        assertEquals(Status.ERROR, r.status());
        assertTrue(new ObjectMapper().writeValueAsString(r).indexOf("TOPSECRET") < 0);
        Path none = dir.resolve("none.emi");
        Files.write(none, s.replace("<ObjectInfo>", "<Nothing>").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("CORRUPT", extract(none).errors().get(0).code().name());
    }
}
