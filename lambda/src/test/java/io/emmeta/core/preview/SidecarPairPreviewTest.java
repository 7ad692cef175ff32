package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BandedSampleModel;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/**
 * The image of a sidecar pair (TIA {@code _1.ser} + {@code .emi}, an SEM TIFF + its {@code .txt}, a Merlin
 * {@code .mib} + {@code .hdr}) gets its preview when the pair is extracted together, the sidecar's metadata mapped:
 * decodes, at most 512 px, not blank. A Merlin frame's preview follows frame 0 as read here from the MQ1 header
 * fields (data offset, width, height) and the big-endian bytes after it.
 */
class SidecarPairPreviewTest {

    @ParameterizedTest
    @CsvSource({"public/openNCEM/16_STOimage_1.ser, public/openNCEM/16_STOimage.emi",
            "public/rosettasciio/128x128-TEM_search_1.ser, public/rosettasciio/128x128-TEM_search.emi",
            "public/rosettasciio/64x64_TEM_images_acquire_1.ser, public/rosettasciio/64x64_TEM_images_acquire.emi",
            "public/odemis/jeol_example_sem.tif, public/odemis/jeol_example_sem.txt",
            "public/rosettasciio/001_4x2_6bit.mib, public/rosettasciio/001_4x2_6bit.hdr",
            "public/rosettasciio/Single_1_Frame_CounterDepth_6_Rows_256.mib, "
                    + "public/rosettasciio/Single_1_Frame_CounterDepth_6_Rows_256.hdr"})
    void theImageOfAPairGetsAPreview(String imageName, String sidecarName) throws Exception {
        Path image = Corpus.file(imageName);
        Path sidecar = Corpus.file(sidecarName);
        Extractor.Result r;
        try (CachingByteSource s = CachingByteSource.ofFile(image); CachingByteSource c = CachingByteSource.ofFile(sidecar)) {
            r = PreviewCorpusTest.EXTRACTOR.extract(s, SourceInfo.file(image.toString(), Files.size(image)),
                    PreviewCorpusTest.WANTED, c, SourceInfo.file(sidecar.toString(), Files.size(sidecar)));
        }
        assertTrue(r.record().detected().evidence().stream().anyMatch(e -> e.contains("paired with image")),
                imageName + ": not paired: " + r.record().detected());
        assertNotNull(r.preview(), () -> imageName + ": no preview; " + r.record().warnings());
        assertEquals("decoded", r.record().preview().source());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        assertNotNull(png);
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512);
        assertTrue(PreviewCorpusTest.spread(png) > 2, imageName + ": blank");
        assertTrue(r.record().preview().bytesRead() <= Previews.budgetFor(Files.size(image)));
        if (imageName.endsWith(".mib")) {
            double corr = PreviewCorpusTest.correlation(png, mibFrame0(image), r.record().preview().scaleBar() != null);
            assertTrue(corr > 0.9, imageName + ": preview and frame 0 correlate at " + corr);
        }
    }

    /** Frame 0 of an 8-bit Merlin file: "MQ1,seq,offset,chips,width,height,U08,..." then width × height bytes. */
    static Raster mibFrame0(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        String[] f = new String(b, 0, 64, StandardCharsets.US_ASCII).split(",");
        assertEquals("U08", f[6], "this test reads 8-bit frames");
        int offset = Integer.parseInt(f[2]);
        int w = Integer.parseInt(f[4]);
        int h = Integer.parseInt(f[5]);
        WritableRaster r = Raster.createWritableRaster(new BandedSampleModel(DataBuffer.TYPE_DOUBLE, w, h, 1), null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, b[offset + y * w + x] & 0xff);
            }
        }
        return r;
    }
}
