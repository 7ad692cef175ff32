package io.emmeta.core.read.tvips;

import static io.emmeta.testing.Chain.extract;
import static io.emmeta.testing.Chain.extractBroken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Corpus;

/** The corpus's TVIPS F416 camera TIFF: the EM-MENU header the tag points at, and copies where it lies. */
class TvipsHeaderTest {

    static final Path TVIPS = Corpus.file("public/rosettasciio/TVIPS_bin4.tif");
    /** Where tag 37706 says the header is in this file (checked below through the record). */
    static final int HEADER_AT = 57550;

    @Test
    void versionTwoHeaderGivesVoltageMagnificationPixelSizeCameraAndDate() throws Exception {
        ExtractionRecord r = extract(TVIPS);
        assertEquals("tiff/tvips", r.detected().format());
        assertEquals(99000, r.mapped().at("/instrument/source/accelerationVoltage/value").asInt());
        assertEquals(32000, r.mapped().at("/instrument/setMagnification").asInt());
        assertEquals(1.4208037e-9, r.mapped().at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(), 1e-15);
        assertEquals("F416", r.mapped().at("/instrument/detector/detectorName").asText());
        assertEquals(0.4, r.mapped().at("/instrument/detector/exposureTime/value").asDouble(), 1e-12);
        assertEquals("2017-04-12T09:01:17", r.mapped().get("startTime").asText(), "the file name says 12-04-2017");
        assertEquals(4, r.original().at("/tvips/BinningX").asInt());
        assertTrue(r.provenance().bytesRead() < 64 * 1024, "header and IFD only: " + r.provenance().bytesRead());
    }

    @Test
    void aHeaderThatLiesEndsTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(TVIPS);
        Path f = dir.resolve("tvips.tif");
        byte[] noMagic = real.clone();
        ByteBuffer.wrap(noMagic).order(ByteOrder.LITTLE_ENDIAN).putInt(HEADER_AT + TvipsHeader.V1 + 6064, 0);
        Files.write(f, noMagic);
        ExtractionRecord r = extractBroken(f, "magic overwritten");
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("magic")), r.warnings().toString());
        byte[] badDate = real.clone();
        ByteBuffer.wrap(badDate).order(ByteOrder.LITTLE_ENDIAN).putInt(HEADER_AT + TvipsHeader.V1 + 340, 0x07E10D40);
        Files.write(f, badDate);
        r = extractBroken(f, "month 13");
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("TVIPS date")), r.warnings().toString());
        Files.write(f, java.util.Arrays.copyOf(real, HEADER_AT + 1000));
        r = extractBroken(f, "cut inside the header");
        assertTrue(r.warnings().stream().anyMatch(w -> w.code().name().equals("TRUNCATED")), r.warnings().toString());
    }
}
