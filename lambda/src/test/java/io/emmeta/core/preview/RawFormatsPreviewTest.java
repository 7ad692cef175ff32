package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BandedSampleModel;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.InMemory;

/**
 * Previews of formats that hold their pixels as one plain array after a header or inside a ZIP (#14): Hamamatsu
 * HPD-TA {@code .img}, Nion Swift {@code .ndata}, NanoMegas {@code .blo}, CEOS Panta Rhei {@code .prz}. Each corpus
 * file gets a preview that decodes, keeps to 512 px and the image's aspect, is not blank, stays within the byte
 * budget, and follows (Pearson r &gt; 0.9) the pixels as decoded here straight from the format's documented layout,
 * without our readers. Hostile variants (cut short, lying dimensions) give a typed {@code preview:} warning and no
 * preview, quickly.
 */
class RawFormatsPreviewTest {

    // ---- shared checks ----

    record Checked(BufferedImage png, PreviewCorpusTest.Run run) {
    }

    /** The corpus file's preview, checked against the independent decoding {@code expected}. */
    static Checked check(String name, Raster expected) throws Exception {
        Path file = Corpus.file(name);
        PreviewCorpusTest.Run run = PreviewCorpusTest.extract(file);
        assertNotNull(run.preview(), () -> name + ": no preview; " + run.record().warnings());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(run.preview().png()));
        assertNotNull(png, name + ": the PNG does not decode");
        assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512, name + ": " + png.getWidth() + "×"
                + png.getHeight());
        assertEquals(run.record().preview().width(), png.getWidth());
        assertEquals(run.record().preview().height(), png.getHeight());
        double aspect = (double) expected.getWidth() / expected.getHeight();
        assertEquals(aspect, (double) png.getWidth() / png.getHeight(), Math.max(0.02 * aspect,
                2.0 / Math.min(png.getWidth(), png.getHeight()) * aspect), name + ": aspect not kept");
        assertTrue(PreviewCorpusTest.spread(png) > 2, name + ": blank");
        assertTrue(run.record().preview().bytesRead() <= Previews.budgetFor(Files.size(file)), name + ": over budget");
        double r = PreviewCorpusTest.correlation(png, display(expected), run.record().preview().scaleBar() != null);
        System.out.println(name + ": preview " + png.getWidth() + "×" + png.getHeight() + ", "
                + run.record().preview().bytesRead() + " bytes read, r = " + r + ", bar " + run.record().preview()
                .scaleBar());
        assertTrue(r > 0.9, name + ": preview and independent decoding correlate at only " + r);
        if (PixelSize.metres(run.record().mapped()) != null) {
            assertNotNull(run.record().preview().scaleBar(), name + ": pixel size known, no scale bar");
            assertTrue(PreviewCorpusTest.hasBar(png), name + ": no bar drawn");
        }
        return new Checked(png, run);
    }

    /**
     * The independent decoding as a display shows it: clipped at its own 1st and 99th percentiles. A preview is a
     * contrast-stretched picture, and a streak image whose few hot pixels reach 13 times the 99th percentile would
     * otherwise weigh those pixels over the whole picture in a linear correlation.
     */
    static Raster display(Raster r) {
        int w = r.getWidth();
        int h = r.getHeight();
        double[] v = r.getSamples(0, 0, w, h, 0, (double[]) null);
        double[] sorted = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        double lo = sorted[(int) (0.01 * (sorted.length - 1))];
        double hi = sorted[(int) Math.ceil(0.99 * (sorted.length - 1))];
        WritableRaster out = raster(w, h);
        for (int i = 0; i < v.length; i++) {
            out.setSample(i % w, i / w, 0, hi > lo && Double.isFinite(v[i]) ? Math.max(lo, Math.min(hi, v[i])) : v[i]);
        }
        return out;
    }

    static WritableRaster raster(int w, int h) {
        return Raster.createWritableRaster(new BandedSampleModel(DataBuffer.TYPE_DOUBLE, w, h, 1), null);
    }

    /** The bytes given to the extractor as an upload named {@code name}; asserts a typed preview warning, no preview. */
    static void hostile(String name, byte[] bytes) {
        long t0 = System.nanoTime();
        Extractor.Result r = PreviewCorpusTest.EXTRACTOR.extract(InMemory.source(bytes),
                SourceInfo.file(name, bytes.length), PreviewCorpusTest.WANTED);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertNull(r.preview(), name + ": a preview of hostile bytes");
        assertTrue(r.record().warnings().stream().anyMatch(w -> w.message().startsWith("preview:")
                && w.code() != null), () -> name + ": no typed preview warning: " + r.record().warnings() + " "
                        + r.record().errors() + " detected " + r.record().detected());
        assertTrue(ms < 5000, name + ": " + ms + " ms");
        System.out.println(name + ": " + ms + " ms, " + r.record().warnings().stream()
                .filter(w -> w.message().startsWith("preview:")).toList());
    }

    // ---- Hamamatsu HPD-TA .img ----

    /**
     * The streak image as the HPD-TA header lays it out (the layout rosettasciio's hamamatsu reader and the ImageJ
     * plugin read; HyperSpy 1.7.3 has no reader for it and takes an {@code .img} for JEOL's): little-endian int16
     * comment length at 2, width at 4, height at 6, file type at 12 (0 u8, 2 u16, 3 u32), the pixels right after the
     * 64-byte header and the comment, row by row. The sizes agree with the files: 64 + comment + pixels is each
     * file's length (xaxis_other.img) or leaves exactly the float32 scaling tables after the pixels (focus_mode.img:
     * 2688 = 672 × 4 bytes for x; photon_counting.img: 4736 = (672 + 512) × 4 for x and y).
     */
    static Raster hamamatsu(byte[] all) {
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int comment = b.getShort(2) & 0xffff;
        int w = b.getShort(4) & 0xffff;
        int h = b.getShort(6) & 0xffff;
        int type = b.getShort(12) & 0xffff;
        WritableRaster r = raster(w, h);
        int at = 64 + comment;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = switch (type) {
                    case 0 -> all[at] & 0xff;
                    case 2 -> b.getShort(at) & 0xffff;
                    case 3 -> b.getInt(at) & 0xffffffffL;
                    default -> throw new IllegalStateException("type " + type);
                };
                at += type == 0 ? 1 : type == 2 ? 2 : 4;
                r.setSample(x, y, 0, v);
            }
        }
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"public/rosettasciio/focus_mode.img", "public/rosettasciio/photon_counting.img",
            "public/rosettasciio/xaxis_other.img"})
    void aHamamatsuStreakImageGetsAPreview(String name) throws Exception {
        Checked c = check(name, hamamatsu(Files.readAllBytes(Corpus.file(name))));
        // 672 × 512 (508) fit the 512-px box as 512 rows
        assertEquals(512, c.png().getWidth());
    }

    @Test
    void aHamamatsuImageCutShortOrLyingAboutItsSizeGetsAWarningNotAPreview() throws Exception {
        byte[] all = Files.readAllBytes(Corpus.file("public/rosettasciio/photon_counting.img"));
        // cut in the middle of the pixels
        hostile("cut.img", Arrays.copyOf(all, all.length / 2));
        // the header claims 65535 × 65535 32-bit pixels (17 GB) after the same comment
        byte[] lying = all.clone();
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short) 0xffff).putShort(6, (short) 0xffff)
                .putShort(12, (short) 3);
        hostile("lying.img", lying);
    }

    // ---- numpy arrays in a ZIP (Nion Swift .ndata, Panta Rhei .prz) ----

    /**
     * An entry of a ZIP as the JDK's own ZipFile reads it (not our ZIP container), decoded as a {@code .npy} by the
     * format's definition (numpy NEP 1: magic, version, little-endian header length, a dict literal with descr,
     * fortran_order and shape, then the samples in C order): the first frame of its last two dimensions.
     */
    static Raster npyFirstFrame(Path zip, String entry) throws Exception {
        byte[] b;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            b = z.getInputStream(z.getEntry(entry)).readAllBytes();
        }
        return npyFirstFrame(b);
    }

    static Raster npyFirstFrame(byte[] b) {
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(1, b[6], "a version-1 header in the corpus files");
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String dict = new String(b, 10, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher d = java.util.regex.Pattern.compile("'descr': '([^']+)'").matcher(dict);
        java.util.regex.Matcher sh = java.util.regex.Pattern.compile("'shape': \\(([^)]*)\\)").matcher(dict);
        assertTrue(d.find() && sh.find() && dict.contains("'fortran_order': False"), dict);
        long[] shape = Arrays.stream(sh.group(1).split(",")).map(String::strip).filter(t -> !t.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        int h = (int) shape[shape.length - 2];
        int w = (int) shape[shape.length - 1];
        ByteBuffer buf = ByteBuffer.wrap(b).order(d.group(1).startsWith(">") ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        String t = d.group(1).substring(1);
        int size = Integer.parseInt(t.substring(1));
        WritableRaster r = raster(w, h);
        for (int i = 0; i < w * h; i++) {
            int at = 10 + len + i * size;
            double v = switch (t) {
                case "f4" -> buf.getFloat(at);
                case "f8" -> buf.getDouble(at);
                case "u2" -> buf.getShort(at) & 0xffff;
                case "i2" -> buf.getShort(at);
                case "u4" -> buf.getInt(at) & 0xffffffffL;
                case "i4" -> buf.getInt(at);
                case "u1" -> buf.get(at) & 0xff;
                default -> throw new IllegalStateException("dtype " + d.group(1));
            };
            r.setSample(i % w, i / w, 0, v);
        }
        return r;
    }

    /**
     * One entry of a hand-made ZIP: its name, method (0 stored, 8 deflated), bytes as stored, declared size and
     * declared compressed size (the stored bytes' length unless a test lies).
     */
    record Entry(String name, int method, byte[] stored, long size, long compressed) {
        Entry(String name, int method, byte[] stored, long size) {
            this(name, method, stored, size, stored.length);
        }

        static Entry stored(String name, byte[] b) {
            return new Entry(name, 0, b, b.length);
        }

        static Entry deflated(String name, byte[] b) {
            java.util.zip.Deflater def = new java.util.zip.Deflater(9, true);
            def.setInput(b);
            def.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            while (!def.finished()) {
                out.write(buf, 0, def.deflate(buf));
            }
            def.end();
            return new Entry(name, 8, out.toByteArray(), b.length);
        }
    }

    /**
     * A ZIP written here by the APPNOTE layout (local headers, central directory, end record), so that an entry can
     * declare sizes its bytes do not have (the JDK's writer would not). CRCs are left zero: no reader checks them
     * before the preview.
     */
    static byte[] zip(Entry... entries) {
        ByteBuffer b = ByteBuffer.allocate(Arrays.stream(entries).mapToInt(e -> 2 * (46 + e.name().length())
                + e.stored().length).sum() + 22).order(ByteOrder.LITTLE_ENDIAN);
        long[] at = new long[entries.length];
        for (int i = 0; i < entries.length; i++) {
            Entry e = entries[i];
            at[i] = b.position();
            b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) e.method())
                    .putInt(0).putInt(0).putInt((int) e.compressed()).putInt((int) e.size())
                    .putShort((short) e.name().length()).putShort((short) 0).put(e.name().getBytes())
                    .put(e.stored());
        }
        int cd = b.position();
        for (int i = 0; i < entries.length; i++) {
            Entry e = entries[i];
            b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                    .putShort((short) e.method()).putInt(0).putInt(0).putInt((int) e.compressed()).putInt((int) e.size())
                    .putShort((short) e.name().length()).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt((int) at[i]).put(e.name().getBytes());
        }
        int cdSize = b.position() - cd;
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.length)
                .putShort((short) entries.length).putInt(cdSize).putInt(cd).putShort((short) 0);
        return Arrays.copyOf(b.array(), b.position());
    }

    /** A version-1 .npy header for {@code descr} and {@code shape}, padded as numpy pads it (to 64 bytes). */
    static byte[] npyHeader(String descr, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        byte[] b = new byte[total];
        Arrays.fill(b, (byte) ' ');
        b[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(), 0, b, 1, 5);
        b[6] = 1;
        b[7] = 0;
        b[8] = (byte) (total - 10);
        b[9] = (byte) ((total - 10) >> 8);
        System.arraycopy(dict.getBytes(), 0, b, 10, dict.length());
        b[total - 1] = '\n';
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- Nion Swift .ndata ----

    static final String NDATA = "public/hyperspy_swift_library/data_9LGCPJ1UCC5GXS9G3I4Q9ZWCB.ndata";

    /**
     * The corpus item (520 × 696 float32, stored entries; its x calibration 1 nm a pixel, so a scale bar) follows
     * data.npy as the JDK's ZipFile and the .npy definition give it. HyperSpy 1.7.3 has no Nion reader (it came with
     * rosettasciio), so numpy is the other check: {@code np.load(ZipFile(f).open('data.npy'))} is the same
     * 520 × 696 float32 array.
     */
    @Test
    void aNionDataItemGetsAPreview() throws Exception {
        Checked c = check(NDATA, npyFirstFrame(Corpus.file(NDATA), "data.npy"));
        assertEquals(512, c.png().getWidth());
        assertEquals(383, c.png().getHeight()); // 520 × 512 / 696 = 382.5
        assertNotNull(c.run().record().preview().scaleBar(), "1 nm pixels: a scale bar");
    }

    /** The same item with data.npy deflated (as Nion Swift may write it): inflated by the preview as far as needed. */
    @Test
    void aDeflatedNionDataItemGetsTheSamePreview() throws Exception {
        byte[] npy;
        byte[] json;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(Corpus.file(NDATA).toFile())) {
            npy = z.getInputStream(z.getEntry("data.npy")).readAllBytes();
            json = z.getInputStream(z.getEntry("metadata.json")).readAllBytes();
        }
        byte[] zip = zip(Entry.deflated("data.npy", npy), Entry.stored("metadata.json", json));
        Extractor.Result r = PreviewCorpusTest.EXTRACTOR.extract(InMemory.source(zip),
                SourceInfo.file("deflated.ndata", zip.length), PreviewCorpusTest.WANTED);
        assertNotNull(r.preview(), () -> "no preview: " + r.record().warnings() + " " + r.record().errors());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        double corr = PreviewCorpusTest.correlation(png, display(npyFirstFrame(npy)), true);
        assertTrue(corr > 0.9, "correlation " + corr);
        System.out.println("deflated ndata: " + zip.length + " bytes, " + r.record().preview().bytesRead()
                + " read, r = " + corr);
    }

    @Test
    void aHostileNionDataItemGetsAWarningNotAPreview() throws Exception {
        byte[] json;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(Corpus.file(NDATA).toFile())) {
            json = z.getInputStream(z.getEntry("metadata.json")).readAllBytes();
        }
        // the shape says 5200 × 6960, the entry holds a hundredth of that
        byte[] small = concat(npyHeader("<f4", "(5200, 6960)"), new byte[520 * 696 * 4]);
        hostile("lying.ndata", zip(Entry.stored("data.npy", small), Entry.stored("metadata.json", json)));
        // a ZIP bomb: 8 MiB of zeros deflated to 8 KiB, the entry declaring (consistently) a 20000 × 20000 float32
        // frame: 1.6 GB to inflate, refused before a byte is inflated
        byte[] bomb = concat(npyHeader("<f4", "(20000, 20000)"), new byte[8 << 20]);
        Entry d = Entry.deflated("data.npy", bomb);
        hostile("bomb.ndata", zip(new Entry("data.npy", 8, d.stored(), 128 + 20000L * 20000 * 4),
                Entry.stored("metadata.json", json)));
        // data.npy cut short: the last entry, its headers promising twice the bytes the object still holds
        byte[] half = concat(npyHeader("<f4", "(520, 696)"), new byte[520 * 696 * 2]);
        long full = 128 + 520 * 696 * 4;
        hostile("cut.ndata", zip(Entry.stored("metadata.json", json), new Entry("data.npy", 0, half, full, full)));
    }

    // ---- CEOS Panta Rhei .prz ----

    static final String PRZ = "public/rosettasciio/panta_rhei_sample.prz";

    /**
     * The sample (a 16 × 16 uint16 scan, enlarged by a whole factor to 256; pixel 3.05e-11 m × 256 = 7.8 nm, so a
     * scale bar) follows data.npy as the JDK's ZipFile and the .npy definition give it. HyperSpy 1.7.3 has no Panta
     * Rhei reader either; {@code np.load} of the entry gives the same 16 × 16 uint16 array (36193 at [0, 0]).
     */
    @Test
    void aPantaRheiImageGetsAPreview() throws Exception {
        Raster expected = npyFirstFrame(Corpus.file(PRZ), "data.npy");
        assertEquals(36193, expected.getSampleDouble(0, 0, 0)); // numpy's a[0, 0]
        Checked c = check(PRZ, expected);
        assertEquals(256, c.png().getWidth());
        assertEquals(256, c.png().getHeight());
        assertNotNull(c.run().record().preview().scaleBar(), "7.8 nm pixels: a scale bar");
    }

    /** The sample's entries, data.npy replaced by {@code data}. */
    static byte[] przWith(Entry data) throws Exception {
        java.util.List<Entry> entries = new java.util.ArrayList<>();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(Corpus.file(PRZ).toFile())) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(z.entries())) {
                if (!e.getName().equals("data.npy")) {
                    entries.add(Entry.stored(e.getName(), z.getInputStream(e).readAllBytes()));
                }
            }
        }
        entries.add(data);
        return zip(entries.toArray(Entry[]::new));
    }

    @Test
    void aHostilePantaRheiFileGetsAWarningNotAPreview() throws Exception {
        // the shape says 16000 × 16000, the entry holds 16 × 16
        hostile("lying.prz", przWith(Entry.stored("data.npy", concat(npyHeader("<u2", "(16000, 16000)"),
                new byte[512]))));
        // a ZIP bomb: data.npy deflated, 8 MiB of zeros declared a 30000 × 30000 uint16 frame (1.8 GB)
        Entry d = Entry.deflated("data.npy", concat(npyHeader("<u2", "(30000, 30000)"), new byte[8 << 20]));
        hostile("bomb.prz", przWith(new Entry("data.npy", 8, d.stored(), 128 + 30000L * 30000 * 2)));
        // a dtype the preview does not show (complex)
        hostile("complex.prz", przWith(Entry.stored("data.npy", concat(npyHeader("<c8", "(16, 16)"),
                new byte[16 * 16 * 8]))));
    }

    // ---- NanoMegas blockfile .blo ----

    static final String BLO = "public/rosettasciio/test1.blo";

    /**
     * The corpus file scans only 2 × 3 positions, so its preview is the first diffraction pattern, on a log scale:
     * 144 × 144 bytes after the 6-byte frame prefix at the second data offset (header word at 12), as HyperSpy 1.7.3's
     * blockfile reader loads it ({@code hs.load(f).data[0, 0]}: equal to this decoding, with 255 at [72, 72], 17 at
     * [0, 0], 22 at [10, 100], sum 845297). Compared on the log scale the preview promises.
     */
    @Test
    void aBlockfileWithATinyScanPreviewsItsFirstPattern() throws Exception {
        byte[] all = Files.readAllBytes(Corpus.file(BLO));
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int dpAt = b.getInt(12);
        int size = b.getShort(20) & 0xffff;
        WritableRaster expected = raster(size, size);
        long sum = 0;
        for (int i = 0; i < size * size; i++) {
            int v = all[dpAt + 6 + i] & 0xff;
            sum += v;
            expected.setSample(i % size, i / size, 0, Math.log1p(v));
        }
        assertEquals(845297, sum); // HyperSpy's data[0, 0].sum()
        assertEquals(255, all[dpAt + 6 + 72 * size + 72] & 0xff);
        Checked c = check(BLO, expected);
        assertEquals(144, c.png().getWidth()); // at least 128 px: shown as it is
        assertNull(c.run().record().preview().scaleBar(), "a diffraction pattern has no scale bar");
    }

    /**
     * A blockfile written here by HyperSpy's layout (the header words HyperSpy's blockfile writer fills: IMGBLO, 0x0102,
     * the two data offsets, DP_SZ, NX, NY; the virtual image at 0x1000, then each pattern after 0xAA55 and its
     * number) with a 64 × 48 scan: its preview is the virtual image, as written.
     */
    static byte[] blockfile(int nx, int ny, int dp, byte[] navigator) {
        int vbfAt = 0x1000;
        int dpAt = vbfAt + nx * ny;
        ByteBuffer b = ByteBuffer.allocate(dpAt + nx * ny * (dp * dp + 6)).order(ByteOrder.LITTLE_ENDIAN);
        b.put("IMGBLO".getBytes()).putShort(6, (short) 0x0102).putInt(8, vbfAt).putInt(12, dpAt)
                .putShort(20, (short) dp).putShort(24, (short) nx).putShort(26, (short) ny).putDouble(30, 10)
                .putDouble(38, 10).putInt(46, 200000).putInt(52, 2000);
        b.put(vbfAt, navigator);
        for (int i = 0; i < nx * ny; i++) {
            int at = dpAt + i * (dp * dp + 6);
            b.putShort(at, (short) 0x55aa).putInt(at + 2, i);
            b.put(at + 6 + dp * dp / 2 + dp / 2, (byte) 200); // a central spot
        }
        return b.array();
    }

    @Test
    void aBlockfileWithAScanPreviewsItsVirtualImage() throws Exception {
        int nx = 64;
        int ny = 48;
        byte[] nav = new byte[nx * ny];
        WritableRaster expected = raster(nx, ny);
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                // a bright disk on a ramp: not symmetric, so a transposed or shifted image would not correlate
                int v = (int) (x * 2 + y) + ((x - 40) * (x - 40) + (y - 16) * (y - 16) < 100 ? 100 : 0);
                nav[y * nx + x] = (byte) v;
                expected.setSample(x, y, 0, v);
            }
        }
        byte[] blo = blockfile(nx, ny, 8, nav);
        Extractor.Result r = PreviewCorpusTest.EXTRACTOR.extract(InMemory.source(blo),
                SourceInfo.file("scan.blo", blo.length), PreviewCorpusTest.WANTED);
        assertNotNull(r.preview(), () -> "no preview: " + r.record().warnings() + " " + r.record().errors());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
        assertEquals(256, png.getWidth()); // 64 enlarged by 4
        assertEquals(192, png.getHeight());
        double corr = PreviewCorpusTest.correlation(png, expected, false);
        System.out.println("blockfile navigator: r = " + corr);
        assertTrue(corr > 0.9, "correlation " + corr);
        assertTrue(PreviewCorpusTest.spread(png) > 2);
    }

    @Test
    void aHostileBlockfileGetsAWarningNotAPreview() throws Exception {
        byte[] all = Files.readAllBytes(Corpus.file(BLO));
        // cut inside the first pattern
        hostile("cut.blo", Arrays.copyOf(all, 8000));
        // a pattern size of 65535 (4 GB a pattern) in a 128 KB file
        byte[] lying = all.clone();
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 0xffff);
        hostile("lying.blo", lying);
        // offsets pointing into the header
        byte[] inside = all.clone();
        ByteBuffer.wrap(inside).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 16).putInt(12, 20);
        hostile("inside.blo", inside);
    }

    // ---- mutations ----

    /**
     * Each corpus file with bytes overwritten at random in its first 4 KiB (headers, npy header, ZIP headers) and
     * anywhere: 60 variants each, seeded, extracted with the preview on. No fault of ours (INTERNAL) may show, every
     * preview problem is typed, and no variant may take long.
     */
    @ParameterizedTest
    @ValueSource(strings = {"public/rosettasciio/photon_counting.img", NDATA, PRZ, BLO})
    void mutatedFilesGiveTypedProblemsOnly(String name) throws Exception {
        byte[] all = Files.readAllBytes(Corpus.file(name));
        java.util.Random random = new java.util.Random(name.hashCode());
        int previews = 0;
        for (int i = 0; i < 60; i++) {
            byte[] m = all.clone();
            int n = 1 + random.nextInt(8);
            for (int k = 0; k < n; k++) {
                int at = random.nextBoolean() ? random.nextInt(Math.min(4096, m.length)) : random.nextInt(m.length);
                m[at] = (byte) random.nextInt(256);
            }
            if (random.nextInt(5) == 0) {
                m = Arrays.copyOf(m, random.nextInt(m.length));
            }
            long t0 = System.nanoTime();
            Extractor.Result r = PreviewCorpusTest.EXTRACTOR.extract(InMemory.source(m),
                    SourceInfo.file("m" + i + name.substring(name.lastIndexOf('.')), m.length), PreviewCorpusTest.WANTED);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int variant = i;
            assertTrue(ms < 5000, name + " variant " + i + ": " + ms + " ms");
            assertTrue(java.util.stream.Stream.concat(r.record().warnings().stream(), r.record().errors().stream())
                    .noneMatch(p -> p.code() == io.emmeta.core.problem.ErrorCode.INTERNAL),
                    () -> name + " variant " + variant + ": " + r.record().warnings() + " " + r.record().errors());
            if (r.preview() != null) {
                previews++;
                BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
                assertNotNull(png);
                assertTrue(Math.max(png.getWidth(), png.getHeight()) <= 512);
            }
        }
        System.out.println(name + ": " + previews + " of 60 mutated variants previewed");
    }

    // ---- Nion spectra ----

    /** A Nion item's metadata.json with one datum dimension calibrated in eV, as Nion Swift writes an EELS spectrum. */
    static byte[] spectrumJson(String shape, int collection) {
        return ("{\"type\": \"data-item\", \"created\": \"2020-06-06T11:05:57.354602\", \"data_shape\": [" + shape
                + "], \"data_dtype\": \"float32\", \"is_sequence\": false, \"collection_dimension_count\": "
                + collection + ", \"datum_dimension_count\": 1, \"dimensional_calibrations\": ["
                + (collection == 2 ? "{\"offset\": 0.0, \"scale\": 1.0, \"units\": \"nm\"}, "
                        + "{\"offset\": 0.0, \"scale\": 1.0, \"units\": \"nm\"}, " : "")
                + "{\"offset\": 100.0, \"scale\": 0.5, \"units\": \"eV\"}]}").getBytes();
    }

    /** {@code spectra} float32 spectra of {@code channels}, each peaking at {@code peak} (a Gaussian of 6 channels). */
    static byte[] spectra(int spectra, int channels, int peak) {
        ByteBuffer b = ByteBuffer.allocate(spectra * channels * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < spectra; s++) {
            for (int c = 0; c < channels; c++) {
                b.putFloat((float) (10 + 1000 * Math.exp(-(c - peak) * (c - peak) / 72.0)));
            }
        }
        return b.array();
    }

    /**
     * A Nion EELS spectrum (2048 channels, peak at channel 1500) and a 4 × 3 spectrum image of 256 channels (peak at
     * 100) are plotted, peaking where they were written; a spectrum whose shape lies gets a typed warning.
     */
    @Test
    void aNionSpectrumIsPlottedAtItsPeak() throws Exception {
        byte[] one = zip(Entry.stored("data.npy", concat(npyHeader("<f4", "(2048,)"), spectra(1, 2048, 1500))),
                Entry.stored("metadata.json", spectrumJson("2048", 0)));
        byte[] image = zip(Entry.stored("data.npy", concat(npyHeader("<f4", "(4, 3, 256)"), spectra(12, 256, 100))),
                Entry.stored("metadata.json", spectrumJson("4, 3, 256", 2)));
        for (Object[] c : new Object[][] {{"eels.ndata", one, 1500.5 / 2048}, {"si.ndata", image, 100.5 / 256}}) {
            byte[] bytes = (byte[]) c[1];
            Extractor.Result r = PreviewCorpusTest.EXTRACTOR.extract(InMemory.source(bytes),
                    SourceInfo.file((String) c[0], bytes.length), PreviewCorpusTest.WANTED);
            assertNotNull(r.preview(), () -> c[0] + ": no preview: " + r.record().warnings());
            assertEquals("plotted", r.record().preview().source());
            SpectrumPreviewTest.Plot plot = SpectrumPreviewTest.Plot.of(ImageIO.read(new ByteArrayInputStream(
                    r.preview().png())));
            assertEquals(plot.axisX() + 1 + (double) c[2] * plot.width(), plot.peakX(), 3.0, c[0] + ": " + plot);
        }
        hostile("lying-eels.ndata", zip(Entry.stored("data.npy", concat(npyHeader("<f4", "(2048000,)"),
                spectra(1, 2048, 1500))), Entry.stored("metadata.json", spectrumJson("2048000", 0))));
    }

    /**
     * An RGB Nion item (Nion Swift keeps colour as a trailing dimension of 3 that its data shape leaves out): the
     * preview shows the first sample of each pixel, as written here (the others are its negative and a constant, so a
     * preview of them, or of the colour dimension as an image, would not correlate).
     */
    @Test
    void anRgbNionItemPreviewsItsFirstSample() throws Exception {
        int w = 40;
        int h = 30;
        byte[] rgb = new byte[w * h * 3];
        WritableRaster expected = raster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (x * 5 + y * 2) % 256;
                rgb[(y * w + x) * 3] = (byte) v;
                rgb[(y * w + x) * 3 + 1] = (byte) (255 - v);
                rgb[(y * w + x) * 3 + 2] = (byte) 77;
                expected.setSample(x, y, 0, v);
            }
        }
        byte[] json = ("{\"type\": \"data-item\", \"data_shape\": [30, 40], \"data_dtype\": \"uint8\", "
                + "\"is_sequence\": false, \"collection_dimension_count\": 0, \"datum_dimension_count\": 2}")
                .getBytes();
        for (boolean deflate : new boolean[] {false, true}) {
            byte[] npy = concat(npyHeader("|u1", "(30, 40, 3)"), rgb);
            byte[] bytes = zip(deflate ? Entry.deflated("data.npy", npy) : Entry.stored("data.npy", npy),
                    Entry.stored("metadata.json", json));
            Extractor.Result r = PreviewCorpusTest.EXTRACTOR.extract(InMemory.source(bytes),
                    SourceInfo.file("rgb.ndata", bytes.length), PreviewCorpusTest.WANTED);
            assertNotNull(r.preview(), () -> "no preview: " + r.record().warnings());
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.preview().png()));
            assertEquals(240, png.getWidth()); // 40 enlarged by 6
            assertEquals(180, png.getHeight());
            double corr = PreviewCorpusTest.correlation(png, expected, false);
            assertTrue(corr > 0.9, (deflate ? "deflated" : "stored") + ": correlation " + corr);
        }
    }
}
