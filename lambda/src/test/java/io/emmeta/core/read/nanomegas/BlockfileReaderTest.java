package io.emmeta.core.read.nanomegas;

import static io.emmeta.testing.Chain.extract;
import static io.emmeta.testing.Chain.extractBroken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/**
 * The corpus's ASTAR blockfile (a 2x3 scan of 144x144 patterns). Expected values are the header's own bytes, decoded
 * here independently of the reader: {@code xxd} shows 40 0d 03 00 at 46 (200000 V), d0 07 00 00 at 52 (2000 × 0.1 mm),
 * c4 09 at 28 (2500 × 0.01°), 12.8 as a double at 30 and 38, and the OLE date 42339.6534700463 at 56.
 */
class BlockfileReaderTest {

    static final Path BLO = Corpus.file("public/rosettasciio/test1.blo");

    @Test
    void headerFieldsAsTheBytesSay() throws Exception {
        byte[] raw = Files.readAllBytes(BLO);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        ExtractionRecord r = extract(BLO);
        assertEquals("nanomegas/blockfile", r.detected().format());
        var h = r.original().at("/header");
        assertEquals(b.getShort(24), h.at("/NX").asInt());
        assertEquals(2, h.at("/NX").asInt());
        assertEquals(3, h.at("/NY").asInt());
        assertEquals(144, h.at("/DP_SZ").asInt());
        assertEquals(b.getInt(8), h.at("/Data_offset_1").asInt());
        assertEquals(b.getDouble(30), h.at("/SX/value").asDouble(), 0);
        assertEquals(b.getInt(46), h.at("/Beam_energy/value").asInt());
        assertEquals(0.98, h.at("/Distortion/N01").asDouble(), 0, "5c8f c2f5 285c ef3f at 0x88");
        // the note after the header: "Precession angle : \r\nPrecession Frequency : \r\nCamera gamma : on"
        assertEquals("on", r.original().at("/note/Camera gamma").asText());
        assertTrue(r.original().at("/note/Precession angle").isMissingNode(), "an empty line stays absent");
    }

    @Test
    void theDocumentCarriesTheHeaderInSchemaUnits() throws Exception {
        ExtractionRecord r = extract(BLO);
        var doc = r.mapped();
        assertEquals(200_000.0, doc.at("/instrument/source/accelerationVoltage/value").asDouble(), 0);
        assertEquals("V", doc.at("/instrument/source/accelerationVoltage/unit").asText());
        assertEquals(0.2, doc.at("/instrument/setCameraLength/value").asDouble(), 1e-12, "2000 × 0.1 mm");
        assertEquals(25.0, doc.at("/instrument/scan/scanRotation/value").asDouble(), 1e-12, "2500 × 0.01°");
        assertEquals(2, doc.at("/instrument/scan/scanSize/xPixels").asInt());
        assertEquals(3, doc.at("/instrument/scan/scanSize/yPixels").asInt());
        assertEquals(2 * 12.8e-9, doc.at("/instrument/scan/xFieldOfView/value").asDouble(), 1e-18);
        assertEquals(3 * 12.8e-9, doc.at("/instrument/scan/yFieldOfView/value").asDouble(), 1e-18);
        assertTrue(doc.at("/instrument/ASTAR").isMissingNode(), "144 is not among frameSize's 128/256/512/1024");
        // 42339.6534700463 days after 1899-12-30 = 2015-12-01 15:40:59.8 (the commit adding it is of 2015-12-02)
        assertEquals("2015-12-01T15:40:59", doc.get("startTime").asText());
        assertTrue(r.provenance().bytesRead() <= 64 * 1024, "header only: " + r.provenance().bytesRead());
        assertTrue(r.provenance().bytesRead() < Files.size(BLO), "not the patterns");
    }

    @Test
    void oleDates() {
        assertEquals("2015-12-01T15:40:59.812", BlockfileReader.oleDate(42339.653470046294).toString());
        assertNull(BlockfileReader.oleDate(0), "0: not recorded");
        assertNull(BlockfileReader.oleDate(Double.NaN));
    }

    @Test
    void brokenCopiesEndTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(BLO);
        Path f = dir.resolve("broken.blo");
        Files.write(f, Arrays.copyOf(real, 100));
        ExtractionRecord r = extractBroken(f, "cut inside the header");
        assertEquals(Status.ERROR, r.status());
        assertEquals("TRUNCATED", r.errors().get(0).code().name());

        Files.write(f, Arrays.copyOf(real, 20_000));
        r = extractBroken(f, "cut inside the patterns");
        assertTrue(r.warnings().stream().anyMatch(w -> w.code().name().equals("TRUNCATED")), r.warnings().toString());
        assertEquals(200_000.0, r.mapped().at("/instrument/source/accelerationVoltage/value").asDouble(), 0);

        byte[] lying = real.clone();
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0x7fffffff).putDouble(56, 1e300);
        Files.write(f, lying);
        r = extractBroken(f, "note offset and date out of range");
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("OLE date")), r.warnings().toString());
        assertTrue(r.provenance().bytesRead() <= 128 * 1024, "a lying offset reads no more: "
                + r.provenance().bytesRead());
    }
}
