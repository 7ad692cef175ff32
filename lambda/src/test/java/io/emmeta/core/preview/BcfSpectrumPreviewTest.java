package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * A Bruker .bcf gets a plot of the sum spectrum Esprit keeps in its header (read with the metadata; the cube is never
 * touched): the curve peaks at the channel HyperSpy's Bruker reader finds largest, and the keV ticks lie on round
 * energies of its CalibAbs/CalibLin (resources {@code preview/bcf/spectra.txt}, written by the committed
 * {@code make_bcf_spectra.py}).
 */
class BcfSpectrumPreviewTest {

    record Expected(Path file, int channels, int peak, double offsetKev, double keVPerChannel) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static Stream<Expected> expected() throws IOException {
        Path table = Path.of("lambda", "src", "test", "resources", "preview", "bcf", "spectra.txt");
        List<Expected> out = Files.readAllLines(table).stream().filter(l -> !l.isBlank()).map(l -> {
            String[] f = l.split("\\t");
            return new Expected(Corpus.ROOT.resolve(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]));
        }).toList();
        assertFalse(out.isEmpty());
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("expected")
    void aBcfSumSpectrumIsPlottedAtItsPeakOnItsEnergyAxis(Expected e) throws Exception {
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
        System.out.printf(Locale.ROOT, "bcf spectrum preview %s: %d bytes read, %.1f ms%n", e, info.bytesRead(),
                info.durationMs());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        assertNotNull(png);
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512);
        assertTrue(PreviewCorpusTest.spread(png) > 2, e + ": blank preview");
        SpectrumPreviewTest.Plot plot = SpectrumPreviewTest.Plot.of(png);
        double x = plot.axisX() + 1 + (e.peak() + 0.5) * plot.width() / e.channels();
        assertEquals(x, plot.peakX(), 2.0, e + ": HyperSpy finds the largest count in channel " + e.peak());
        DmSpectrumPreviewTest.assertTicksOnRoundValues(png, plot, e.offsetKev(),
                e.offsetKev() + e.channels() * e.keVPerChannel(), e.toString());
    }
}
