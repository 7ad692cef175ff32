package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/**
 * Every TIFF of the corpus gets a preview that a PNG decoder reads (ImageIO, here on the JVM only), at most 512 px on
 * its long side with the image's aspect, not blank, with a scale bar where the mapped document states the pixel size;
 * and its pixels follow an independent decoding of the same image (ImageIO's TIFF reader) sampled at the same grid.
 */
class PreviewCorpusTest {

    static final Extractor EXTRACTOR = Extractor.standard(new ObjectMapper());
    static final UploadContext WANTED = UploadContext.NONE.withPreviewDefault(true);

    /**
     * Corpus files whose pixels are not there: NexusLIMS's test file keeps the IFD of a 16 MB image but only its
     * first 940 KB (the strip offset points past the end; ImageIO fails on it too).
     */
    static final java.util.Set<String> UNPREVIEWABLE = java.util.Set.of(
            "quad1image_001_no_beam_scan_or_system_meta.tif");

    static Stream<Path> tiffs() throws IOException {
        try (Stream<Path> all = Files.walk(Corpus.ROOT)) {
            List<Path> out = all.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".tif") || n.endsWith(".tiff");
            }).sorted().toList();
            return out.stream();
        }
    }

    record Run(ExtractionRecord record, Preview preview) {
    }

    static Run extract(Path p) throws IOException {
        try (CachingByteSource src = CachingByteSource.ofFile(p)) {
            Extractor.Result r = EXTRACTOR.extract(src, SourceInfo.file(p.toString(), Files.size(p)), WANTED);
            return new Run(r.record(), r.preview());
        }
    }

    @ParameterizedTest
    @MethodSource("tiffs")
    void everyTiffGetsAPreviewThatDecodesAndShowsTheImage(Path file) throws Exception {
        Run run = extract(file);
        // files that are not a readable image at all (a cut upload) say why; the rest must have a preview
        Assumptions.assumeTrue(run.record().detected() != null && run.record().errors().isEmpty(),
                () -> file + ": no image to preview: " + run.record().errors());
        if (UNPREVIEWABLE.contains(file.getFileName().toString())) {
            assertNull(run.preview(), file + ": expected no preview");
            assertTrue(run.record().warnings().stream().anyMatch(w -> w.message().startsWith("preview:")
                    && w.code() == ErrorCode.CORRUPT), () -> file + ": no typed preview warning: " + run.record().warnings());
            return;
        }
        assertNotNull(run.preview(), () -> file + ": no preview; warnings " + run.record().warnings());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(run.preview().png()));
        assertNotNull(png, file + ": the PNG does not decode");
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512, file + ": " + png.getWidth() + "×"
                + png.getHeight());
        assertEquals(run.record().preview().width(), png.getWidth());
        assertEquals(run.record().preview().height(), png.getHeight());
        assertEquals(run.preview().png().length, run.record().preview().bytes());
        assertTrue(run.record().preview().bytesRead() <= Previews.budgetFor(Files.size(file)), file + ": over budget");

        BufferedImage original = independent(file);
        if (original != null) {
            double aspect = (double) original.getWidth() / original.getHeight();
            assertEquals(aspect, (double) png.getWidth() / png.getHeight(), Math.max(0.02 * aspect,
                    2.0 / Math.min(png.getWidth(), png.getHeight()) * aspect), file + ": aspect not kept");
        }
        // not blank, unless the image itself is flat (the test files of some projects hold zeros)
        if (original == null || spread(original) > 0) {
            double spread = spread(png);
            assertTrue(spread > 2, file + ": blank preview (grey spread " + spread + ")");
        }

        // the mapped pixel size, or the one a file without a schema document states (ImageJ's calibration)
        Double pixel = PixelSize.metres(run.record().mapped(), run.record().original());
        if (pixel != null && original != null) {
            // the file's stated pixel size: a labelled bar, white and about a fifth of the width
            assertNotNull(run.record().preview().scaleBar(), file + ": pixel size " + pixel + " m but no scale bar");
            assertTrue(hasBar(png), file + ": no white bar of a tenth to a half of the width at the bottom left");
        }
        if (original != null && spread(original) > 0) {
            double r = correlation(png, original, run.record().preview().scaleBar() != null);
            assertTrue(r > 0.9, file + ": preview and independent decoding correlate at only " + r);
        }
    }

    /**
     * ImageJ writes no technique, so its TIFF gets no schema document, but it states its calibration and the preview
     * shows it. Expected from the file, not from us: tifffile reads XResolution 5.928571 (pixels per unit) and the
     * ImageDescription {@code unit=micron}, so a pixel is 1/5.928571 = 0.16867 µm; the 68-pixel-wide image is 11.47 µm
     * wide, a fifth of it 2.29 µm, and the nearest of 1, 2, 5 × 10ⁿ is 2 µm.
     */
    @org.junit.jupiter.api.Test
    void anImageJTiffWithoutADocumentStillGetsItsScaleBar() throws Exception {
        Run run = extract(Corpus.ROOT.resolve("rosettasciio/test_loading_image_saved_with_imageJ.tif"));
        assertNull(run.record().mapped(), "ImageJ has no schema document");
        assertNotNull(run.preview());
        assertEquals("2 µm", run.record().preview().scaleBar());
        assertTrue(hasBar(ImageIO.read(new ByteArrayInputStream(run.preview().png()))), "a white bar at the bottom left");
    }

    /** ImageIO's own TIFF reader (JDK 9+); null for the encodings it does not read or when the image is too big. */
    static BufferedImage independent(Path file) {
        try {
            if (Files.size(file) > 256L * 1024 * 1024) {
                return null;
            }
            return ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static double spread(BufferedImage img) {
        return io.emmeta.testing.Pictures.spread(img);
    }

    /**
     * A run of pure white in the bottom quarter that starts in the left tenth and ends, on a darker pixel, after a
     * tenth to a half of the width: the bar (an instrument's data bar spans the whole width and does not count).
     */
    static boolean hasBar(BufferedImage img) {
        Raster r = img.getRaster();
        int w = img.getWidth();
        for (int y = img.getHeight() * 3 / 4; y < img.getHeight(); y++) {
            for (int start = 0; start < w / 10; start++) {
                if (r.getSample(start, y, 0) != 255 || (start > 0 && r.getSample(start - 1, y, 0) == 255)) {
                    continue;
                }
                int end = start;
                while (end < w && r.getSample(end, y, 0) == 255) {
                    end++;
                }
                int len = end - start;
                if (end < w && len >= w / 10 && len <= w / 2) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Pearson correlation between the preview and the independent decoding's first band at the preview's pixel
     * centres, leaving out the bottom-left corner where the scale bar is drawn.
     */
    static double correlation(BufferedImage preview, BufferedImage original, boolean skipBar) {
        return correlation(preview, original.getRaster(), skipBar);
    }

    static double correlation(BufferedImage preview, Raster o, boolean skipBar) {
        Raster p = preview.getRaster();
        int w = preview.getWidth();
        int h = preview.getHeight();
        Pearson r = new Pearson();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (skipBar && y > h * 3 / 4 && x < w / 2) {
                    continue;
                }
                // the columns this output pixel covers, on the row at its centre
                int x0 = (int) ((long) x * o.getWidth() / w);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * o.getWidth() / w));
                int oy = (int) Math.min(o.getHeight() - 1, (long) ((y + 0.5) * o.getHeight() / h));
                double a = p.getSample(x, y, 0);
                double b = 0;
                for (int ox = x0; ox < x1; ox++) {
                    b += o.getSampleDouble(ox, oy, 0) / (x1 - x0);
                }
                if (!Double.isFinite(b)) {
                    continue;
                }
                r.add(a, b);
            }
        }
        return r.value();
    }
}
