package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BandedSampleModel;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.emmeta.testing.Corpus;

/**
 * A DM image whose file carries a downscaled copy of it (the thumbnail, DM's rendering of the image window) is shown
 * from that copy, source {@code embedded}: the preview follows both HyperSpy's decoding of the main image and of the
 * thumbnail, and the thumbnail more closely (it is the copy, annotations and all). A thumbnail of another shape (a
 * window drawn wider than the image, one larger than a tiny image) is left and the image decoded. The expected grids
 * are resources {@code preview/dm/thumbnails.txt}, written by the committed {@code make_dm_thumbnails.py}.
 */
class DmThumbnailPreviewTest {

    record Expected(Path file, String source, Raster main, Raster thumb) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static Stream<Expected> expected() throws IOException {
        Iterator<String> lines = Files.readAllLines(Path.of("lambda", "src", "test", "resources", "preview", "dm",
                "thumbnails.txt")).iterator();
        List<Expected> out = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            if (!line.startsWith("file ")) {
                continue;
            }
            String rest = line.substring(5);
            String source = rest.substring(rest.lastIndexOf(' ') + 1);
            Path file = Corpus.ROOT.resolve(rest.substring(0, rest.lastIndexOf(' ')));
            out.add("embedded".equals(source) ? new Expected(file, source, grid(lines), grid(lines))
                    : new Expected(file, source, null, null));
        }
        assertFalse(out.isEmpty());
        return out.stream();
    }

    private static Raster grid(Iterator<String> lines) {
        String[] head = lines.next().split(" ");
        int w = Integer.parseInt(head[1]);
        int h = Integer.parseInt(head[2]);
        WritableRaster r = Raster.createWritableRaster(new BandedSampleModel(DataBuffer.TYPE_DOUBLE, w, h, 1), null);
        for (int y = 0; y < h; y++) {
            String[] v = lines.next().trim().split(" ");
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, Double.parseDouble(v[x]));
            }
        }
        return r;
    }

    @ParameterizedTest
    @MethodSource("expected")
    void aDmImageIsShownFromItsThumbnailWhenThatIsACopyOfIt(Expected e) throws Exception {
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(e.file());
        assertNotNull(run.preview(), () -> e + ": no preview; " + run.record().warnings());
        assertEquals(e.source(), run.record().preview().source(), e + ": HyperSpy's decoding says " + e.source());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(run.preview().png()));
        assertNotNull(png);
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512);
        assertTrue(PreviewCorpusTest.spread(png) > 2, e + ": blank");
        assertTrue(run.record().preview().bytesRead() <= Previews.budgetFor(Files.size(e.file())));
        System.out.printf(Locale.ROOT, "DM preview %s: %s %d×%d, %d bytes read%n", e, e.source(), png.getWidth(),
                png.getHeight(), run.record().preview().bytesRead());
        if (e.main() == null) {
            return;
        }
        boolean bar = run.record().preview().scaleBar() != null;
        double toImage = blockCorrelation(png, e.main(), bar);
        double toThumb = blockCorrelation(png, e.thumb(), bar);
        assertTrue(toImage > 0.85, e + ": the embedded preview correlates with the image at only " + toImage);
        assertTrue(toThumb > 0.97 && toThumb >= toImage, e + ": the preview is not the thumbnail (" + toThumb
                + " to it, " + toImage + " to the image)");
    }

    /**
     * Pearson correlation between a block-averaged grid and the preview averaged over the same blocks (a fine lattice
     * averages out in the grid, so single preview pixels would not match it), leaving out the bottom-left quarter
     * when a scale bar is drawn there.
     */
    static double blockCorrelation(BufferedImage preview, Raster grid, boolean skipBar) {
        Raster p = preview.getRaster();
        int gw = grid.getWidth();
        int gh = grid.getHeight();
        Pearson r = new Pearson();
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                if (skipBar && gy > gh * 3 / 4 && gx < gw / 2) {
                    continue;
                }
                int x0 = gx * preview.getWidth() / gw;
                int x1 = Math.max(x0 + 1, (gx + 1) * preview.getWidth() / gw);
                int y0 = gy * preview.getHeight() / gh;
                int y1 = Math.max(y0 + 1, (gy + 1) * preview.getHeight() / gh);
                double a = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        a += p.getSample(x, y, 0);
                    }
                }
                a /= (double) (x1 - x0) * (y1 - y0);
                double b = grid.getSampleDouble(gx, gy, 0);
                r.add(a, b);
            }
        }
        return r.value();
    }

    @Test
    void aThumbnailDeclaredLargerThanItsBytesIsNotUsed() throws Exception {
        // the survey's thumbnail is 384 × 384 RGBA: its Dimensions/0 made 100000 no longer fits its data array,
        // so the reader keeps to the image (decoded) and the record carries no error
        Path file = Corpus.file("public/SciFiDatasets/DMReader_Image_SI-Survey.dm3");
        byte[] b = Files.readAllBytes(file);
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = DmSpectrumPreviewTest.valueAfter(b, "Dimensions", text.indexOf("Dimensions"));
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(384, buf.getInt(at), "the thumbnail's width");
        buf.putInt(at, 100_000);
        io.emmeta.core.Extractor.Result r = SpectrumPreviewTest.run("hostile.dm3", b);
        assertNotNull(r.preview(), () -> "warnings " + r.record().warnings());
        assertEquals("decoded", r.record().preview().source());
    }
}
