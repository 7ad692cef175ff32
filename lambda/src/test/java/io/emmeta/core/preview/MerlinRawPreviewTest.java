package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.InMemory;

/**
 * A raw (R64) Merlin quad frame, counter depth 1, gets a preview of the assembled 512 × 512 frame: it decodes, is not
 * blank, and every 8 × 8 block holds as many set pixels as an independent numpy decoding of the same bytes
 * ({@code preview/mib/make_mib_raw_expected.py}, layout learnt from LiberTEM) counts, and its top-left chip matches
 * the same detector's single-chip frame as the Merlin software wrote it. A header that declares a huge
 * frame, or a frame cut short, gives a typed preview warning and no preview.
 */
class MerlinRawPreviewTest {

    static final String MIB = "public/rosettasciio/Quad_1_Frame_CounterDepth_1_Rows_256RAW.mib";
    static final String HDR = "public/rosettasciio/Quad_1_Frame_CounterDepth_1_Rows_256RAW.hdr";

    @Test
    void theQuadFrameIsAssembledAsAnIndependentDecodingHasIt() throws Exception {
        Path image = Corpus.file(MIB);
        Path sidecar = Corpus.file(HDR);
        Extractor.Result r;
        long t0 = System.nanoTime();
        try (CachingByteSource s = CachingByteSource.ofFile(image);
                CachingByteSource c = CachingByteSource.ofFile(sidecar)) {
            r = PreviewCorpusTest.EXTRACTOR.extract(s, SourceInfo.file(image.toString(), Files.size(image)),
                    PreviewCorpusTest.WANTED, c, SourceInfo.file(sidecar.toString(), Files.size(sidecar)));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertNotNull(r.preview(), () -> "no preview; " + r.record().warnings());
        assertEquals("decoded", r.record().preview().source());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        assertNotNull(png);
        assertEquals(512, png.getWidth());
        assertEquals(512, png.getHeight());
        assertTrue(PreviewCorpusTest.spread(png) > 2, "blank");
        // the frame's 32768 pixel bytes, and no more than the budget
        assertTrue(r.record().preview().bytesRead() >= 32768, "read " + r.record().preview().bytesRead());
        assertTrue(r.record().preview().bytesRead() <= Previews.budgetFor(Files.size(image)));
        System.out.println("Merlin R64 quad preview: " + r.record().preview().bytesRead() + " bytes read, " + ms
                + " ms (extraction with preview)");

        // a 1-bit frame at full size: contrast maps 0 to black and 1 to white (no scale bar: no pixel size)
        assertNull(r.record().preview().scaleBar());
        Raster px = png.getRaster();
        int[][] blocks = new int[64][64];
        int[] quadrants = new int[4];
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                if (px.getSample(x, y, 0) > 127) {
                    blocks[y / 8][x / 8]++;
                    quadrants[(y < 256 ? 0 : 2) + (x < 256 ? 0 : 1)]++;
                }
            }
        }
        List<String> lines = Files.readAllLines(Path.of(getClass().getResource("/preview/mib/mib_raw_quad_r1.txt")
                .toURI())).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(65, lines.size());
        assertEquals(lines.get(0), String.join(" ", Arrays.stream(quadrants).mapToObj(Integer::toString).toList()),
                "set pixels per quadrant");
        int differing = 0;
        for (int by = 0; by < 64; by++) {
            String[] want = lines.get(1 + by).split(" ");
            for (int bx = 0; bx < 64; bx++) {
                differing += Math.abs(Integer.parseInt(want[bx]) - blocks[by][bx]);
            }
        }
        // the decoding is exact: no pixel may differ
        assertEquals(0, differing, "pixels differing from the numpy decoding");

        // the vendor's side: the single-chip frame taken minutes before, as the Merlin software wrote it (U08), shows
        // chip 1 with the same test pattern; its hit pixels fall on the top-left quadrant's (a flip or a wrong bit
        // order leaves a few percent disagreeing)
        byte[] single = Files.readAllBytes(Corpus.file("public/rosettasciio/Single_1_Frame_CounterDepth_6_Rows_256.mib"));
        int off = Integer.parseInt(new String(single, 0, 64, StandardCharsets.US_ASCII).split(",")[2]);
        int agree = 0;
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                agree += (single[off + y * 256 + x] != 0) == (px.getSample(x, y, 0) > 127) ? 1 : 0;
            }
        }
        assertTrue(agree > 0.999 * 65536, "top-left quadrant agrees with the processed chip-1 frame at " + agree);
    }

    static HostilePixelsTest.Outcome run(byte[] mib) {
        long t0 = System.nanoTime();
        Extractor.Result r = PreviewCorpusTest.EXTRACTOR.extract(InMemory.source(mib),
                SourceInfo.file("hostile.mib", mib.length), PreviewCorpusTest.WANTED);
        return new HostilePixelsTest.Outcome(r.record(), r.preview(), (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void aHeaderDeclaringAHugeFrameIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(Corpus.file(MIB));
        String head = new String(b, 0, 768, StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("MQ1,000001,00768,04,1024,0256,R64,"));
        assertTrue(head.endsWith("\0\0"), "NUL padding to give up");
        // 65536 × 16384 read out: a 32768 × 32768 quad, 128 MiB of bits over a 33 KB object; the header stays 768 bytes
        String patched = head.replace("04,1024,0256,", "04,65536,16384,").substring(0, 768);
        byte[] h = patched.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(h, 0, b, 0, 768);
        HostilePixelsTest.Outcome o = run(b);
        HostilePixelsTest.assertRefused(o, ErrorCode.TOO_LARGE);
    }

    @Test
    void aFrameCutShortIsRefused() throws Exception {
        byte[] b = Arrays.copyOf(Files.readAllBytes(Corpus.file(MIB)), 768 + 1000);
        HostilePixelsTest.Outcome o = run(b);
        HostilePixelsTest.assertRefused(o, ErrorCode.CORRUPT);
    }

    @Test
    void aCounterDepthOf24IsNotGuessedAt() throws Exception {
        byte[] b = Files.readAllBytes(Corpus.file(MIB));
        String head = new String(b, 0, 768, StandardCharsets.ISO_8859_1);
        assertTrue(head.contains("ns,1,\0"));
        byte[] h = head.replace("ns,1,\0", "ns,24,").getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(h, 0, b, 0, 768);
        HostilePixelsTest.Outcome o = run(b);
        assertNull(o.preview());
        assertTrue(o.record().warnings().stream().anyMatch(w -> w.code() == ErrorCode.UNSUPPORTED_FORMAT
                && w.message().startsWith("preview: raw R64") && w.message().contains("not decoded")),
                () -> "expected a typed preview warning, got " + o.record().warnings());
    }

    /**
     * 6- and 12-bit counters (stored in 8 and 16 bits), packed as LiberTEM's encoders write them: each 64-bit word
     * most significant byte first, pixel k of the word in its k-th 8- or 16-bit field from the least significant end;
     * a quad's readout row is chip slots 0..3, slot 3 top left, 2 top right, 1 and 0 below turned by 180°.
     */
    @Test
    void sixAndTwelveBitQuadsUnpack() throws Exception {
        for (int bits : new int[] {8, 16}) {
            int slot = 64; // a 128 × 128 quad read out as 64 rows of 4 × 64
            int perWord = 64 / bits;
            java.nio.ByteBuffer packed = java.nio.ByteBuffer.allocate(4 * slot * slot * bits / 8);
            int[][] expected = new int[2 * slot][2 * slot];
            for (int r = 0; r < slot; r++) {
                for (int wordAt = 0; wordAt < 4 * slot; wordAt += perWord) {
                    long word = 0;
                    for (int k = 0; k < perWord; k++) {
                        int q = wordAt + k; // pixel q of readout row r
                        int v = (r * 7 + q * 3) % (bits == 8 ? 64 : 4096);
                        word |= (long) v << (k * bits);
                        int s = q / slot;
                        int p = q % slot;
                        int y = s >= 2 ? r : 2 * slot - 1 - r;
                        int x = (s == 3 || s == 1 ? 0 : slot) + (s >= 2 ? p : slot - 1 - p);
                        expected[y][x] = v;
                    }
                    packed.putLong(word);
                }
            }
            byte[] out = Codecs.merlinRaw(packed.array(), 2 * slot, 2 * slot, true);
            java.nio.ByteBuffer o = java.nio.ByteBuffer.wrap(out);
            for (int y = 0; y < 2 * slot; y++) {
                for (int x = 0; x < 2 * slot; x++) {
                    assertEquals(expected[y][x], o.getShort((y * 2 * slot + x) * 2) & 0xffff, bits + "-bit " + x
                            + "," + y);
                }
            }
        }
    }
}
