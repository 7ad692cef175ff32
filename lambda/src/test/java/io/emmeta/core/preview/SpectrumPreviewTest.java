package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
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
import io.emmeta.testing.InMemory;

/**
 * Every spectrum of the corpus (EMSA, EDAX .spc, Bruker .spx) gets a plotted preview that ImageIO decodes, at most 512
 * px, not blank, whose curve peaks at the channel where the file's own largest count is: the counts are read here from
 * the file's text or bytes, and the plot's geometry from the picture itself (its axis lines). Spectra that lie get
 * their record, a typed preview warning and no picture.
 */
class SpectrumPreviewTest {

    static final Extractor EXTRACTOR = Extractor.standard(new ObjectMapper());
    static final UploadContext WANTED = UploadContext.NONE.withPreviewDefault(true);

    static Stream<Path> spectra() throws IOException {
        try (Stream<Path> all = Files.walk(Corpus.ROOT)) {
            List<Path> out = all.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".msa") || n.endsWith(".spc") || n.endsWith(".spx");
            }).sorted().toList();
            assertFalse(out.isEmpty(), "no spectra in the corpus");
            return out.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("spectra")
    void everySpectrumGetsAPlotPeakingWhereTheFileDoes(Path file) throws Exception {
        Extractor.Result r;
        long t0 = System.nanoTime();
        try (CachingByteSource src = CachingByteSource.ofFile(file)) {
            r = EXTRACTOR.extract(src, SourceInfo.file(file.toString(), Files.size(file)), WANTED);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertNotNull(r.preview(), () -> file + ": no preview; warnings " + r.record().warnings());
        ExtractionRecord.PreviewInfo info = r.record().preview();
        assertEquals("plotted", info.source());
        assertTrue(info.bytesRead() <= Previews.budgetFor(Files.size(file)));
        System.out.printf(Locale.ROOT, "spectrum preview %s: %d bytes read, %.1f ms plot, %d ms extraction%n",
                file.getFileName(), info.bytesRead(), info.durationMs(), ms);

        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        assertNotNull(png, file + ": the PNG does not decode");
        assertTrue(png.getWidth() <= 512 && png.getHeight() <= 512, png.getWidth() + "×" + png.getHeight());
        assertEquals(info.width(), png.getWidth());
        assertTrue(PreviewCorpusTest.spread(png) > 2, file + ": blank preview");

        double[] counts = counts(file);
        int peak = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[peak]) {
                peak = i;
            }
        }
        Plot plot = Plot.of(png);
        assertTrue(plot.width() > png.getWidth() / 2, file + ": plot area of " + plot.width() + " px");
        double expected = plot.axisX() + 1 + (peak + 0.5) * plot.width() / counts.length;
        assertEquals(expected, plot.peakX(), 2.0, file + ": the file's largest count is in channel " + peak + " of "
                + counts.length);
        assertTrue(plot.inkBelowAxis() > 50, file + ": no ticks or labels under the energy axis");
    }

    /** The counts, read from the file without our readers. */
    static double[] counts(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] b = Files.readAllBytes(file);
        List<Double> out = new ArrayList<>();
        if (name.endsWith(".spc")) {
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int points = buf.getShort(32);
            double[] c = new double[points];
            for (int i = 0; i < points; i++) {
                c[i] = buf.getInt(3840 + 4 * i);
            }
            return c;
        }
        String text = new String(b, StandardCharsets.ISO_8859_1);
        if (name.endsWith(".spx")) {
            Matcher m = Pattern.compile("<Channels>([^<]*)</Channels>").matcher(text);
            assertTrue(m.find(), file + ": no <Channels>");
            for (String s : m.group(1).split(",")) {
                out.add(Double.valueOf(s.trim()));
            }
        } else {
            // EMSA: the lines between #SPECTRUM and #ENDOFDATA, "x, y" (the corpus files are XY)
            assertTrue(text.contains("#DATATYPE    : XY"), file + ": this test reads XY files only");
            boolean data = false;
            for (String line : text.split("\r?\n")) {
                if (line.startsWith("#SPECTRUM")) {
                    data = true;
                } else if (line.startsWith("#")) {
                    data = false;
                } else if (data && !line.isBlank()) {
                    out.add(Double.valueOf(line.split(",")[1].trim()));
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The plot's geometry as the picture shows it: the energy axis is the row with the most ink, the left edge the
     * leftmost column inked over half the height, the plot spans the axis row's ink to its right; the curve's peak is
     * the topmost ink above the axis, right of the edge (the mean column of that topmost row's ink).
     */
    record Plot(int axisX, int axisY, int width, double peakX, int inkBelowAxis) {
        static Plot of(BufferedImage img) {
            Raster r = img.getRaster();
            int w = img.getWidth();
            int h = img.getHeight();
            int axisY = 0;
            int most = -1;
            for (int y = 0; y < h; y++) {
                int n = 0;
                for (int x = 0; x < w; x++) {
                    n += r.getSample(x, y, 0) < 128 ? 1 : 0;
                }
                if (n > most) {
                    most = n;
                    axisY = y;
                }
            }
            int axisX = -1;
            for (int x = 0; x < w && axisX < 0; x++) {
                int n = 0;
                for (int y = 0; y < h; y++) {
                    n += r.getSample(x, y, 0) < 128 ? 1 : 0;
                }
                if (n > h / 2) {
                    axisX = x;
                }
            }
            int right = w - 1;
            while (right > 0 && r.getSample(right, axisY, 0) >= 128) {
                right--;
            }
            double peakX = -1;
            for (int y = 0; y < axisY && peakX < 0; y++) {
                int n = 0;
                double sum = 0;
                for (int x = axisX + 1; x <= right; x++) {
                    if (r.getSample(x, y, 0) < 128) {
                        n++;
                        sum += x;
                    }
                }
                if (n > 0) {
                    peakX = sum / n;
                }
            }
            int below = 0;
            for (int y = axisY + 1; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    below += r.getSample(x, y, 0) < 128 ? 1 : 0;
                }
            }
            return new Plot(axisX, axisY, right - axisX, peakX, below);
        }
    }

    // ---- spectra that lie ----

    static Extractor.Result run(String name, byte[] bytes) {
        return EXTRACTOR.extract(InMemory.source(bytes), SourceInfo.file(name, bytes.length), WANTED);
    }

    static void assertRefused(Extractor.Result r, ErrorCode code) {
        assertNull(r.preview(), "no preview expected");
        assertNull(r.record().preview());
        assertNotNull(r.record().detected(), "the metadata is still read");
        assertTrue(r.record().warnings().stream().anyMatch(w -> w.code() == code && w.message().startsWith("preview:")),
                () -> "expected a " + code + " preview warning, got " + r.record().warnings());
    }

    static byte[] emsa(String header, String data) {
        return ("#FORMAT      : EMSA/MAS SPECTRAL DATA FILE\n#VERSION     : 1.0\n#TITLE       : t\n"
                + "#XUNITS      : eV\n" + header + "#SPECTRUM    : Spectral Data Starts Here\n" + data
                + "#ENDOFDATA   :\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aSmallEmsaSpectrumIsPlottedAtItsPeak() throws Exception {
        // 10 channels, the largest in channel 7: fewer channels than columns
        Extractor.Result r = run("ok.msa", emsa("#NPOINTS     : 10\n#DATATYPE    : Y\n#XPERCHAN    : 10.0\n"
                + "#OFFSET      : 0.0\n", "1, 2, 3, 4, 5\n6, 7, 90, 8, 9\n"));
        assertNotNull(r.preview(), () -> "warnings " + r.record().warnings());
        Plot plot = Plot.of(ImageIO.read(new ByteArrayInputStream(r.preview().png())));
        assertEquals(plot.axisX() + 1 + 7.5 * plot.width() / 10, plot.peakX(), 2.0);
    }

    @Test
    void theEnergyAxisTicksLieAtTheirEnergies() throws Exception {
        // 10 channels of 10 eV from 0: 0–100 eV, ticks (1, 2 or 5 × 10ⁿ, a handful) every 20 eV, i.e. every 2 channels
        Extractor.Result r = run("axis.msa", emsa("#NPOINTS     : 10\n#DATATYPE    : Y\n#XPERCHAN    : 10.0\n"
                + "#OFFSET      : 0.0\n", "1, 2, 3, 4, 5\n6, 7, 90, 8, 9\n"));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        Plot plot = Plot.of(png);
        // the tick marks: ink just under the axis row, outside the glyphs' rows further down
        List<Integer> ticks = new ArrayList<>();
        for (int x = 0; x < png.getWidth(); x++) {
            if (png.getRaster().getSample(x, plot.axisY() + 2, 0) < 128) {
                ticks.add(x);
            }
        }
        assertEquals(6, ticks.size(), "ticks at " + ticks);
        for (int k = 0; k <= 5; k++) {
            double expected = plot.axisX() + 1 + (20.0 * k / 100) * plot.width();
            assertEquals(expected, ticks.get(k), 1.5, "tick of " + 20 * k + " eV");
        }
    }

    @Test
    void aCountThatIsNotANumberIsRefused() {
        assertRefused(run("nan.msa", emsa("#DATATYPE    : XY\n#XPERCHAN    : 10.0\n#OFFSET      : 0.0\n",
                "0, 1\n10, NaN\n20, 3\n")), ErrorCode.CORRUPT);
        assertRefused(run("inf.msa", emsa("#DATATYPE    : XY\n#XPERCHAN    : 10.0\n#OFFSET      : 0.0\n",
                "0, 1\n10, 1e999\n20, 3\n")), ErrorCode.CORRUPT);
    }

    @Test
    void billionsOfChannelsAreRefusedWithoutReadingThem() {
        assertRefused(run("huge.msa", emsa("#NPOINTS     : 3000000000\n#DATATYPE    : Y\n#XPERCHAN    : 10.0\n",
                "1, 2, 3\n")), ErrorCode.TOO_LARGE);
        // no NPOINTS, but more values than any detector has channels
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 70_000; i++) {
            many.append(i % 100).append(i % 10 == 9 ? "\n" : ", ");
        }
        assertRefused(run("many.msa", emsa("#DATATYPE    : Y\n#XPERCHAN    : 10.0\n", many.toString())),
                ErrorCode.TOO_LARGE);
    }

    @Test
    void anEnergyScaleThatIsNotOneIsRefused() {
        assertRefused(run("flat.msa", emsa("#DATATYPE    : Y\n#XPERCHAN    : 0.0\n", "1, 2, 3\n")),
                ErrorCode.CORRUPT);
    }

    @Test
    void anSpcHeaderThatPromisesMoreCountsThanTheFileHoldsIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(Corpus.ROOT.resolve("public/NexusLIMS/647_leo_edax_test.spc"));
        byte[] cut = java.util.Arrays.copyOf(whole, 3840 + 400);
        // the file size field agrees with the cut object (the sniffer checks it); numPts still says 4096
        ByteBuffer.wrap(cut).order(ByteOrder.LITTLE_ENDIAN).putInt(24, cut.length);
        assertRefused(run("cut.spc", cut), ErrorCode.CORRUPT);
    }

    @Test
    void anSpxWithAnInvalidCountIsRefused() {
        String xml = "<?xml version=\"1.0\" encoding=\"WINDOWS-1252\"?>"
                + "<TRTSpectrum><ClassInstance Type=\"TRTSpectrum\">"
                + "<TRTHeaderedClass><ClassInstance Type=\"TRTSpectrumHardwareHeader\"></ClassInstance>"
                + "</TRTHeaderedClass><ClassInstance Type=\"TRTSpectrumHeader\"><CalibAbs>-0.2</CalibAbs>"
                + "<CalibLin>0.01</CalibLin></ClassInstance><Channels>1,2,NaN,4</Channels></ClassInstance>"
                + "</TRTSpectrum>";
        assertRefused(run("bad.spx", xml.getBytes(StandardCharsets.ISO_8859_1)), ErrorCode.CORRUPT);
    }
}
