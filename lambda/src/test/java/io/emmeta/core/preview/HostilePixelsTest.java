package io.emmeta.core.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.source.ByteSource;
import io.emmeta.testing.InMemory;
import io.emmeta.testing.TiffBuilder;
import io.emmeta.testing.TiffBuilder.Entry;

/**
 * Pixel data that lies: each file gets its record (the metadata is read as always), no preview, and a typed warning
 * saying why, in bounded time; never an OOM, a hang or an INTERNAL problem.
 */
class HostilePixelsTest {

    static final Extractor EXTRACTOR = Extractor.standard(new ObjectMapper());

    record Outcome(ExtractionRecord record, Preview preview, long ms) {
    }

    static Outcome run(byte[] tiff) {
        return run(InMemory.source(tiff), tiff.length);
    }

    static Outcome run(ByteSource source, long size) {
        long t0 = System.nanoTime();
        Extractor.Result r = EXTRACTOR.extract(source, SourceInfo.file("hostile.tif", size),
                UploadContext.NONE.withPreviewDefault(true));
        return new Outcome(r.record(), r.preview(), (System.nanoTime() - t0) / 1_000_000);
    }

    static void assertRefused(Outcome o, ErrorCode code) {
        assertNull(o.preview(), "no preview expected");
        assertNull(o.record().preview());
        assertNotNull(o.record().detected(), "the metadata is still read");
        assertTrue(o.record().warnings().stream().anyMatch(w -> w.code() == code && w.message().startsWith("preview:")),
                () -> "expected a " + code + " preview warning, got " + o.record().warnings());
        assertTrue(o.ms() < 10_000, "took " + o.ms() + " ms");
    }

    static Entry longs(int tag, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putInt((int) v);
        }
        return new Entry(tag, TiffBuilder.LONG, -1, b.array(), -1);
    }

    /** An 8-bit image of the given layout tags; strips at the given offsets with the given byte counts. */
    static TiffBuilder image(long width, long height, long rowsPerStrip, long[] offsets, long[] counts) {
        return TiffBuilder.classic().entry(longs(256, width)).entry(longs(257, height)).shorts(258, 8)
                .shorts(262, 1).entry(longs(278, rowsPerStrip)).entry(longs(273, offsets)).entry(longs(279, counts));
    }

    @Test
    void aRowWiderThanThePreviewHoldsIsRefused() {
        // 100 million pixels in one row: the row alone would be 100 MB
        Outcome o = run(image(100_000_000L, 1, 1, new long[] {8}, new long[] {100_000_000L}).build());
        assertRefused(o, ErrorCode.TOO_LARGE);
    }

    @Test
    void hugeDimensionsOverATinyObjectAreCorrupt() {
        // 60 000 × 60 000 pixels declared, a few hundred bytes held: the first row needed lies past the end
        Outcome o = run(image(60_000, 60_000, 60_000, new long[] {8}, new long[] {3_600_000_000L}).build());
        assertRefused(o, ErrorCode.CORRUPT);
    }

    @Test
    void aStripTableShorterThanTheImageNeedsIsCorrupt() {
        // 1000 rows of one strip each, three strips listed
        Outcome o = run(image(100, 1000, 1, new long[] {8, 8, 8}, new long[] {100, 100, 100}).build());
        assertRefused(o, ErrorCode.CORRUPT);
    }

    @Test
    void aByteCountLargerThanTheBlockCanHoldIsCorrupt() {
        TiffBuilder b = image(64, 64, 64, new long[] {8}, new long[] {4_000_000_000L}).shorts(259, 8);
        assertRefused(run(b.build()), ErrorCode.CORRUPT);
    }

    @Test
    void aCompressedStripOfAHugeImageIsRefusedBeforeItIsInflated() {
        // one Deflate strip for 30 000 × 30 000 pixels: 900 MB to inflate for any one row of it
        byte[] bomb = deflate(new byte[1 << 20]);
        TiffBuilder b = image(30_000, 30_000, 30_000, new long[] {0}, new long[] {bomb.length}).shorts(259, 8);
        Outcome o = run(withPixels(b, bomb));
        assertRefused(o, ErrorCode.TOO_LARGE);
    }

    @Test
    void aDeflateBombInflatesNoFurtherThanItsBlock() {
        // a 256 × 256 image whose strip inflates to 64 MB: only the block's 64 KB are ever produced
        byte[] bomb = deflate(new byte[64 << 20]);
        TiffBuilder b = image(256, 256, 256, new long[] {0}, new long[] {bomb.length}).shorts(259, 8);
        Outcome o = run(withPixels(b, bomb));
        assertNotNull(o.preview(), () -> "a block cut at its size is still an image: " + o.record().warnings());
        assertEquals(256, o.preview().width());
        assertTrue(o.record().preview().bytesRead() < 1 << 20, "read " + o.record().preview().bytesRead());
    }

    @Test
    void lzwGarbageIsCorruptNotACrash() {
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        junk[0] = (byte) 0x80; // a first code of 256+: clear, then codes not yet defined
        TiffBuilder b = image(64, 64, 64, new long[] {0}, new long[] {junk.length}).shorts(259, 5);
        Outcome o = run(withPixels(b, junk));
        // random codes either decode to noise or stop at an undefined code: never INTERNAL, never a hang
        assertTrue(o.preview() != null || o.record().warnings().stream().anyMatch(w -> w.code() == ErrorCode.CORRUPT),
                o.record().warnings().toString());
        assertTrue(o.record().warnings().stream().noneMatch(w -> w.code() == ErrorCode.INTERNAL));
    }

    @Test
    void everyStripPointingAtOneBlockStaysWithinTheByteBudget() {
        // a 20 000-row image of 1-row Deflate strips that all claim the same 60 KB block: read one by one, 512 of them
        // would exceed the preview's 8 MiB. The rows are fetched ahead in batches whose ranges are merged, so the
        // block is fetched once per batch, never 512 times; whatever happens, the bytes stay far inside the budget
        byte[] raw = new byte[60_000];
        new java.util.Random(1).nextBytes(raw);
        byte[] block = deflate(raw);
        long[] counts = new long[20_000];
        java.util.Arrays.fill(counts, block.length);
        int headLength = image(60_000, 20_000, 1, new long[20_000], counts).shorts(259, 8).build().length;
        long[] offsets = new long[20_000];
        java.util.Arrays.fill(offsets, headLength);
        byte[] head = image(60_000, 20_000, 1, offsets, counts).shorts(259, 8).build();
        byte[] file = new byte[head.length + block.length];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(block, 0, file, head.length, block.length);
        Outcome o = run(file);
        assertTrue(o.ms() < 10_000, "took " + o.ms() + " ms");
        if (o.preview() == null) {
            assertRefused(o, ErrorCode.TOO_LARGE);
        } else {
            // once per batch of rows: a small fraction of the 512 per-row fetches, and inside the 8 MiB budget
            assertTrue(o.preview().bytesRead() <= 512L * block.length / 10, "the shared block fetched "
                    + o.preview().bytesRead() / block.length + " times");
            assertTrue(o.preview().bytesRead() <= 8L << 20);
        }
    }

    /** The TIFF with the pixel bytes appended and its single strip offset pointing at them. */
    static byte[] withPixels(TiffBuilder b, byte[] pixels) {
        byte[] head = b.build();
        // the strip offset set to where the pixels land, right after the IFD and its payloads
        ByteBuffer bb = ByteBuffer.wrap(head.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int n = bb.getShort(8) & 0xffff;
        for (int i = 0; i < n; i++) {
            int at = 10 + i * 12;
            if ((bb.getShort(at) & 0xffff) == 273) {
                bb.putInt(at + 8, head.length);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bb.array());
        out.writeBytes(pixels);
        return out.toByteArray();
    }

    static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(9);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }
}
