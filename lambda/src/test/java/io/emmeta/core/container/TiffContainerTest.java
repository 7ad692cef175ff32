package io.emmeta.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.source.ByteSource;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.core.source.RangeFetcher;
import io.emmeta.testing.Corpus;

/** The IFD walk on real files and on hostile structures built byte by byte. */
class TiffContainerTest {

    static ByteSource mem(byte[] bytes) {
        return new CachingByteSource(new RangeFetcher() {
            @Override
            public String name() {
                return "mem";
            }

            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public byte[] fetch(long position, int length) {
                byte[] out = new byte[length];
                System.arraycopy(bytes, (int) position, out, 0, length);
                return out;
            }
        }, 512, 32 * 1024);
    }

    /** A little-endian TIFF whose IFDs are given as (offset, entry count, next offset). */
    static byte[] tiff(int size, int firstIfd, int[][] ifds) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(firstIfd);
        for (int[] ifd : ifds) {
            b.position(ifd[0]);
            b.putShort((short) ifd[1]);
            for (int i = 0; i < Math.min(ifd[1], 3); i++) {
                b.putShort((short) (256 + i)).putShort((short) 3).putInt(1).putInt(64);
            }
            b.position(ifd[0] + 2 + ifd[1] * 12);
            b.putInt(ifd[2]);
        }
        return b.array();
    }

    @Test
    void vendorTagAtTheEndCostsHeadPlusTailNotTheFile() throws Exception {
        var file = Corpus.file("tomo_mapper/SEM_Image-SliceImage-001.tif");
        try (CachingByteSource s = CachingByteSource.ofFile(file)) {
            TiffContainer t = TiffContainer.read(s);
            assertTrue(t.has(34682));
            assertTrue(s.stats().bytesRead() < Files.size(file) / 4, "read " + s.stats().bytesRead());
        }
    }

    @Test
    void ifdLoopIsDetected() throws Exception {
        byte[] b = tiff(4096, 100, new int[][] {{100, 3, 200}, {200, 3, 100}});
        TiffContainer t = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> TiffContainer.read(mem(b)));
        assertEquals(2, t.pages().size());
        assertTrue(t.anomalies().get(0).contains("loops"));
    }

    @Test
    void absurdEntryCountIsCorrupt() {
        byte[] b = tiff(4096, 100, new int[][] {{100, 3, 0}});
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(100, (short) 60000);
        ExtractionException e = assertThrows(ExtractionException.class, () -> TiffContainer.read(mem(b)));
        assertEquals(ErrorCode.CORRUPT, e.code());
    }

    @Test
    void ifdPastTheEndIsTruncated() {
        byte[] b = tiff(512, 100_000, new int[][] {});
        ExtractionException e = assertThrows(ExtractionException.class, () -> TiffContainer.read(mem(b)));
        assertEquals(ErrorCode.TRUNCATED, e.code());
    }

    @Test
    void payloadOutsideTheObjectIsSkippedWithAnAnomaly() throws Exception {
        byte[] b = tiff(1024, 100, new int[][] {{100, 1, 0}});
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort(102, (short) 34118).putShort(104, (short) 2).putInt(106, 50_000).putInt(110, 900);
        TiffContainer t = TiffContainer.read(mem(b));
        assertTrue(!t.has(34118));
        assertTrue(t.anomalies().get(0).contains("outside"), t.anomalies().toString());
    }

    @Test
    void everyTruncationOfARealFileEndsTyped() throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file("rosettasciio/FEI-Helios-Ebeam-8bits.tif"));
        for (int cut : new int[] {0, 4, 7, 9, 100, real.length / 2, real.length - 5000, real.length - 20}) {
            byte[] part = java.util.Arrays.copyOf(real, cut);
            try {
                TiffContainer.read(mem(part));
            } catch (ExtractionException e) {
                assertTrue(e.code() == ErrorCode.TRUNCATED || e.code() == ErrorCode.CORRUPT, cut + ": " + e.code());
            }
        }
    }
}
