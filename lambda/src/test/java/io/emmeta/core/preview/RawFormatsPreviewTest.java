package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BandedSampleModel;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.InMemory;

/**
 * Previews of formats that hold their pixels as one plain array after a header or inside a ZIP (#14): Hamamatsu
 * HPD-TA {@code .img}, Nion Swift {@code .ndata}, NanoMegas {@code .blo}, CEOS Panta Rhei {@code .prz}. Each corpus
 * file gets a preview that decodes, keeps to 512 px and the image's aspect, is not blank, stays within the byte
 * budget, and follows (Pearson r &gt; 0.9) the pixels as decoded here straight from the format's documented layout,
 * without our readers. Hostile variants (cut short, lying dimensions) give a typed {@code preview:} warning and no
 * preview, quickly.
 */
class RawFormatsPreviewTest {

    // ---- shared checks ----

    record Checked(BufferedImage png, PreviewCorpusTest.Run run) {
    }

    /** The corpus file's preview, checked against the independent decoding {@code expected}. */
    static Checked check(String name, Raster expected) throws Exception {
        Path file = Corpus.file(name);
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(file);
        assertNotNull(run.preview(), () -> name + ": no preview; " + run.record().warnings());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(run.preview().png()));
        assertNotNull(png, name + ": the PNG does not decode");
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512, name + ": " + png.getWidth() + "×"
                + png.getHeight());
        assertEquals(run.record().preview().width(), png.getWidth());
        assertEquals(run.record().preview().height(), png.getHeight());
        double aspect = (double) expected.getWidth() / expected.getHeight();
        assertEquals(aspect, (double) png.getWidth() / png.getHeight(), Math.max(0.02 * aspect,
                2.0 / Math.min(png.getWidth(), png.getHeight()) * aspect), name + ": aspect not kept");
        assertTrue(PreviewCorpusTest.spread(png) > 2, name + ": blank");
        assertTrue(run.record().preview().bytesRead() <= Previews.budgetFor(Files.size(file)), name + ": over budget");
        double r = PreviewCorpusTest.correlation(png, display(expected), run.record().preview().scaleBar() != null);
        System.out.println(name + ": preview " + png.getWidth() + "×" + png.getHeight() + ", "
                + run.record().preview().bytesRead() + " bytes read, r = " + r + ", bar " + run.record().preview()
                .scaleBar());
        assertTrue(r > 0.9, name + ": preview and independent decoding correlate at only " + r);
        if (PixelSize.metres(run.record().mapped()) != null) {
            assertNotNull(run.record().preview().scaleBar(), name + ": pixel size known, no scale bar");
            assertTrue(PreviewCorpusTest.hasBar(png), name + ": no bar drawn");
        }
        return new Checked(png, run);
    }

    /**
     * The independent decoding as a display shows it: clipped at its own 1st and 99th percentiles. A preview is a
     * contrast-stretched picture, and a streak image whose few hot pixels reach 13 times the 99th percentile would
     * otherwise weigh those pixels over the whole picture in a linear correlation.
     */
    static Raster display(Raster r) {
        int w = r.getWidth();
        int h = r.getHeight();
        double[] v = r.getSamples(0, 0, w, h, 0, (double[]) null);
        double[] sorted = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        double lo = sorted[(int) (0.01 * (sorted.length - 1))];
        double hi = sorted[(int) Math.ceil(0.99 * (sorted.length - 1))];
        WritableRaster out = raster(w, h);
        for (int i = 0; i < v.length; i++) {
            out.setSample(i % w, i / w, 0, hi > lo && Double.isFinite(v[i]) ? Math.max(lo, Math.min(hi, v[i])) : v[i]);
        }
        return out;
    }

    static WritableRaster raster(int w, int h) {
        return Raster.createWritableRaster(new BandedSampleModel(DataBuffer.TYPE_DOUBLE, w, h, 1), null);
    }

    /** The bytes given to the extractor as an upload named {@code name}; asserts a typed preview warning, no preview. */
    static void hostile(String name, byte[] bytes) {
        long t0 = System.nanoTime();
        Extractor.Result r = PreviewCorpusTest.EXTRACTOR.extract(InMemory.source(bytes),
                SourceInfo.file(name, bytes.length), PreviewCorpusTest.WANTED);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertNull(r.preview(), name + ": a preview of hostile bytes");
        assertTrue(r.record().warnings().stream().anyMatch(w -> w.message().startsWith("preview:")
                && w.code() != null), () -> name + ": no typed preview warning: " + r.record().warnings() + " "
                        + r.record().errors());
        assertTrue(ms < 5000, name + ": " + ms + " ms");
    }

    // ---- Hamamatsu HPD-TA .img ----

    /**
     * The streak image as the HPD-TA header lays it out (the layout rosettasciio's hamamatsu reader and the ImageJ
     * plugin read; HyperSpy 1.7.3 has no reader for it and takes an {@code .img} for JEOL's): little-endian int16
     * comment length at 2, width at 4, height at 6, file type at 12 (0 u8, 2 u16, 3 u32), the pixels right after the
     * 64-byte header and the comment, row by row. The sizes agree with the files: 64 + comment + pixels is each
     * file's length (xaxis_other.img) or leaves exactly the float32 scaling tables after the pixels (focus_mode.img:
     * 2688 = 672 × 4 bytes for x; photon_counting.img: 4736 = (672 + 512) × 4 for x and y).
     */
    static Raster hamamatsu(byte[] all) {
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int comment = b.getShort(2) & 0xffff;
        int w = b.getShort(4) & 0xffff;
        int h = b.getShort(6) & 0xffff;
        int type = b.getShort(12) & 0xffff;
        WritableRaster r = raster(w, h);
        int at = 64 + comment;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = switch (type) {
                    case 0 -> all[at] & 0xff;
                    case 2 -> b.getShort(at) & 0xffff;
                    case 3 -> b.getInt(at) & 0xffffffffL;
                    default -> throw new IllegalStateException("type " + type);
                };
                at += type == 0 ? 1 : type == 2 ? 2 : 4;
                r.setSample(x, y, 0, v);
            }
        }
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"public/rosettasciio/focus_mode.img", "public/rosettasciio/photon_counting.img",
            "public/rosettasciio/xaxis_other.img"})
    void aHamamatsuStreakImageGetsAPreview(String name) throws Exception {
        Checked c = check(name, hamamatsu(Files.readAllBytes(Corpus.file(name))));
        // 672 × 512 (508) fit the 512-px box as 512 rows
        assertEquals(512, c.png().getWidth());
    }

    @Test
    void aHamamatsuImageCutShortOrLyingAboutItsSizeGetsAWarningNotAPreview() throws Exception {
        byte[] all = Files.readAllBytes(Corpus.file("public/rosettasciio/photon_counting.img"));
        // cut in the middle of the pixels
        hostile("cut.img", Arrays.copyOf(all, all.length / 2));
        // the header claims 65535 × 65535 32-bit pixels (17 GB) after the same comment
        byte[] lying = all.clone();
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short) 0xffff).putShort(6, (short) 0xffff)
                .putShort(12, (short) 3);
        hostile("lying.img", lying);
    }
}
