package io.emmeta.core.read.thermo;

import static io.emmeta.testing.Chain.extract;
import static io.emmeta.testing.Chain.extractBroken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Corpus;

/**
 * Phenom ELID archives of format versions 1, 2 and 4 (HyperSpy 1.7.3 rejects the later ones as "unsupported ELID
 * format"), and broken copies: cut bzip2 streams, flipped bytes, garbage.
 */
class PhenomElidReaderTest {

    static final Path[] FILES = {Corpus.file("public/rosettasciio/Elid2Version1.elid"),
        Corpus.file("public/rosettasciio/Elid2Version2.elid"), Corpus.file("rosettasciio/Elid2Version4.elid")};

    /**
     * The instrument serial (issue #17). Expected value from {@code bzcat FILE | strings | grep -A3 '<instrument>'}:
     * every image's {@code <instrument>} block in all three versions writes {@code <uniqueID>MVE027364-0026-L</uniqueID>}.
     */
    @Test
    void instrumentSerialIsTheInstrumentId() throws Exception {
        for (Path p : FILES) {
            ExtractionRecord r = extract(p);
            assertEquals("MVE027364-0026-L",
                    r.mapped().at("/entry/instrument/instrumentID/identifierValue").asText(), p.toString());
        }
    }

    @Test
    void everyVersionGivesTheImagesAcquisitionMetadataAsAnSemDocument() throws Exception {
        int version = 0;
        for (Path f : FILES) {
            ExtractionRecord r = extract(f);
            assertEquals("thermofisher/phenom-elid", r.detected().format());
            int v = r.original().at("/archive/formatVersion").asInt();
            assertTrue(v > version, f + ": versions ascend, got " + v);
            version = v;
            assertEquals(15000, r.mapped().at("/entry/instrument/eBeamSource/accelerationVoltage/value").asInt(),
                    "Phenom writes -15 kV");
            assertEquals("PhenomXL", r.mapped().at("/entry/instrument/instrumentName").asText());
            assertEquals(8.14175e-3, r.mapped().at("/entry/instrument/stage/eBeamWorkingDistance/value").asDouble(),
                    1e-9);
            assertEquals(9.7578e-7, r.mapped().at("/entry/instrument/imaging/pixelSize/xPixelSize/value").asDouble(),
                    1e-10);
            assertEquals(2e-7, r.mapped().at("/entry/instrument/imaging/dwellTime/value").asDouble(), 1e-15);
            assertEquals("2019-08-07T09:37:31", r.mapped().at("/entry/endTime").asText());
            assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("EDS analyses")),
                    "what is not decoded is said");
            assertTrue(r.original().at("/images").size() > 1, "every embedded image is listed");
        }
    }

    @Test
    void cutAndDamagedArchivesEndTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(FILES[2]);
        Path f = dir.resolve("broken.elid");
        for (int cut : new int[] {3, 1001, 2000, 5000, 20_000, 60_000, real.length - 10}) {
            Files.write(f, Arrays.copyOf(real, cut));
            extractBroken(f, "cut at " + cut);
        }
        Random rnd = new Random(3);
        for (int i = 0; i < 25; i++) {
            byte[] b = real.clone();
            for (int k = 0; k < 1 + i % 4; k++) {
                b[10 + rnd.nextInt(b.length - 10)] ^= (byte) (1 + rnd.nextInt(255));
            }
            Files.write(f, b);
            extractBroken(f, "flipped bytes #" + i);
        }
        byte[] garbage = real.clone();
        rnd.nextBytes(garbage);
        garbage[0] = 'B';
        garbage[1] = 'Z';
        garbage[2] = 'h';
        Files.write(f, garbage);
        extractBroken(f, "garbage after the bzip2 magic");
    }
}
