package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * DM3/DM4 spectra and spectrum images get a plotted preview of their (sum) spectrum whose curve peaks at the channel
 * HyperSpy finds largest (resources {@code preview/dm/spectra.txt}, written by the committed
 * {@code make_dm_expected.py}, not by us); a spectrum image whose data cube exceeds the preview's byte budget shows
 * its image instead. A DM spectrum whose header lies gets its record, a typed preview warning and no picture.
 */
class DmSpectrumPreviewTest {

    /** One line of spectra.txt: what HyperSpy read from the file. */
    record Expected(Path file, int channels, int peak, double offset, double scale, String units, long bytes) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static Stream<Expected> expected() throws IOException {
        Path table = Path.of("lambda", "src", "test", "resources", "preview", "dm", "spectra.txt");
        List<Expected> out = Files.readAllLines(table).stream().filter(l -> !l.isBlank()).map(l -> {
            String[] f = l.split("\t");
            return new Expected(Corpus.ROOT.resolve(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), f[5], Long.parseLong(f[6]));
        }).toList();
        assertFalse(out.isEmpty());
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("expected")
    void aDmSpectrumIsPlottedAtItsPeakOrItsCubeShownAsAnImage(Expected e) throws Exception {
        long size = Files.size(e.file());
        Extractor.Result r;
        try (CachingByteSource src = CachingByteSource.ofFile(e.file())) {
            r = SpectrumPreviewTest.EXTRACTOR.extract(src, SourceInfo.file(e.file().toString(), size),
                    SpectrumPreviewTest.WANTED);
        }
        assertNotNull(r.preview(), () -> e + ": no preview; warnings " + r.record().warnings());
        ExtractionRecord.PreviewInfo info = r.record().preview();
        assertTrue(info.bytesRead() <= Previews.budgetFor(size), e + ": over budget");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        assertNotNull(png, e + ": the PNG does not decode");
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512);
        System.out.printf(Locale.ROOT, "DM preview %s: %s, %d bytes read, %.1f ms%n", e, info.source(),
                info.bytesRead(), info.durationMs());
        if (e.bytes() > Previews.budgetFor(size)) {
            // the sum would read the whole cube: the image of the first plane, as before
            assertEquals("decoded", info.source(), e + ": " + e.bytes() + " bytes of spectra exceed the budget");
            return;
        }
        assertEquals("plotted", info.source());
        assertTrue(PreviewCorpusTest.spread(png) > 2, e + ": blank preview");
        SpectrumPreviewTest.Plot plot = SpectrumPreviewTest.Plot.of(png);
        double x = plot.axisX() + 1 + (e.peak() + 0.5) * plot.width() / e.channels();
        assertEquals(x, plot.peakX(), 2.0, e + ": HyperSpy's sum spectrum is largest in channel " + e.peak() + " of "
                + e.channels());
        assertTrue(plot.inkBelowAxis() > 50, e + ": no ticks or labels under the axis");
        assertTicksOnRoundValues(png, plot, e.offset(), e.offset() + e.channels() * e.scale(), e.toString());
    }

    /**
     * The axis ticks lie where the calibration puts round values: each tick's column, mapped back through the range
     * {@code from}–{@code to} (in the file's unit), is a whole multiple of the tick spacing (1, 2 or 5 × 10ⁿ), within
     * a pixel. A wrong origin or scale moves the ticks off those values.
     */
    static void assertTicksOnRoundValues(BufferedImage png, SpectrumPreviewTest.Plot plot, double from, double to,
            String what) {
        List<Integer> ticks = new java.util.ArrayList<>();
        for (int x = 0; x < png.getWidth(); x++) {
            if (png.getRaster().getSample(x, plot.axisY() + 2, 0) < 128) {
                ticks.add(x);
            }
        }
        assertTrue(ticks.size() >= 2, what + ": ticks at " + ticks);
        double perPixel = (to - from) / plot.width();
        double step = (ticks.get(1) - ticks.get(0)) * perPixel;
        double decade = Math.pow(10, Math.floor(Math.log10(step)));
        double nice = java.util.stream.DoubleStream.of(1, 2, 5, 10).map(m -> m * decade)
                .reduce((a, b) -> Math.abs(a - step) < Math.abs(b - step) ? a : b).getAsDouble();
        assertEquals(nice, step, 1.5 * perPixel, what + ": tick spacing");
        for (int x : ticks) {
            double value = from + (x - plot.axisX() - 1) * perPixel;
            double k = Math.rint(value / nice);
            assertEquals(k * nice, value, 1.5 * perPixel, what + ": the tick at column " + x);
        }
    }

    // ---- hostile variants of the real 1-D spectrum ----

    static final Path EELS = Corpus.ROOT.resolve("rosettasciio/test-EELS_spectrum.dm3");

    /**
     * The file offset of the value of the first data tag after the last occurrence of {@code name} at or after
     * {@code from} (DM3: "%%%%", a big-endian count of type entries, the entries, then the value).
     */
    static int valueAfter(byte[] b, String name, int from) {
        String text = new String(b, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(name, from);
        assertTrue(at > 0, name + " not found");
        int magic = text.indexOf("%%%%", at);
        int n = ByteBuffer.wrap(b, magic + 4, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        return magic + 8 + 4 * n;
    }

    static Extractor.Result run(byte[] bytes) {
        return SpectrumPreviewTest.run("hostile.dm3", bytes);
    }

    @Test
    void aDimensionLargerThanTheDataArrayIsRefused() throws IOException {
        byte[] b = Files.readAllBytes(EELS);
        // the main image's Dimensions come after the thumbnail's: the last of them in the file
        String text = new String(b, StandardCharsets.ISO_8859_1);
        int at = valueAfter(b, "Dimensions", text.lastIndexOf("Dimensions"));
        assertEquals(2048, ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(), "the channel count");
        ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(2_000_000_000);
        SpectrumPreviewTest.assertRefused(run(b), ErrorCode.CORRUPT);
    }

    @Test
    void anEnergyScaleOfZeroIsRefused() throws IOException {
        byte[] b = Files.readAllBytes(EELS);
        String text = new String(b, StandardCharsets.ISO_8859_1);
        // the main image's calibrations (the last Calibrations group), its dimension 0's Scale
        int dimension = text.indexOf("Dimension", text.lastIndexOf("Calibrations"));
        int at = valueAfter(b, "Scale", dimension);
        assertEquals(0.5f, ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat(), "eV per channel");
        ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0f);
        SpectrumPreviewTest.assertRefused(run(b), ErrorCode.CORRUPT);
    }
}
