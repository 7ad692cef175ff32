package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.InMemory;

/**
 * JEOL Analysis Station files get previews (#14): the {@code .img} image and the {@code .map} element maps their
 * pixels, with a scale bar; the {@code .eds} spectrum and the {@code .pts} spectrum images a plot of their (sum)
 * spectrum on HyperSpy's energy axis. Expected values: {@code preview/jeol/*.txt}, written by the committed
 * {@code make_jeol_expected.py} with HyperSpy 1.7.3's JEOL reader; image pixels are decoded here from the vendor
 * layout (the tree entry {@code 0x01, int32 5, "Bits\0", int32 type, int32 length, pixels}), independently of the
 * reader, and checked against HyperSpy's pixel sum before the preview is compared with them. Hostile variants get a
 * typed warning and no preview.
 */
class JeolPreviewTest {

    static final Path DIR = Path.of("lambda", "src", "test", "resources", "preview", "jeol");

    record Image(Path file, int width, int height, long sum, double pixelMicrons) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    record Spectrum(Path file, int channels, int peak, long peakCount, long second, double offset, double scale,
            long total) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static Stream<Image> images() {
        List<Image> out = lines("images.txt").stream().map(f -> new Image(Corpus.ROOT.resolve(f[0]),
                Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4])))
                .toList();
        assertEquals(6, out.size(), "the .img and the five .map files");
        return out.stream();
    }

    static Stream<Spectrum> spectra() {
        List<Spectrum> out = lines("spectra.txt").stream().map(f -> new Spectrum(Corpus.ROOT.resolve(f[0]),
                Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                Double.parseDouble(f[5]), Double.parseDouble(f[6]), Long.parseLong(f[7]))).toList();
        assertEquals(3, out.size(), "the .eds and the two .pts files");
        return out.stream();
    }

    static Stream<Spectrum> spectrumImages() {
        List<Spectrum> out = spectra().filter(e -> e.file().toString().endsWith(".pts")).toList();
        assertEquals(2, out.size());
        return out.stream();
    }

    private static List<String[]> lines(String name) {
        try {
            return Files.readAllLines(DIR.resolve(name)).stream().filter(l -> !l.isBlank()).map(l -> l.split("\t"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Extractor.Result extract(Path file) throws IOException {
        try (CachingByteSource src = CachingByteSource.ofFile(file)) {
            return PreviewCorpusTest.EXTRACTOR.extract(src, SourceInfo.file(file.toString(), Files.size(file)),
                    PreviewCorpusTest.WANTED);
        }
    }

    static Extractor.Result extract(String name, byte[] bytes) {
        return PreviewCorpusTest.EXTRACTOR.extract(InMemory.source(bytes), SourceInfo.file(name, bytes.length),
                PreviewCorpusTest.WANTED);
    }

    /** Offset of the first byte after the tree entry header {@code 0x01, int32 len, name\0, type, length}. */
    static int entryValue(byte[] b, String name) {
        byte[] key = (name + "\0").getBytes(StandardCharsets.ISO_8859_1);
        byte[] pattern = new byte[5 + key.length];
        pattern[0] = 1;
        ByteBuffer.wrap(pattern, 1, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(key.length);
        System.arraycopy(key, 0, pattern, 5, key.length);
        for (int i = 0; i + pattern.length + 8 <= b.length; i++) {
            if (Arrays.equals(b, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i + pattern.length + 8;
            }
        }
        throw new AssertionError(name + " entry not found");
    }

    static int i32(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @ParameterizedTest
    @MethodSource("images")
    void anImageOrElementMapShowsItsPixelsWithAScaleBar(Image e) throws Exception {
        byte[] file = Files.readAllBytes(e.file());
        // the vendor layout: Bits is uint8 (type 6) here, width × height bytes, one row after another
        int at = entryValue(file, "Bits");
        assertEquals(6, i32(file, at - 8), "Bits type");
        assertEquals((long) e.width() * e.height(), i32(file, at - 4), "Bits length");
        BufferedImage original = new BufferedImage(e.width(), e.height(), BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = original.getRaster();
        long sum = 0;
        for (int y = 0; y < e.height(); y++) {
            for (int x = 0; x < e.width(); x++) {
                int v = file[at + y * e.width() + x] & 0xff;
                raster.setSample(x, y, 0, v);
                sum += v;
            }
        }
        assertEquals(e.sum(), sum, e + ": our decoding of the layout against HyperSpy's pixel sum");

        Extractor.Result r = extract(e.file());
        assertNotNull(r.preview(), () -> e + ": no preview; warnings " + r.record().warnings());
        ExtractionRecord.PreviewInfo info = r.record().preview();
        assertEquals("decoded", info.source());
        assertTrue(info.bytesRead() <= Previews.budgetFor(file.length), e + ": over budget");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        assertNotNull(png, e + ": the PNG does not decode");
        assertEquals(Math.min(512, e.width()), png.getWidth());
        assertEquals(Math.min(512, e.height()), png.getHeight());
        assertTrue(PreviewCorpusTest.spread(png) > 2, e + ": blank preview");
        // the pixel size the preview drew its bar from: HyperSpy's (ScanSize / Mag / width)
        Double metres = PixelSize.metres(r.document());
        assertNotNull(metres, e + ": no pixel size mapped");
        assertEquals(e.pixelMicrons() * 1e-6, metres, e.pixelMicrons() * 1e-12, e + ": pixel size");
        assertNotNull(info.scaleBar(), e + ": no scale bar");
        assertTrue(PreviewCorpusTest.hasBar(png), e + ": no bar drawn");
        double c = PreviewCorpusTest.correlation(png, original, true);
        System.out.printf(Locale.ROOT, "JEOL preview %s: r = %.4f, %d bytes read, bar %s, %.1f ms%n", e, c,
                info.bytesRead(), info.scaleBar(), info.durationMs());
        keep(e.file(), r.preview().png());
        assertTrue(c > 0.9, e + ": correlation " + c);
    }

    /** With -Djeol.previews=DIR the previews are written there, to be looked at. */
    static void keep(Path file, byte[] png) throws IOException {
        String dir = System.getProperty("jeol.previews");
        if (dir != null) {
            Files.write(Path.of(dir).resolve(file.getFileName() + ".preview.png"), png);
        }
    }

    @ParameterizedTest
    @MethodSource("spectra")
    void aSpectrumOrSpectrumImageIsPlottedOnHyperSpysEnergyAxis(Spectrum e) throws Exception {
        assertTrue(e.peakCount() > e.second(), e + ": the peak channel is unique");
        byte[] file = Files.readAllBytes(e.file());
        Extractor.Result r = extract(e.file());
        assertNotNull(r.preview(), () -> e + ": no preview; warnings " + r.record().warnings());
        ExtractionRecord.PreviewInfo info = r.record().preview();
        assertEquals("plotted", info.source());
        assertTrue(info.bytesRead() <= Previews.budgetFor(file.length), e + ": over budget");
        // what the plot needs and no more: the .eds counts (NumCH int32 at 454, counts from 458), the .pts event
        // stream (from the offset the header's int32 at 28 gives, to the end)
        long expectedBytes = e.file().toString().endsWith(".eds") ? 4L * i32(file, 454)
                : file.length - (i32(file, 28) & 0xffffffffL);
        // (the preview's own count: a small object is read whole with the metadata, so the source reads none more)
        assertEquals(expectedBytes, r.preview().bytesRead(), e + ": bytes read");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        assertNotNull(png, e + ": the PNG does not decode");
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512);
        assertTrue(PreviewCorpusTest.spread(png) > 2, e + ": blank preview");
        SpectrumPreviewTest.Plot plot = SpectrumPreviewTest.Plot.of(png);
        // HyperSpy's channel count places its peak channel on the plot's width; a wrong count moves it
        double x = plot.axisX() + 1 + (e.peak() + 0.5) * plot.width() / e.channels();
        assertEquals(x, plot.peakX(), 2.0, e + ": the largest count is in channel " + e.peak());
        // HyperSpy's energy axis: the ticks lie on round energies of offset .. offset + channels × scale (keV)
        DmSpectrumPreviewTest.assertTicksOnRoundValues(png, plot, e.offset(), e.offset() + e.channels() * e.scale(),
                e.toString());
        System.out.printf(Locale.ROOT, "JEOL spectrum preview %s: %d bytes read, %.1f ms%n", e,
                r.preview().bytesRead(), info.durationMs());
        keep(e.file(), r.preview().png());
    }

    /**
     * The counts behind a .pts plot, channel by channel in total: the events summed from the stream (located from
     * the vendor header here: int32 at 28 to the end) hold as many X-rays as HyperSpy's cube, its peak channel with
     * HyperSpy's peak count, and the runner-up count is HyperSpy's too.
     */
    @ParameterizedTest
    @MethodSource("spectrumImages")
    void aPtsSumSpectrumCountsEveryXrayHyperSpyCounts(Spectrum e) throws Exception {
        byte[] file = Files.readAllBytes(e.file());
        long at = i32(file, 28) & 0xffffffffL;
        double[] counts;
        try (CachingByteSource src = CachingByteSource.ofFile(e.file())) {
            counts = SpectrumPlot.jeolEvents(new PixelBudget(src), io.emmeta.core.model.SpectrumRef.at(
                    io.emmeta.core.model.SpectrumRef.Encoding.JEOL_PTS, at, file.length - at, 4096, e.offset(),
                    e.scale(), "keV"));
        }
        assertEquals(e.channels(), counts.length);
        assertEquals(e.total(), (long) Arrays.stream(counts).sum(), e + ": X-rays in all");
        assertEquals(e.peakCount(), (long) counts[e.peak()], e + ": count in the peak channel");
        double[] sorted = counts.clone();
        Arrays.sort(sorted);
        assertEquals(e.peakCount(), (long) sorted[sorted.length - 1]);
        assertEquals(e.second(), (long) sorted[sorted.length - 2]);
    }

    @Test
    void projectFilesHaveNoPixelsAndNoPreview() throws Exception {
        for (String name : new String[] {"181019-BN.ASW", "rawdata.ASW"}) {
            Extractor.Result r = extract(Corpus.file("public/rosettasciio/" + name));
            assertNull(r.preview(), name);
            assertFalse(r.record().warnings().stream().anyMatch(w -> w.message().startsWith("preview:")),
                    () -> name + ": " + r.record().warnings());
        }
    }

    // ---- hostile variants ----

    static final String IMG = "public/rosettasciio/Sample/00_View000/View000_0000000.img";
    static final String PTS = "public/rosettasciio/Sample/00_View000/View000_0000006.pts";
    static final String EDS = "public/rosettasciio/View002_0000001.eds";

    static void assertRefused(Extractor.Result r, ErrorCode code, long t0) {
        assertTrue(r.record().errors().isEmpty(), () -> "the metadata is read: " + r.record().errors());
        HostilePixelsTest.assertRefused(new HostilePixelsTest.Outcome(r.record(), r.preview(),
                (System.nanoTime() - t0) / 1_000_000), code);
    }

    @Test
    void anImageSizeThePixelsDoNotFillIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(Corpus.file(IMG));
        // Size entries (Image/Size among them, the one HyperSpy reads): two int32 (JEOL type 8), width then height;
        // every one made 2^30 × 2^30, far more than the 262144 bytes of Bits
        String text = new String(b, StandardCharsets.ISO_8859_1);
        String entry = "\u0001\u0005\0\0\0Size\0";
        int patched = 0;
        for (int at = text.indexOf(entry); at >= 0; at = text.indexOf(entry, at + 1)) {
            int value = at + entry.length() + 8;
            assertEquals(8, i32(b, value - 8), "Size is int32");
            assertEquals(512, i32(b, value));
            ByteBuffer.wrap(b, value, 8).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 30).putInt(1 << 30);
            patched++;
        }
        assertTrue(patched > 0);
        long t0 = System.nanoTime();
        assertRefused(extract("huge.img", b), ErrorCode.CORRUPT, t0);
    }

    @Test
    void aTruncatedImageIsATypedErrorWithoutPreview() throws Exception {
        byte[] full = Files.readAllBytes(Corpus.file(IMG));
        // cut inside the pixels: the tree's Bits entry declares more than is left, the metadata cannot be read
        byte[] b = Arrays.copyOf(full, entryValue(full, "Bits") + 1000);
        Extractor.Result r = extract("cut.img", b);
        assertNull(r.preview());
        assertTrue(r.record().errors().stream().anyMatch(p -> p.code() == ErrorCode.TRUNCATED),
                () -> "" + r.record().errors());
    }

    @Test
    void aPtsCutBeforeItsEventStreamIsRefused() throws Exception {
        byte[] full = Files.readAllBytes(Corpus.file(PTS));
        int data = i32(full, 28);
        assertTrue(data > 300 && data < full.length);
        long t0 = System.nanoTime();
        assertRefused(extract("cut.pts", Arrays.copyOf(full, data)), ErrorCode.CORRUPT, t0);
    }

    @Test
    void aPtsHeaderPointingPastTheObjectIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(Corpus.file(PTS));
        ByteBuffer.wrap(b, 28, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7fff_0000);
        long t0 = System.nanoTime();
        assertRefused(extract("lying.pts", b), ErrorCode.CORRUPT, t0);
    }

    @Test
    void aPtsStreamLargerThanTheBudgetIsRefusedNotPartlySummed() throws Exception {
        byte[] full = Files.readAllBytes(Corpus.file(PTS));
        // 10 MiB of X-ray words in channel 100 appended: a stream over the 8 MiB floor of the budget (2 % of 11 MB)
        byte[] b = Arrays.copyOf(full, full.length + 10 * 1024 * 1024);
        ByteBuffer tail = ByteBuffer.wrap(b, full.length, b.length - full.length).order(ByteOrder.LITTLE_ENDIAN);
        while (tail.remaining() >= 2) {
            tail.putShort((short) (0xb000 | 100));
        }
        long t0 = System.nanoTime();
        Extractor.Result r = extract("big.pts", b);
        assertRefused(r, ErrorCode.TOO_LARGE, t0);
    }

    @Test
    void aPtsWithoutItsEnergyCalibrationIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(Corpus.file(PTS));
        // rename every CoefA entry (keV per channel, a float64 in Doc) so the calibration is incomplete
        String text = new String(b, StandardCharsets.ISO_8859_1);
        int renamed = 0;
        String entry = "\u0006\0\0\0CoefA\0";
        for (int at = text.indexOf(entry); at >= 0; at = text.indexOf(entry, at + 1)) {
            b[at + 4] = 'X';
            renamed++;
        }
        assertTrue(renamed > 0);
        long t0 = System.nanoTime();
        assertRefused(extract("nocal.pts", b), ErrorCode.CORRUPT, t0);
    }

    @Test
    void anEdsSpectrumWithoutAnEnergyScaleIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(Corpus.file(EDS));
        // CoefA, keV per channel, a float64 at 362 (HyperSpy's header walk): NaN
        ByteBuffer.wrap(b, 362, 8).order(ByteOrder.LITTLE_ENDIAN).putDouble(Double.NaN);
        long t0 = System.nanoTime();
        assertRefused(extract("nan.eds", b), ErrorCode.CORRUPT, t0);
    }

    /**
     * Damaged copies of every previewed JEOL file (seeded: the same each run): bytes overwritten in the header and
     * tree, in the pixels or events, and the object cut at random lengths. Whatever the damage, the extraction ends
     * with a record: no fault of ours (INTERNAL) in its errors or warnings, a preview (if any) that decodes and stays
     * within 512 pixels, each run bounded in time.
     */
    @Test
    void damagedCopiesEndInTypedProblemsNeverInternalFaults() throws Exception {
        java.util.Random random = new java.util.Random(14);
        int runs = 0;
        int previews = 0;
        for (String name : new String[] {IMG, "public/rosettasciio/Sample/00_View000/View000_0000003.map", PTS,
                "public/rosettasciio/Dummy-Data_0000007.pts", EDS}) {
            byte[] original = Files.readAllBytes(Corpus.file(name));
            for (int i = 0; i < 30; i++) {
                byte[] b;
                if (i % 3 == 2) {
                    b = Arrays.copyOf(original, random.nextInt(original.length));
                } else {
                    b = original.clone();
                    // most damage where the structure is (the first 40 KB: header and tree), some anywhere
                    int limit = i % 3 == 0 ? Math.min(b.length, 40_000) : b.length;
                    for (int k = 0; k < 1 + random.nextInt(12); k++) {
                        b[random.nextInt(limit)] = (byte) random.nextInt(256);
                    }
                }
                long t0 = System.nanoTime();
                Extractor.Result r = extract(Path.of(name).getFileName().toString(), b);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                runs++;
                String what = name + " variant " + i;
                assertTrue(ms < 10_000, what + ": took " + ms + " ms");
                assertFalse(Stream.concat(r.record().errors().stream(), r.record().warnings().stream())
                        .anyMatch(p -> p.code() == ErrorCode.INTERNAL), () -> what + ": " + r.record().errors() + " "
                                + r.record().warnings());
                if (r.preview() != null) {
                    previews++;
                    BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
                    assertNotNull(png, what + ": the PNG does not decode");
                    assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512, what);
                }
            }
        }
        System.out.println("JEOL damaged copies: " + runs + " runs, " + previews + " previews");
        assertTrue(previews > 0 && previews < runs, "some damage leaves a preview, some does not: " + previews);
    }
}
