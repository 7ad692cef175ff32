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
        assertEquals(Status.PARTIAL, r.status(), "the document lacks what a spectrum cannot hold (schema errors)");
        assertEquals(10.0, r.original().at("/kV/value").asDouble());
        assertEquals("kV", r.original().at("/kV/unit").asText());
        assertEquals(5, r.original().at("/evPerChan/value").asInt());
        assertEquals(30.000002, r.original().at("/liveTime/value").asDouble(), 1e-9);
        assertEquals(35.0, r.original().at("/elevation/value").asDouble());
        assertEquals("2022-08-29T10:14:08", r.original().at("/collected/value").asText());
        assertEquals(27, r.original().at("/elements/1/value").asInt(), "Co");
        assertTrue(r.original().at("/longFileName").asText().endsWith("20220829_CoO220711_scan.spc"));
    }

    /**
     * The SEM document (issue #17). Expected values read without our code: {@code xxd -s 16 -l 8} gives {@code e607 1d
     * 08 0e 0a 00 08} = year 2022, day 29, month 8, minute 14, hour 10, hundredths 0, second 8 (the .spc field order,
     * day before month and minute before hour); {@code struct.unpack_from('<f', b, 532)} = 10.0 (kV) and at 460 = -1.0
     * (tilt). EDAX's own EMSA export of this spectrum (647_leo_edax_test.msa) agrees: {@code #DATE 29-Aug-2022},
     * {@code #TIME 10:14}, {@code #BEAMKV -kV: 10.0}, {@code ##Tilt Angle : -1.0}; SOURCES.md names a LEO SEM.
     */
    @Test
    void anSemSpectrumGivesAnSemDocumentWithVoltageDateAndTilt() throws Exception {
        ExtractionRecord r = extract(SPC);
        assertTrue(r.schema().startsWith("SEM"), r.schema());
        assertEquals(10000, r.mapped().at("/entry/instrument/eBeamSource/accelerationVoltage/value").asDouble(), 1e-6);
        assertEquals("V", r.mapped().at("/entry/instrument/eBeamSource/accelerationVoltage/unit").asText());
        assertEquals("2022-08-29T10:14:08", r.mapped().at("/entry/endTime").asText());
        assertEquals(-1.0, r.mapped().at("/entry/instrument/stage/stageTiltAngle/value").asDouble(), 1e-9);
        assertEquals("degree", r.mapped().at("/entry/instrument/stage/stageTiltAngle/unit").asText());
    }

    /** The beam energy chooses the schema; 0 kV (not recorded) writes no voltage. Copies patched at byte 532. */
    @Test
    void beamEnergyChoosesTheSchemaAndZeroStaysAbsent(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(SPC);
        Path f = dir.resolve("patched.spc");
        byte[] tem = real.clone();
        ByteBuffer.wrap(tem).order(ByteOrder.LITTLE_ENDIAN).putFloat(532, 200f);
        Files.write(f, tem);
        ExtractionRecord r = extract(f);
        assertTrue(r.schema().startsWith("TEM"), r.schema());
        assertEquals(200000, r.mapped().at("/instrument/source/accelerationVoltage/value").asDouble(), 1e-6);
        assertEquals(-1.0, r.mapped().at("/instrument/stage/tiltAngleAlpha/value").asDouble(), 1e-9);
        byte[] none = real.clone();
        ByteBuffer.wrap(none).order(ByteOrder.LITTLE_ENDIAN).putFloat(532, 0f);
        Files.write(f, none);
        r = extract(f);
        assertTrue(r.mapped().at("/entry/instrument/eBeamSource/accelerationVoltage").isMissingNode(),
                r.mapped().toString());
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
