package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.emmeta.testing.TiffBuilder;
import io.emmeta.testing.TiffBuilder.Entry;

/**
 * The TIFF pixel paths against an independent encoder: ImageIO's TIFF writer makes the file (each compression, strips
 * or tiles); the preview of an 8-bit image that needs no downscaling and has no scale bar must equal the pixels
 * written, exactly; a 16-bit one must follow them (contrast is stretched, the order of the grey levels is kept).
 */
class TiffPixelsTest {

    static BufferedImage grey8(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(seed);
        WritableRaster ras = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // structure (a gradient and discs) plus noise: compresses, and shows a misplaced row or tile
                int v = (x * 255 / w + y * 3) % 256;
                if ((x - w / 2) * (x - w / 2) + (y - h / 3) * (y - h / 3) < h * h / 25) {
                    v = 255 - v;
                }
                ras.setSample(x, y, 0, Math.max(0, Math.min(255, v + r.nextInt(9) - 4)));
            }
        }
        return img;
    }

    static byte[] write(BufferedImage img, String compression, int tile) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        if (compression != null) {
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionType(compression);
        }
        if (tile > 0) {
            p.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
            p.setTiling(tile, tile, 0, 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream s = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(s);
            writer.write(null, new IIOImage(img, null, null), p);
        }
        writer.dispose();
        return out.toByteArray();
    }

    static byte[] greyOf(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    @ParameterizedTest
    @CsvSource({"'', 0", "LZW, 0", "Deflate, 0", "PackBits, 0", "LZW, 64", "Deflate, 32", "'', 48", "PackBits, 16"})
    void anEightBitImageComesOutAsWritten(String compression, int tile) throws Exception {
        BufferedImage img = grey8(301, 203, 42);
        byte[] tiff = write(img, compression.isEmpty() ? null : compression, tile);
        HostilePixelsTest.Outcome o = HostilePixelsTest.run(tiff);
        assertNotNull(o.preview(), () -> o.record().warnings().toString());
        assertEquals(301, o.preview().width());
        assertEquals(203, o.preview().height());
        assertArrayEquals(((DataBufferByte) img.getRaster().getDataBuffer()).getData(), greyOf(o.preview().png()));
    }

    @Test
    void aLargerImageIsDownscaledToFiveHundredTwelveWithItsAspect() throws Exception {
        BufferedImage img = grey8(1600, 900, 3);
        HostilePixelsTest.Outcome o = HostilePixelsTest.run(write(img, "LZW", 0));
        assertNotNull(o.preview(), () -> o.record().warnings().toString());
        assertEquals(512, o.preview().width());
        assertEquals(288, o.preview().height());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(o.preview().png()));
        assertTrue(PreviewCorpusTest.correlation(png, img, false) > 0.97);
    }

    @Test
    void sixteenBitDataKeepsTheOrderOfItsGreyLevels() throws Exception {
        BufferedImage img = new BufferedImage(200, 100, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                r.setSample(x, y, 0, 1000 + x * 50 + y); // 1000 … 11 049: a ramp far from the 16-bit range's ends
            }
        }
        HostilePixelsTest.Outcome o = HostilePixelsTest.run(write(img, "Deflate", 0));
        assertNotNull(o.preview(), () -> o.record().warnings().toString());
        byte[] g = greyOf(o.preview().png());
        // stretched: the ramp spans (almost) black to white, and rises along each row
        assertTrue((g[0] & 0xff) < 10 && (g[199] & 0xff) > 245, (g[0] & 0xff) + " … " + (g[199] & 0xff));
        for (int x = 1; x < 200; x++) {
            assertTrue((g[50 * 200 + x] & 0xff) >= (g[50 * 200 + x - 1] & 0xff), "at x=" + x);
        }
    }

    @Test
    void aBigTiffWithFloatSamplesIsRead() throws Exception {
        // BigTIFF (no JDK writer makes one): 64 × 32 float32, big-endian, two strips of 16 rows
        int w = 64;
        int h = 32;
        ByteBuffer px = ByteBuffer.allocate(w * h * 4).order(ByteOrder.BIG_ENDIAN);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px.putFloat((float) (x < w / 2 ? -1.5 : 2.5e6));
            }
        }
        TiffBuilder b = TiffBuilder.bigTiff().bigEndian();
        int headLength = bigFloat(b, w, h, 0).build().length;
        byte[] head = bigFloat(TiffBuilder.bigTiff().bigEndian(), w, h, headLength).build();
        byte[] file = new byte[head.length + px.capacity()];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(px.array(), 0, file, head.length, px.capacity());
        HostilePixelsTest.Outcome o = HostilePixelsTest.run(file);
        assertNotNull(o.preview(), () -> o.record().warnings().toString());
        byte[] g = greyOf(o.preview().png());
        int pw = o.preview().width(); // a 64-pixel image is enlarged by a whole factor
        assertEquals(0, pw % w);
        assertEquals(0, g[5 * pw + 3 * pw / w] & 0xff);
        assertEquals(255, g[5 * pw + 40 * pw / w] & 0xff);
    }

    private static TiffBuilder bigFloat(TiffBuilder b, int w, int h, long pixelsAt) {
        ByteBuffer offsets = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putLong(pixelsAt)
                .putLong(pixelsAt + w * 16L * 4);
        ByteBuffer counts = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putLong(w * 16L * 4)
                .putLong(w * 16L * 4);
        return b.shorts(256, w).shorts(257, h).shorts(258, 32).shorts(339, 3).shorts(262, 1).shorts(278, 16)
                .entry(new Entry(273, 16, 2, offsets.array(), -1)).entry(new Entry(279, 16, 2, counts.array(), -1));
    }
}
