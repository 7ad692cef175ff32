package io.emmeta.core.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CachingByteSourceTest {

    /** An in-memory store that records every fetch, like a ranged GET log. */
    static final class Recording implements RangeFetcher {
        final byte[] data;
        final List<long[]> fetches = new ArrayList<>();

        Recording(int size) {
            data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) (i * 31 + 7);
            }
        }

        @Override
        public String name() {
            return "mem";
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public byte[] fetch(long position, int length) {
            fetches.add(new long[] {position, length});
            byte[] out = new byte[length];
            System.arraycopy(data, (int) position, out, 0, length);
            return out;
        }
    }

    @Test
    void smallReadsCostOneFetchPerBlockAndReadsAcrossBlocksCoalesce() throws Exception {
        Recording r = new Recording(10_000);
        CachingByteSource s = new CachingByteSource(r, 1024, 8);
        for (int i = 0; i < 100; i++) {
            s.readFully(i * 4, 4); // like an IFD walk
        }
        assertEquals(1, r.fetches.size());
        byte[] span = s.readFully(2000, 5000); // blocks 1..6, one run (block 1 missing, 0 cached)
        assertEquals(2, r.fetches.size());
        assertEquals(1024, r.fetches.get(1)[0]);
        byte[] expected = new byte[5000];
        System.arraycopy(r.data, 2000, expected, 0, 5000);
        assertArrayEquals(expected, span);
        assertEquals(s.stats().bytesRead(), 1024 + 6 * 1024);
        assertEquals(2, s.stats().requests());
    }

    @Test
    void lastBlockIsShortAndReadsPastTheEndFail() throws Exception {
        Recording r = new Recording(1500);
        CachingByteSource s = new CachingByteSource(r, 1024, 8);
        assertEquals(476, s.readFully(1024, 476).length);
        assertEquals(-1, s.read(1500, new byte[1], 0, 1));
        assertThrows(EOFException.class, () -> s.readFully(1400, 200));
        assertEquals(476, s.stats().bytesRead(), "only the missing block, short at the end, is fetched");
    }

    @Test
    void memoryIsBoundedWhateverIsAskedFor() throws Exception {
        Recording r = new Recording(100_000);
        CachingByteSource s = new CachingByteSource(r, 1024, 4);
        assertThrows(java.io.IOException.class, () -> s.readFully(0, 10_000), "one read larger than the cache");
        for (int i = 0; i < 50; i++) {
            s.readFully(i * 2000L, 10);
        }
        s.readFully(0, 10);
        assertEquals(51, r.fetches.size(), "evicted blocks are fetched again: the cache did not grow");
    }
}
