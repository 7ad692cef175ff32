package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.testing.Corpus;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;

/**
 * Previews of the HDF5 kinds read by their own readers without one before (#14): Delmic Odemis (the first
 * acquisition's image, the SEM survey), NanoMegas TopSpin {@code .app5} (the virtual STEM navigator) and Dectris frames
 * ({@code /entry/data/data}, bitshuffle + LZ4, a log-scaled diffraction picture). The reference plane of each is read
 * whole by jHDF's {@code getData()} (its own filters, not our ranged path or our codec), and that plane is first checked
 * against the numbers h5py (and, for bitshuffle, the lz4 package) gives for it: make_hdf5kinds_fixtures.py writes
 * them to expected.txt. Files without an image (a Dectris master, whose frames are external links; a NeXus I-V curve)
 * have no preview; lying layouts give a typed "preview:" warning and keep the metadata.
 */
class Hdf5KindsPreviewTest {

    static final Path FIXTURES = fixtures();

    private static Path fixtures() {
        try {
            return Path.of(Hdf5KindsPreviewTest.class.getResource("/preview/hdf5kinds/expected.txt").toURI())
                    .getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Plane {@code index} of the array's leading axes (the last two are rows and columns), as jHDF reads it whole. */
    static double[][] plane(Path file, String path, int index) {
        try (HdfFile h = new HdfFile(file)) {
            Dataset ds = h.getDatasetByPath(path);
            Object p = ds.getData();
            int rank = ds.getDimensions().length;
            for (int i = 0; i < rank - 2; i++) {
                p = Array.get(p, i == 0 ? index : 0);
            }
            return EmdPreviewTest.frame0(p, 2, false);
        }
    }

    /**
     * The plane checked against h5py's numbers in expected.txt (shape, min, max, sum, sum of squares, three values):
     * two decoders agree on the reference before the preview is compared with it.
     */
    static double[][] reference(Path file, String path, int index, String key, String keyPath) throws IOException {
        double[][] p = plane(file, path, index);
        String line = Files.readAllLines(FIXTURES.resolve("expected.txt")).stream()
                .filter(l -> l.startsWith(key + " " + keyPath + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " " + keyPath + " in expected.txt"));
        double[] e = Stream.of(line.split(" ")).skip(2).mapToDouble(Double::parseDouble).toArray();
        int h = p.length;
        int w = p[0].length;
        assertEquals((int) e[0], h, key + ": rows");
        assertEquals((int) e[1], w, key + ": columns");
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0, sq = 0;
        for (double[] row : p) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                sq += v * v;
            }
        }
        assertEquals(e[2], min, 0, key + ": min");
        assertEquals(e[3], max, 0, key + ": max");
        assertEquals(e[4], sum, Math.abs(e[4]) * 1e-9, key + ": sum");
        assertEquals(e[5], sq, Math.abs(e[5]) * 1e-9, key + ": sum of squares");
        assertEquals(e[6], p[0][0], 0, key + ": first value");
        assertEquals(e[7], p[h / 2][w / 2], 0, key + ": middle value");
        assertEquals(e[8], p[h - 1][w - 1], 0, key + ": last value");
        return p;
    }

    /**
     * Each file's preview shows its plane: decodes, at most 512 px, the plane's aspect, not blank, within the budget,
     * rank correlation over 0.9 with the reference; a scale bar when the mapped document has a pixel size (Odemis's
     * DimensionScaleX). Which plane, from the files: Odemis writes the SEM survey first ({@code Acquisition0}, titled
     * "Secondary electrons survey", as h5py shows); TopSpin's acquisition names its navigator in
     * {@code ProcedureData/VirtualStemImageResult/Id} (39a4bbcd... in A, b0212ada... in B, as its XML says).
     */
    @ParameterizedTest
    @CsvSource({
        "public/rosettasciio/sparc-intensity.h5, Acquisition0/ImageData/Image, true",
        "public/rosettasciio/test_hyperspectral.h5, Acquisition0/ImageData/Image, true",
        "public/rosettasciio/topspin_test_A.app5, 39a4bbcd-2551-4912-9093-0eaed678dcff, false",
        "public/rosettasciio/topspin_test_B.app5, 18d9446f-22bf-4fb1-8d13-338174e75d20/b0212ada-90b1-4117-8ed5-355717e4910b, false"})
    void eachFileShowsItsImage(String relative, String path, boolean scaled) throws Exception {
        Path file = Corpus.file(relative);
        double[][] ref = reference(file, path, 0, file.getFileName().toString(), path);
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(file);
        assertNotNull(run.preview(), () -> file + ": no preview; warnings " + run.record().warnings());
        BufferedImage png = EmdPreviewTest.checkPng(file, run);
        assertEquals((double) ref[0].length / ref.length, (double) png.getWidth() / png.getHeight(),
                0.02 * ref[0].length / ref.length + 2.0 / Math.min(png.getWidth(), png.getHeight()), file + ": aspect");
        assertTrue(PreviewCorpusTest.spread(png) > 2, file + ": blank preview");
        boolean bar = run.record().preview().scaleBar() != null;
        double r = EmdPreviewTest.correlation(png, ref, bar);
        assertTrue(r > 0.9, file + ": the preview follows its image at only " + r);
        assertEquals(scaled, PixelSize.metres(run.record().mapped()) != null, file + ": pixel size mapped");
        assertEquals(scaled, bar, file + ": scale bar");
    }

    /**
     * The corpus Dectris data file: frame 0 of {@code /entry/data/data} (16 × 192 × 192 uint32, bitshuffle + LZ4) is
     * all zeros, as jHDF and the lz4 package both decode it: a flat picture of it, read from that frame's chunk
     * (858 bytes, h5py's get_chunk_info) and the file's structure, not the other 15 frames.
     */
    @Test
    void theDectrisDataFileShowsItsFirstFrame() throws Exception {
        Path file = Corpus.file("public/rosettasciio/test_00_data_000001.h5");
        double[][] ref = reference(file, "/entry/data/data", 0, "test_00_data_000001.h5", "entry/data/data");
        assertEquals(0, EmdPreviewTest.spread(ref), "the frame h5py and jHDF decode is not flat");
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(file);
        assertNotNull(run.preview(), () -> file + ": no preview; warnings " + run.record().warnings());
        BufferedImage png = EmdPreviewTest.checkPng(file, run);
        assertEquals(png.getWidth(), png.getHeight(), "192 × 192 frames");
        assertNull(run.record().preview().scaleBar(), "a diffraction pattern has no length scale bar");
        assertTrue(EmdPreviewTest.previewFlat(png, false), "a flat frame pictured with structure");
        assertTrue(run.record().warnings().stream().noneMatch(w -> w.message().startsWith("preview:")),
                () -> "" + run.record().warnings());
    }

    /**
     * Frames in Dectris's layout with content (the corpus frames are zeros): frame 0 shown, not frame 1, decoded from
     * bitshuffle + LZ4: three full blocks (128 × 96 uint16), or one short block and 5 elements stored plain (33 × 37);
     * jHDF's own bitshuffle filter is the reference, agreeing with the encoder's numbers.
     */
    @ParameterizedTest
    @CsvSource({"bitshuffle_frames.h5, 128, 96", "bitshuffle_tail.h5, 33, 37"})
    void bitshuffleFramesShowTheFirstFrame(String name, int h, int w) throws Exception {
        Path file = FIXTURES.resolve(name);
        double[][] first = reference(file, "/entry/data/data", 0, name, "frame0");
        double[][] second = reference(file, "/entry/data/data", 1, name, "frame1");
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(file);
        assertNotNull(run.preview(), () -> name + ": no preview; warnings " + run.record().warnings());
        BufferedImage png = EmdPreviewTest.checkPng(file, run);
        assertEquals((double) w / h, (double) png.getWidth() / png.getHeight(), 0.03, name + ": aspect");
        assertTrue(PreviewCorpusTest.spread(png) > 2, name + ": blank preview");
        double r0 = EmdPreviewTest.correlation(png, first, false);
        double r1 = EmdPreviewTest.correlation(png, second, false);
        assertTrue(r0 > 0.9, name + ": frame 0 correlates at only " + r0);
        assertTrue(r1 < 0.5, name + ": the preview follows frame 1 as well: " + r1);
        // each frame's chunk is about 45 % of the file (noise does not compress): the preview reads frame 0's alone
        assertTrue(run.record().preview().bytesRead() < Files.size(file) * 3 / 4, name + ": read "
                + run.record().preview().bytesRead() + " of " + Files.size(file) + " bytes");
    }

    /**
     * A TopSpin file without a navigator (topspin_frames.app5): frame 0 of its series, a diffraction pattern, on a
     * log scale: the grey levels follow log(1 + value - min) linearly (Pearson over 0.9), better than the values.
     */
    @Test
    void topSpinWithoutANavigatorShowsItsFirstPatternOnALogScale() throws Exception {
        Path file = FIXTURES.resolve("topspin_frames.app5");
        String series = "/a0dba950-15bf-4a74-a81c-9cea8560c2c8/";
        double[][] first = reference(file, series + "0/Data", 0, "topspin_frames.app5", "frame0");
        double[][] second = reference(file, series + "1/Data", 0, "topspin_frames.app5", "frame1");
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(file);
        assertNotNull(run.preview(), () -> "no preview; warnings " + run.record().warnings());
        BufferedImage png = EmdPreviewTest.checkPng(file, run);
        assertEquals(24.0 / 20, (double) png.getWidth() / png.getHeight(), 0.03, "aspect");
        assertNull(run.record().preview().scaleBar(), "a diffraction pattern has no length scale bar");
        double r0 = EmdPreviewTest.correlation(png, first, false);
        double r1 = EmdPreviewTest.correlation(png, second, false);
        assertTrue(r0 > 0.9, "frame 0 correlates at only " + r0);
        assertTrue(r1 < 0.5, "the preview follows frame 1 as well: " + r1);
        double min = Stream.of(first).flatMapToDouble(java.util.Arrays::stream).min().orElseThrow();
        double[][] log = Stream.of(first).map(row -> java.util.Arrays.stream(row).map(v -> Math.log1p(v - min))
                .toArray()).toArray(double[][]::new);
        double onLog = linear(png, log);
        double onValues = linear(png, first);
        assertTrue(onLog > 0.9 && onLog > onValues + 0.1, "not a log scale: Pearson " + onLog + " with the log, "
                + onValues + " with the values");
    }

    /** Pearson's correlation of the grey levels with the plane's values at each preview pixel's centre. */
    static double linear(BufferedImage png, double[][] plane) {
        Pearson r = new Pearson();
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                int py = (int) ((y + 0.5) * plane.length / png.getHeight());
                int px = (int) ((x + 0.5) * plane[0].length / png.getWidth());
                r.add(png.getRaster().getSample(x, y, 0), plane[py][px]);
            }
        }
        return r.value();
    }

    /**
     * No image, no preview: the Dectris master's frames are an external link to the data file ({@code data_000001},
     * h5py: ExternalLink to test_00_data_000001.h5), and what it holds besides (flat field, pixel mask) describes the
     * detector; the NeXus I-V curve holds 401 × 1 currents. Neither gets a picture or a preview warning.
     */
    @ParameterizedTest
    @ValueSource(strings = {"public/rosettasciio/test_00_master.h5", "not-microscopy/IV_CURVE.nxs"})
    void noImageNoPreview(String relative) throws Exception {
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(Corpus.file(relative));
        assertTrue(run.record().errors().isEmpty(), () -> relative + ": " + run.record().errors());
        assertTrue(run.preview() == null || "plotted".equals(run.preview().source()), relative
                + ": a picture without an image");
        assertTrue(run.record().warnings().stream().noneMatch(w -> w.message().startsWith("preview:")),
                () -> relative + ": " + run.record().warnings());
    }

    /** Layouts that lie (see make_hdf5kinds_fixtures.py): a typed preview warning, no preview, the metadata kept. */
    @ParameterizedTest
    @ValueSource(strings = {"hostile_odemis_huge.h5", "hostile_dectris_block.h5", "hostile_dectris_lz4.h5",
        "hostile_dectris_header.h5", "hostile_dectris_blocksize.h5", "hostile_topspin_unwritten.app5"})
    void aLyingLayoutCostsATypedWarning(String name) throws Exception {
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(FIXTURES.resolve(name));
        assertNull(run.preview(), name + ": a preview of pixels that are not there");
        assertTrue(run.record().errors().isEmpty(), () -> name + ": the metadata is lost: " + run.record().errors());
        assertTrue(run.record().warnings().stream().anyMatch(w -> w.message().startsWith("preview:")
                && (w.code() == ErrorCode.TOO_LARGE || w.code() == ErrorCode.CORRUPT)),
                () -> name + ": no typed preview warning: " + run.record().warnings());
    }

    /**
     * Cut uploads: the Odemis file inside its survey image's chunks (45 368 to 156 393, h5py's get_chunk_info), the
     * TopSpin file inside its frames: no preview, a typed problem, no exception.
     */
    @ParameterizedTest
    @CsvSource({"public/rosettasciio/sparc-intensity.h5, 100000", "public/rosettasciio/topspin_test_A.app5, 95000",
        "public/rosettasciio/test_00_data_000001.h5, 9000"})
    void aCutFileHasNoPreviewAndSaysWhy(String relative, int keep, @TempDir Path dir) throws Exception {
        byte[] all = Files.readAllBytes(Corpus.file(relative));
        Path cut = dir.resolve(Path.of(relative).getFileName());
        Files.write(cut, java.util.Arrays.copyOf(all, keep));
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(cut);
        assertNull(run.preview(), relative + " cut at " + keep + ": a preview");
        List<Problem> problems = new java.util.ArrayList<>(run.record().errors());
        problems.addAll(run.record().warnings());
        assertTrue(problems.stream().anyMatch(p -> p.code() == ErrorCode.TRUNCATED || p.code() == ErrorCode.CORRUPT),
                () -> relative + " cut at " + keep + ": no typed problem: " + problems);
    }

    /**
     * The bitshuffle-LZ4 codec on random and mutated input: a typed CORRUPT or a frame of the expected size, never
     * another exception, never more than the expected bytes (seeded, so a failure repeats).
     */
    @Test
    void theBitshuffleCodecFailsTyped() throws Exception {
        java.util.Random random = new java.util.Random(14);
        byte[] valid = Files.readAllBytes(FIXTURES.resolve("bitshuffle_tail.h5"));
        for (int i = 0; i < 3000; i++) {
            byte[] in;
            if (i % 2 == 0) {
                in = new byte[12 + random.nextInt(200)];
                random.nextBytes(in);
                java.nio.ByteBuffer.wrap(in).putLong(0, 2442).putInt(8, 8 * (1 + random.nextInt(1024)));
            } else {
                // a real chunk's bytes (somewhere in the fixture) under a valid header, some of them flipped
                in = java.util.Arrays.copyOfRange(valid, random.nextInt(valid.length - 300), valid.length);
                in = java.util.Arrays.copyOf(in, 12 + random.nextInt(Math.min(in.length, 3000) - 12));
                java.nio.ByteBuffer.wrap(in).putLong(0, 2442).putInt(8, 8192);
                for (int k = 0; k < 4; k++) {
                    in[12 + random.nextInt(in.length - 12)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            try {
                assertEquals(2442, Codecs.bitshuffleLz4(in, 2442, 2).length);
            } catch (io.emmeta.core.problem.ExtractionException e) {
                assertEquals(ErrorCode.CORRUPT, e.code());
                assertTrue(e.getMessage().startsWith("preview:"), e.getMessage());
            }
        }
    }

    @Test
    void theFixturesAreSmall() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path p : files.toList()) {
                assertTrue(Files.size(p) < 64_000, p + " is larger than a test resource should be");
            }
        }
    }
}
