package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.testing.Corpus;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * Velox and Berkeley EMD previews: every corpus EMD with an image gets a PNG that decodes, at most 512 px, not blank,
 * following frame 0 of an image of the file as jHDF's own full read ({@code getData()}, not our ranged path) gives it;
 * the generated stacks (make_emd_fixtures.py, values read back by h5py into expected.txt) show frame 0 and not
 * frame 1, from a few rows' bytes; declared shapes beyond reason give a typed warning, never an OOM.
 */
class EmdPreviewTest {

    static final Path FIXTURES = fixtures();

    private static Path fixtures() {
        try {
            return Path.of(EmdPreviewTest.class.getResource("/preview/emd/expected.txt").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> emds() throws IOException {
        try (Stream<Path> all = Files.walk(Corpus.ROOT)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".emd")).sorted()
                    .toList().stream();
        }
    }

    /** Frame 0 of every 2-D-or-more image array a file holds, read whole by jHDF: the candidates a preview shows. */
    static List<double[][]> images(Path file) {
        List<double[][]> out = new ArrayList<>();
        try (HdfFile h = new HdfFile(file)) {
            if (h.getChildren().get("Data") instanceof Group data && data.getChildren().get("Image") instanceof Group g) {
                for (Node item : g.getChildren().values()) {
                    if (item instanceof Group ig && ig.getChildren().get("Data") instanceof Dataset ds
                            && !ds.isCompound()) {
                        out.add(frame0(ds.getData(), ds.getDimensions().length, false));
                    }
                }
            } else {
                collectBerkeley(h, out, 0);
            }
        }
        return out;
    }

    private static void collectBerkeley(Group g, List<double[][]> out, int depth) {
        for (Node n : g.getChildren().values()) {
            if (n instanceof Group c && depth < 5) {
                if (c.getChildren().get("data") instanceof Dataset ds && ds.getDimensions().length >= 2) {
                    out.add(frame0(ds.getData(), ds.getDimensions().length, true));
                }
                collectBerkeley(c, out, depth + 1);
            }
        }
    }

    /** Velox (rows, columns, frames...): [y][x][0...]; Berkeley (frames..., rows, columns): [0...][y][x]. */
    static double[][] frame0(Object data, int rank, boolean lastTwo) {
        Object plane = data;
        if (lastTwo) {
            for (int i = 0; i < rank - 2; i++) {
                plane = Array.get(plane, 0);
            }
        }
        int h = Array.getLength(plane);
        int w = Array.getLength(Array.get(plane, 0));
        double[][] out = new double[h][w];
        for (int y = 0; y < h; y++) {
            Object row = Array.get(plane, y);
            for (int x = 0; x < w; x++) {
                Object v = Array.get(row, x);
                while (v.getClass().isArray()) {
                    v = Array.get(v, 0);
                }
                out[y][x] = ((Number) v).doubleValue();
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("emds")
    void everyEmdWithAnImageGetsAPreviewOfIt(Path file) throws Exception {
        List<double[][]> candidates = images(file);
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(file);
        String format = run.record().detected() == null ? "" : run.record().detected().format();
        if (candidates.isEmpty() || !(format.contains("velox") || format.contains("berkeley"))) {
            // no image: no picture, or the plot of a spectrum (EdsSpectrumPreviewTest checks what it shows)
            assertTrue(run.preview() == null || "plotted".equals(run.preview().source()), file
                    + ": a picture without an image");
            return;
        }
        assertNotNull(run.preview(), () -> file + ": no preview; warnings " + run.record().warnings());
        BufferedImage png = checkPng(file, run);
        boolean bar = run.record().preview().scaleBar() != null;
        double best = -1;
        boolean flatCandidate = false;
        for (double[][] c : candidates) {
            best = Math.max(best, correlation(png, c, bar));
            flatCandidate |= spread(c) == 0;
        }
        if (flatCandidate && previewFlat(png, bar)) {
            // the primary image of a derived-signal file can be all zeros (an empty EDS map): a flat picture of it
            return;
        }
        assertTrue(PreviewCorpusTest.spread(png) > 2, file + ": blank preview");
        assertTrue(best > 0.9, file + ": the preview follows no image of the file (best rank correlation " + best
                + ")");
        if (format.contains("velox") && PixelSize.metres(run.record().mapped()) != null) {
            assertNotNull(run.record().preview().scaleBar(), file + ": pixel size known but no scale bar");
        }
    }

    static BufferedImage checkPng(Path file, PreviewCorpusTest.Run run) throws IOException {
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(run.preview().png()));
        assertNotNull(png, file + ": the PNG does not decode");
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512, file + ": " + png.getWidth() + "×"
                + png.getHeight());
        assertTrue(run.record().preview().bytesRead() <= Previews.budgetFor(Files.size(file)), file + ": over budget");
        return png;
    }

    /** The stacks' frames as h5py read them back. */
    static double[][] expected(String file, int frame) throws IOException {
        List<String> lines = Files.readAllLines(FIXTURES.resolve("expected.txt"));
        for (int i = 0; i < lines.size(); i++) {
            String[] head = lines.get(i).split(" ");
            if (head[0].equals(file) && head[2].equals(String.valueOf(frame))) {
                int h = Integer.parseInt(head[3]);
                double[][] out = new double[h][];
                for (int y = 0; y < h; y++) {
                    out[y] = Stream.of(lines.get(i + 1 + y).split(" ")).mapToDouble(Double::parseDouble).toArray();
                }
                return out;
            }
        }
        throw new AssertionError("no " + file + " frame " + frame + " in expected.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stack_chunked.emd", "stack_deflate.emd", "stack_contiguous.emd"})
    void aStackShowsItsFirstFrameFromAFewRows(String name) throws Exception {
        Path file = FIXTURES.resolve(name);
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(file);
        assertNotNull(run.preview(), () -> name + ": no preview; warnings " + run.record().warnings());
        BufferedImage png = checkPng(file, run);
        assertEquals(64.0 / 48, (double) png.getWidth() / png.getHeight(), 0.05, name + ": aspect");
        boolean bar = run.record().preview().scaleBar() != null;
        assertNotNull(run.record().preview().scaleBar(), name + ": 2 nm pixels but no scale bar");
        double first = correlation(png, expected(name, 0), bar);
        double second = correlation(png, expected(name, 1), bar);
        assertTrue(first > 0.9, name + ": frame 0 correlates at only " + first);
        assertTrue(second < 0.5, name + ": the preview follows frame 1 as well (" + second + ")");
        // a frame of 48 × 64 int16 is 6 KB; the whole stack 37 KB: the preview reads frame 0's rows (or chunks)
        // plus, for the interleaved layout, the other frames' samples inside those rows
        long frame = 48L * 64 * 2;
        long limit = name.contains("contiguous") ? 6 * frame : frame + 4096;
        assertTrue(run.record().preview().bytesRead() <= limit, name + ": read " + run.record().preview().bytesRead()
                + " bytes for the preview, more than " + limit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hostile_huge.emd", "hostile_wide.emd"})
    void aHugeDeclaredShapeCostsATypedWarningNotMemory(String name) throws Exception {
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(FIXTURES.resolve(name));
        assertNull(run.preview(), name + ": a preview of pixels that are not there");
        assertTrue(run.record().errors().isEmpty(), name + ": the metadata is lost: " + run.record().errors());
        assertTrue(run.record().warnings().stream().anyMatch(w -> w.message().startsWith("preview:")
                && (w.code() == ErrorCode.TOO_LARGE || w.code() == ErrorCode.CORRUPT)),
                () -> name + ": no typed preview warning: " + run.record().warnings());
    }

    @Test
    void theFixturesAreSmall() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path p : files.toList()) {
                assertTrue(Files.size(p) < 300_000, p + " is larger than a test resource should be");
            }
        }
    }

    static double spread(double[][] img) {
        double s = 0, q = 0;
        int n = 0;
        for (double[] row : img) {
            for (double v : row) {
                s += v;
                q += v * v;
                n++;
            }
        }
        return Math.sqrt(Math.max(0, q / n - (s / n) * (s / n)));
    }

    static boolean previewFlat(BufferedImage png, boolean skipBar) {
        Raster p = png.getRaster();
        int first = p.getSample(png.getWidth() - 1, 0, 0);
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                if (!(skipBar && y > png.getHeight() * 3 / 4 && x < png.getWidth() / 2) && p.getSample(x, y, 0) != first) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Spearman rank correlation at the preview's pixel centres (column box averaged), skipping the scale bar's corner:
     * by ranks, since the display contrast (percentile clipping, log for diffraction) is monotone but not linear.
     */
    static double correlation(BufferedImage preview, double[][] o, boolean skipBar) {
        List<double[]> pairs = new ArrayList<>();
        Raster p = preview.getRaster();
        int w = preview.getWidth();
        int h = preview.getHeight();
        int oh = o.length;
        int ow = o[0].length;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (skipBar && y > h * 3 / 4 && x < w / 2) {
                    continue;
                }
                int x0 = (int) ((long) x * ow / w);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * ow / w));
                int oy = (int) Math.min(oh - 1, (long) ((y + 0.5) * oh / h));
                double a = p.getSample(x, y, 0);
                double b = 0;
                for (int ox = x0; ox < x1; ox++) {
                    b += o[oy][ox] / (x1 - x0);
                }
                if (!Double.isFinite(b)) {
                    continue;
                }
                pairs.add(new double[] {a, b});
            }
        }
        double[] ra = ranks(pairs, 0);
        double[] rb = ranks(pairs, 1);
        Pearson r = new Pearson();
        for (int i = 0; i < ra.length; i++) {
            r.add(ra[i], rb[i]);
        }
        return r.value();
    }

    /** Ranks of one column of the pairs, ties given their mean rank. */
    static double[] ranks(List<double[]> pairs, int col) {
        Integer[] idx = new Integer[pairs.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (i, j) -> Double.compare(pairs.get(i)[col], pairs.get(j)[col]));
        double[] r = new double[idx.length];
        for (int i = 0; i < idx.length;) {
            int j = i;
            while (j + 1 < idx.length && pairs.get(idx[j + 1])[col] == pairs.get(idx[i])[col]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[idx[k]] = (i + j) / 2.0;
            }
            i = j + 1;
        }
        return r;
    }
}
