package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.emmeta.core.Extractor;
import io.emmeta.testing.Corpus;

/**
 * A Phenom ELID archive's image (the first embedded TIFF carrying the {@code <FeiImage>} XML, bzip2-compressed inside
 * the archive) is shown, source {@code embedded}, from the reader's decompressed copy: the preview follows ImageIO's
 * decoding of that TIFF, found here by decompressing the archive with commons-compress and looking for the
 * length-prefixed {@code II*\0} with tag 34683. A TIFF inside the archive that declares a huge image costs a typed
 * preview warning, never the record.
 */
class ElidPreviewTest {

    @ParameterizedTest
    @ValueSource(strings = {"public/rosettasciio/Elid2Version1.elid", "public/rosettasciio/Elid2Version2.elid",
            "rosettasciio/Elid2Version4.elid"})
    void anElidShowsItsEmbeddedImage(String name) throws Exception {
        Path file = Corpus.file(name);
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(file);
        assertNotNull(run.preview(), () -> name + ": no preview; " + run.record().warnings());
        assertEquals("embedded", run.record().preview().source());
        assertEquals(0, run.record().preview().bytesRead(), "the image is read from the archive decompressed once");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(run.preview().png()));
        assertNotNull(png);
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512);

        byte[] archive = decompress(Files.readAllBytes(file));
        int at = firstFeiTiff(archive);
        int length = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(archive, at + 4, length));
        assertNotNull(original, "ImageIO reads the embedded TIFF");
        assertEquals((double) original.getWidth() / original.getHeight(), (double) png.getWidth() / png.getHeight(),
                0.05);
        boolean bar = run.record().preview().scaleBar() != null;
        if (PreviewCorpusTest.spread(original) == 0) {
            // HyperSpy's test archives hold all-zero 20 × 16 images: a flat picture of them (bar aside) is right
            assertTrue(EmdPreviewTest.previewFlat(png, bar), name + ": a flat image shown with structure");
            return;
        }
        assertTrue(PreviewCorpusTest.spread(png) > 2, name + ": blank");
        double r = PreviewCorpusTest.correlation(png, original, bar);
        assertTrue(r > 0.9, name + ": preview and ImageIO's decoding correlate at " + r);
    }

    /**
     * The corpus archives' images are flat, so the pixels' way through is checked on a copy of a real archive whose
     * first image is swapped for a 64 × 48 TIFF of a diagonal ramp (uncompressed, written here, the archive's own
     * {@code <FeiImage>} XML kept): the preview follows the ramp.
     */
    @Test
    void anArchiveWithARealImageShowsIt() throws Exception {
        byte[] archive = decompress(Files.readAllBytes(Corpus.file("rosettasciio/Elid2Version4.elid")));
        int at = firstFeiTiff(archive);
        ByteBuffer b = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        int length = b.getInt(at);
        byte[] xml = tag34683(archive, at + 4);
        int w = 64;
        int h = 48;
        byte[] pixels = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = (byte) ((x * 3 + y * 2) % 256);
            }
        }
        byte[] tiff = tiff(w, h, pixels, xml);
        ByteArrayOutputStream swapped = new ByteArrayOutputStream();
        swapped.write(archive, 0, at);
        swapped.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(tiff.length).array());
        swapped.write(tiff);
        swapped.write(archive, at + 4 + length, archive.length - at - 4 - length);
        Extractor.Result r = SpectrumPreviewTest.run("ramp.elid", bzip2(swapped.toByteArray()));
        assertNotNull(r.preview(), () -> "no preview: " + r.record().warnings() + r.record().errors());
        assertEquals("embedded", r.record().preview().source());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        assertEquals(4.0 / 3, (double) png.getWidth() / png.getHeight(), 0.02);
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(tiff));
        double corr = PreviewCorpusTest.correlation(png, original, r.record().preview().scaleBar() != null);
        assertTrue(corr > 0.95, "preview and the ramp correlate at " + corr);
    }

    /** The value bytes of tag 34683 of the little-endian TIFF at {@code tiff}. */
    static byte[] tag34683(byte[] d, int tiff) {
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        int ifd = tiff + b.getInt(tiff + 4);
        for (int i = 0; i < (b.getShort(ifd) & 0xffff); i++) {
            int e = ifd + 2 + 12 * i;
            if ((b.getShort(e) & 0xffff) == 34683) {
                int count = b.getInt(e + 4);
                int from = count <= 4 ? e + 8 : tiff + b.getInt(e + 8);
                return java.util.Arrays.copyOfRange(d, from, from + count);
            }
        }
        throw new AssertionError("no tag 34683");
    }

    /** A minimal little-endian 8-bit grey TIFF: one uncompressed strip, plus tag 34683 as bytes. */
    static byte[] tiff(int w, int h, byte[] pixels, byte[] xml) {
        int entries = 10;
        int ifd = 8;
        int xmlAt = ifd + 2 + 12 * entries + 4;
        int pixAt = xmlAt + xml.length;
        ByteBuffer b = ByteBuffer.allocate(pixAt + pixels.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
        b.putShort((short) entries);
        int[][] tags = {{256, 3, 1, w}, {257, 3, 1, h}, {258, 3, 1, 8}, {259, 3, 1, 1}, {262, 3, 1, 1},
            {273, 4, 1, pixAt}, {277, 3, 1, 1}, {278, 3, 1, h}, {279, 4, 1, pixels.length},
            {34683, 1, xml.length, xmlAt}};
        for (int[] t : tags) {
            b.putShort((short) t[0]).putShort((short) t[1]).putInt(t[2]);
            if (t[1] == 3) {
                b.putShort((short) t[3]).putShort((short) 0);
            } else {
                b.putInt(t[3]);
            }
        }
        b.putInt(0);
        b.put(xml).put(pixels);
        return b.array();
    }

    static byte[] bzip2(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out)) {
            bz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void anEmbeddedTiffDeclaringAHugeImageCostsAPreviewWarningOnly() throws Exception {
        byte[] archive = decompress(Files.readAllBytes(Corpus.file("rosettasciio/Elid2Version4.elid")));
        int tiff = firstFeiTiff(archive) + 4;
        ByteBuffer b = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        int ifd = tiff + b.getInt(tiff + 4);
        int entries = b.getShort(ifd) & 0xffff;
        int patched = 0;
        for (int i = 0; i < entries; i++) {
            int e = ifd + 2 + 12 * i;
            int tag = b.getShort(e) & 0xffff;
            if (tag == 256 || tag == 257) { // width, height: as large as their type holds; the strips stay as they are
                if ((b.getShort(e + 2) & 0xffff) == 3) {
                    b.putShort(e + 8, (short) 0xffff);
                } else {
                    b.putInt(e + 8, 0x7fffffff);
                }
                patched++;
            }
        }
        assertEquals(2, patched);
        Extractor.Result r = SpectrumPreviewTest.run("huge.elid", bzip2(archive));
        assertNotNull(r.record().detected());
        assertNull(r.preview(), "no preview of a lying image");
        assertTrue(r.record().warnings().stream().anyMatch(w -> w.message().startsWith("preview:")),
                () -> "expected a typed preview warning, got " + r.record().warnings());
    }

    static byte[] decompress(byte[] bz2) throws IOException {
        try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(bz2), true)) {
            return in.readAllBytes();
        }
    }

    /** Where the first embedded TIFF with tag 34683 starts (its uint32 length prefix). */
    static int firstFeiTiff(byte[] d) {
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 8; at + 12 <= d.length; at++) {
            if (d[at + 4] != 'I' || d[at + 5] != 'I' || d[at + 6] != 42 || d[at + 7] != 0) {
                continue;
            }
            int length = b.getInt(at);
            if (length < 8 || at + 4L + length > d.length) {
                continue;
            }
            int ifd = at + 4 + b.getInt(at + 8);
            int entries = b.getShort(ifd) & 0xffff;
            for (int i = 0; i < entries; i++) {
                if ((b.getShort(ifd + 2 + 12 * i) & 0xffff) == 34683) {
                    return at;
                }
            }
            at += 3 + length;
        }
        throw new AssertionError("no embedded TIFF with <FeiImage> XML");
    }
}
