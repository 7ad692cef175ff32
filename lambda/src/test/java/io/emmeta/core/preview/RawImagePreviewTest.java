package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.emmeta.testing.Corpus;

/**
 * Previews of the formats that hold one raw array (MRC, TIA .ser, DigitalMicrograph): each corpus image gets one that
 * decodes, keeps to 512 px and the image's aspect, is not blank, and carries a scale bar when the pixel size is known;
 * the MRC's follows the pixels as read here straight from the format's definition (header words, then the array).
 */
class RawImagePreviewTest {

    @ParameterizedTest
    @ValueSource(strings = {"rosettasciio/HAADFscan.mrc", "public/openNCEM/16_STOimage_1.ser",
            "public/rosettasciio/128x128-TEM_search_1.ser", "public/rosettasciio/64x64_TEM_images_acquire_1.ser",
            "rosettasciio/test_STEM_image.dm3", "public/openNCEM/dmTest_float32_nonSquare_diffPixelSize.dm4",
            "public/SciFiDatasets/DMReader_Image_SI-Survey.dm3"})
    void aRawImageGetsAPreview(String name) throws Exception {
        Path file = Corpus.file(name);
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(file);
        assertNotNull(run.preview(), () -> name + ": no preview; " + run.record().warnings());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(run.preview().png()));
        assertNotNull(png);
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512);
        assertTrue(PreviewCorpusTest.spread(png) > 2, name + ": blank");
        assertTrue(run.record().preview().bytesRead() <= Previews.budgetFor(Files.size(file)));
        if (PixelSize.metres(run.record().mapped()) != null) {
            assertNotNull(run.record().preview().scaleBar(), () -> name + ": pixel size known, no scale bar: "
                    + run.record().mapped().at("/instrument/detector/pixelSizeImage") + " " + run.record().preview());
            assertTrue(PreviewCorpusTest.hasBar(png), name + ": no bar drawn");
        }
    }

    @Test
    void theMrcPreviewFollowsItsFirstSection() throws Exception {
        Path file = Corpus.file("rosettasciio/HAADFscan.mrc");
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order((all[212] & 0xff) == 0x11 ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        int nx = b.getInt(0);
        int ny = b.getInt(4);
        int mode = b.getInt(12);
        int next = b.getInt(92);
        java.awt.image.WritableRaster r = java.awt.image.Raster.createWritableRaster(
                new java.awt.image.BandedSampleModel(java.awt.image.DataBuffer.TYPE_DOUBLE, nx, ny, 1), null);
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int at = 1024 + next + (y * nx + x) * bytes(mode);
                double v = switch (mode) {
                    case 0 -> b.get(at);
                    case 1 -> b.getShort(at);
                    case 2 -> b.getFloat(at);
                    case 6 -> b.getShort(at) & 0xffff;
                    default -> throw new IllegalStateException("mode " + mode);
                };
                r.setSample(x, y, 0, v);
            }
        }
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(file);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(run.preview().png()));
        assertEquals((double) nx / ny, (double) png.getWidth() / png.getHeight(), 0.02 * nx / ny);
        double corr = PreviewCorpusTest.correlation(png, r, run.record().preview().scaleBar() != null);
        assertTrue(corr > 0.9, "correlation " + corr);
    }

    private static int bytes(int mode) {
        return switch (mode) {
            case 0 -> 1;
            case 1, 6 -> 2;
            default -> 4;
        };
    }
}
