package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/**
 * EDS spectra held inside container files get a plot: a Velox EMD without an image shows its first
 * {@code /Data/Spectrum} (resources {@code preview/emd/velox-spectra.txt}, from h5py and HyperSpy's calibration rule,
 * written by the committed {@code make_velox_spectra.py}); a Bruker {@code .bcf} shows the sum spectrum in its header
 * (read with the metadata; the cube is never touched; resources {@code preview/bcf/spectra.txt}, from HyperSpy's Bruker
 * reader, written by {@code make_bcf_spectra.py}). The curve peaks at the channel those tools find largest, and the
 * energy ticks lie on round energies of the calibration they report.
 */
class EdsSpectrumPreviewTest {

    /** One table line: what the independent tool read; offset and scale in {@code unit} (eV or keV). */
    record Expected(Path file, int channels, int peak, double offset, double scale, String unit) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static Stream<Expected> expected() {
        List<Expected> out = Stream.concat(table("emd/velox-spectra.txt", "eV"), table("bcf/spectra.txt", "keV"))
                .toList();
        assertFalse(out.isEmpty());
        return out.stream();
    }

    private static Stream<Expected> table(String name, String unit) {
        try {
            return Files.readAllLines(Path.of("lambda", "src", "test", "resources", "preview").resolve(name)).stream()
                    .filter(l -> !l.isBlank()).map(l -> {
                        String[] f = l.split("\t");
                        return new Expected(Corpus.ROOT.resolve(f[0]), Integer.parseInt(f[1]),
                                Integer.parseInt(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), unit);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("expected")
    void anEdsSpectrumIsPlottedAtItsPeakOnItsEnergyAxis(Expected e) throws Exception {
        long size = Files.size(e.file());
        Extractor.Result r;
        try (CachingByteSource src = CachingByteSource.ofFile(e.file())) {
            r = SpectrumPreviewTest.EXTRACTOR.extract(src, SourceInfo.file(e.file().toString(), size),
                    SpectrumPreviewTest.WANTED);
        }
        assertNotNull(r.preview(), () -> e + ": no preview; warnings " + r.record().warnings());
        ExtractionRecord.PreviewInfo info = r.record().preview();
        assertEquals("plotted", info.source());
        assertTrue(info.bytesRead() <= Previews.budgetFor(size));
        System.out.printf(Locale.ROOT, "spectrum preview %s: %d bytes read, %.1f ms%n", e, info.bytesRead(),
                info.durationMs());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        assertNotNull(png);
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512);
        assertTrue(PreviewCorpusTest.spread(png) > 2, e + ": blank preview");
        SpectrumPreviewTest.Plot plot = SpectrumPreviewTest.Plot.of(png);
        double x = plot.axisX() + 1 + (e.peak() + 0.5) * plot.width() / e.channels();
        assertEquals(x, plot.peakX(), 2.0, e + ": the largest count is in channel " + e.peak());
        // the plot labels keV for an eV range past 1000 eV
        double end = e.offset() + e.channels() * e.scale();
        double toAxis = "eV".equals(e.unit()) && Math.max(Math.abs(e.offset()), Math.abs(end)) >= 1000 ? 1000 : 1;
        DmSpectrumPreviewTest.assertTicksOnRoundValues(png, plot, e.offset() / toAxis, end / toAxis, e.toString());
    }
}
