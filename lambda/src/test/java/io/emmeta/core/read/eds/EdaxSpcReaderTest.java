package io.emmeta.core.read.eds;

import static io.emmeta.testing.Chain.extract;
import static io.emmeta.testing.Chain.extractBroken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.testing.Corpus;

/** The corpus's EDAX TEAM spectrum (a Zeiss LEO SEM), and broken copies of it. */
class EdaxSpcReaderTest {

    static final Path SPC = Corpus.file("public/NexusLIMS/647_leo_edax_test.spc");

    @Test
    void headerGivesBeamEnergyCalibrationGeometryDateAndElements() throws Exception {
        ExtractionRecord r = extract(SPC);
        assertEquals("edax/spc", r.detected().format());
        assertEquals(Status.PARTIAL, r.status(), "no schema place for an EDS spectrum: the tree, said so");
        assertEquals(10.0, r.original().at("/kV/value").asDouble());
        assertEquals("kV", r.original().at("/kV/unit").asText());
        assertEquals(5, r.original().at("/evPerChan/value").asInt());
        assertEquals(30.000002, r.original().at("/liveTime/value").asDouble(), 1e-9);
        assertEquals(35.0, r.original().at("/elevation/value").asDouble());
        assertEquals("2022-08-29T10:14:08", r.original().at("/collected/value").asText());
        assertEquals(27, r.original().at("/elements/1/value").asInt(), "Co");
        assertTrue(r.original().at("/longFileName").asText().endsWith("20220829_CoO220711_scan.spc"));
    }

    @Test
    void cutAndBrokenHeadersEndTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(SPC);
        for (int cut : new int[] {0, 10, 63, 64, 3839, 3840, 20000}) {
            Path f = dir.resolve("cut.spc");
            Files.write(f, Arrays.copyOf(real, cut));
            extractBroken(f, "cut at " + cut);
        }
        byte[] badDate = real.clone();
        ByteBuffer.wrap(badDate).order(ByteOrder.LITTLE_ENDIAN).put(19, (byte) 13).put(18, (byte) 40);
        Path f = dir.resolve("date.spc");
        Files.write(f, badDate);
        ExtractionRecord r = extractBroken(f, "impossible date");
        assertTrue(r.warnings().stream().anyMatch(w -> w.code().name().equals("CORRUPT")), r.warnings().toString());
        byte[] elements = real.clone();
        ByteBuffer.wrap(elements).order(ByteOrder.LITTLE_ENDIAN).putShort(638, (short) 30000);
        Files.write(f, elements);
        r = extract(f);
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("numElem")), r.warnings().toString());
        // without its consistent header the bytes are not taken for a spectrum at all
        byte[] noHeader = real.clone();
        ByteBuffer.wrap(noHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 1234);
        Files.write(f, noHeader);
        assertFalse("edax/spc".equals(extract(f).detected().format()));
    }
}
