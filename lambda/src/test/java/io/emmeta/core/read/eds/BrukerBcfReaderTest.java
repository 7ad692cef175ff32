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
