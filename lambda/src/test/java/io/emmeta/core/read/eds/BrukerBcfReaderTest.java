package io.emmeta.core.read.eds;

import static io.emmeta.testing.Chain.extract;
import static io.emmeta.testing.Chain.extractBroken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Corpus;

/** Bruker Esprit hypermaps from a TEM (openNCEM) and a Hitachi tabletop SEM, and broken copies of them. */
class BrukerBcfReaderTest {

    static final Path TEM = Corpus.file("public/openNCEM/0.bcf");
    static final Path SEM = Corpus.file("public/rosettasciio/Hitachi_TM3030Plus.bcf");

    @Test
    void temMapGivesBeamEnergyMagnificationPixelSizeAndDateWithoutTheCube() throws Exception {
        ExtractionRecord r = extract(TEM);
        assertEquals("bruker/bcf", r.detected().format());
        assertTrue(r.schema().contains("TEM"), r.schema());
        assertEquals(200000, r.mapped().at("/instrument/source/accelerationVoltage/value").asInt());
        assertEquals(20000, r.mapped().at("/instrument/setMagnification").asInt());
        assertEquals(1.30814447573835e-8, r.mapped().at("/instrument/detector/pixelSizeImage/xPixelSize/value")
                .asDouble(), 1e-20);
        assertEquals("2018-11-29T21:52:11", r.mapped().get("startTime").asText());
        assertEquals("HAADF", r.mapped().at("/instrument/detector/detectorName").asText());
        long cube = r.original().at("/container/files/EDSDatabase|SpectrumData0/value").asLong();
        assertTrue(cube > 2_000_000);
        assertTrue(r.provenance().bytesRead() < Files.size(TEM) - cube, "the spectrum cube is never read: "
                + r.provenance().bytesRead());
        assertTrue(r.original().toString().contains("characters, not kept"), "base64 planes described, not copied");
    }

    @Test
    void semMapIsAnSemDocumentAndAnUnsetWorkingDistanceIsNotADistance() throws Exception {
        ExtractionRecord r = extract(SEM);
        assertEquals(15000, r.mapped().at("/entry/instrument/eBeamSource/accelerationVoltage/value").asInt());
        assertEquals(0.0086, r.mapped().at("/entry/instrument/stage/eBeamWorkingDistance/value").asDouble(), 1e-12);
        assertEquals(320, r.mapped().at("/entry/instrument/imaging/numberOfPixels/xPixels").asInt());
        ExtractionRecord tem = extract(TEM);
        assertTrue(tem.original().at("/derived/workingDistance/label").asText().contains("not set"));
    }

    /**
     * The EDS detector (issue #17). Expected values from {@code strings FILE | grep -o '<ClassInstance
     * Type="TRTDetectorHeader".\{0,300\}'}: the element after TRTKnownHeader reads {@code <Type>XFlash 430</Type>}
     * (Hitachi TM3030Plus) and {@code <Type>SuperX</Type>} (openNCEM TEM map, whose survey channel is
     * {@code <ChannelName0>HAADF</ChannelName0>}). The date is D.M.YYYY: {@code <Date>6.1.2017</Date>} with
     * {@code <Time>11:42:15</Time>} in the database header, so 6 January, not 1 June.
     */
    @Test
    void edsDetectorNameAndDayFirstDate() throws Exception {
        ExtractionRecord sem = extract(SEM);
        assertEquals("XFlash 430", sem.mapped().at("/entry/instrument/detectors/detector2/detectorName").asText());
        assertEquals("2017-01-06T11:42:15", sem.mapped().at("/entry/endTime").asText());
        ExtractionRecord tem = extract(TEM);
        assertEquals("SuperX", tem.original().at("/derived/detectorType").asText());
        assertEquals("HAADF", tem.mapped().at("/instrument/detector/detectorName").asText());
        assertTrue(tem.warnings().stream().anyMatch(w -> w.message().contains("SuperX")),
                "the EDS detector left out of the TEM document is named in a warning: " + tem.warnings());
    }

    /** Neither corpus file records a stage position (TRTSEMStageData holds only State): no tilt is made up. */
    @Test
    void noStageTiltWhenTheStageDataHoldsNone() throws Exception {
        assertTrue(extract(SEM).mapped().at("/entry/instrument/stage/stageTiltAngle").isMissingNode());
        assertTrue(extract(TEM).mapped().at("/instrument/stage/tiltAngleAlpha").isMissingNode());
    }

    @Test
    void cutAndPatchedContainersEndTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(SEM);
        Path f = dir.resolve("broken.bcf");
        for (int cut : new int[] {8, 0x100, 0x14f, 0x150, 4096, 20_000, 100_000, real.length - 1}) {
            Files.write(f, Arrays.copyOf(real, cut));
            extractBroken(f, "cut at " + cut);
        }
        Random rnd = new Random(7);
        int[] fields = {0x128, 0x140, 0x144, 0x148};
        for (int field : fields) {
            for (int v : new int[] {0, -1, 1, Integer.MAX_VALUE, 0x7fff}) {
                byte[] b = real.clone();
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(field, v);
                Files.write(f, b);
                extractBroken(f, "header field " + field + " = " + v);
            }
        }
        for (int i = 0; i < 40; i++) {
            byte[] b = real.clone();
            int at = 0x150 + rnd.nextInt(40_000);
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, rnd.nextBoolean() ? -1 : rnd.nextInt());
            Files.write(f, b);
            extractBroken(f, "patched at " + at);
        }
    }
}
