package io.emmeta.core.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CachingByteSourceTest {

    /** An in-memory store that records every fetch, like a ranged GET log. */
    static final class Recording implements RangeFetcher {
        final byte[] data;
        final List<long[]> fetches = java.util.Collections.synchronizedList(new ArrayList<>()); // prefetch's threads

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
    void smallReadsCostOneFetchOfTheReadAheadAndReturnTheRightBytes() throws Exception {
        Recording r = new Recording(100_000);
        CachingByteSource s = new CachingByteSource(r, 1024, 64 * 1024);
        for (int i = 0; i < 100; i++) {
            s.readFully(5000 + i * 4, 4); // like an IFD walk
        }
        assertEquals(1, r.fetches.size());
        assertArrayEquals(new long[] {5000, 1024}, r.fetches.get(0), "from the read's own position, not a block start");
        byte[] span = s.readFully(5500, 3000); // 524 bytes cached, the rest fetched from where the cache ends
        assertEquals(2, r.fetches.size());
        assertEquals(6024, r.fetches.get(1)[0]);
        byte[] expected = new byte[3000];
        System.arraycopy(r.data, 5500, expected, 0, 3000);
        assertArrayEquals(expected, span);
        assertEquals(s.stats().requests(), r.fetches.size());
        assertEquals(s.stats().bytesRead(), r.fetches.stream().mapToLong(f -> f[1]).sum());
    }

    @Test
    void primedBytesAreServedWithoutAFetchCountAsOneAndASequentialMissGrowsFromThem() throws Exception {
        Recording r = new Recording(100_000);
        CachingByteSource s = new CachingByteSource(r, 1024, 64 * 1024);
        byte[] first = new byte[1024];
        System.arraycopy(r.data, 0, first, 0, first.length);
        s.prime(0, first); // the processor's first ranged GET, made before the source existed
        assertArrayEquals(java.util.Arrays.copyOfRange(r.data, 100, 900), s.readFully(100, 800));
        assertEquals(0, r.fetches.size(), "served from the primed bytes");
        assertEquals(1, s.stats().requests(), "the first GET counts as a request");
        assertEquals(1024, s.stats().bytesRead());
        s.readFully(1024, 10); // continues where the primed bytes end: the read-ahead doubles, as after any fetch
        assertArrayEquals(new long[] {1024, 2048}, r.fetches.get(0));
    }

    @Test
    void prefetchFetchesOnlyWhatIsMissingMergingCloseRangesAndServesTheReadsFromTheCache() throws Exception {
        Recording r = new Recording(1 << 20);
        CachingByteSource s = new CachingByteSource(r, 1024, 1 << 20);
        s.readFully(10_000, 10); // cached: [10000, 11024)
        s.prefetch(List.of(new long[] {10_500, 12_000}, new long[] {12_500, 13_000}, new long[] {500_000, 500_100},
                new long[] {(1 << 20) - 50, (1 << 20) + 50}));
        // the cached part is not fetched again; 12000..12500 is closer than the read-ahead, so one piece; the far
        // range its own; the range past the end is cut at the end
        assertEquals(List.of(List.of(11_024L, 1_976L), List.of(500_000L, 100L), List.of((1L << 20) - 50, 50L)),
                r.fetches.subList(1, r.fetches.size()).stream().map(f -> List.of(f[0], f[1])).sorted(
                        java.util.Comparator.comparing(l -> l.get(0))).toList());
        int before = r.fetches.size();
        assertArrayEquals(java.util.Arrays.copyOfRange(r.data, 11_500, 12_900), s.readFully(11_500, 1_400));
        s.readFully(500_000, 100);
        assertEquals(before, r.fetches.size(), "the reads came from the prefetched ranges");
        assertEquals(s.stats().requests(), r.fetches.size());
    }

    @Test
    void aMissNearTheEndTakesTheRestOfTheObject() throws Exception {
        Recording r = new Recording(100_000);
        CachingByteSource s = new CachingByteSource(r, 1024, 64 * 1024);
        s.readFully(98_000, 10); // 2000 bytes left: the read-ahead and what remains after it are one fetch
        assertArrayEquals(new long[] {98_000, 2_000}, r.fetches.get(0));
        s.readFully(50_000, 10); // far from the end: the read-ahead alone
        assertArrayEquals(new long[] {50_000, 1024}, r.fetches.get(1));
    }

    @Test
    void aMissRightAfterTheLastFetchDoublesTheReadAhead() throws Exception {
        Recording r = new Recording(1 << 20);
        CachingByteSource s = new CachingByteSource(r, 1024, 1 << 20);
        for (int i = 0; i < 64 * 1024; i += 100) {
            s.readFully(i, 100); // a sequential walk, like a DM tag tree
        }
        List<Long> lengths = r.fetches.stream().map(f -> f[1]).toList();
        assertEquals(List.of(1024L, 2048L, 4096L, 8192L, 16384L, 32768L), lengths.subList(0, 6));
        assertTrue(r.fetches.size() <= 7, "64 KiB sequentially in a handful of GETs: " + lengths);
        s.readFully(500_000, 10); // a jump starts small again
        assertEquals(1024L, r.fetches.get(r.fetches.size() - 1)[1]);
    }

    @Test
    void whatIsFetchedDependsOnTheLayoutNotOnWhereItFallsInTheFile() throws Exception {
        List<Long> first = null;
        for (int base : new int[] {0, 1_000_003, 3_333_333}) {
            Recording r = new Recording(4_000_000);
            CachingByteSource s = new CachingByteSource(r, 4096, 1 << 20);
            s.readFully(base + 100, 2);
            s.readFully(base + 102, 12 * 20);
            s.readFully(base + 6000, 9000);
            List<Long> lengths = r.fetches.stream().map(f -> f[1]).toList();
            if (first == null) {
                first = lengths;
            }
            assertEquals(first, lengths, "at " + base);
        }
    }

    @Test
    void theLastRangeIsShortAndReadsPastTheEndFail() throws Exception {
        Recording r = new Recording(1500);
        CachingByteSource s = new CachingByteSource(r, 1024, 8192);
        assertEquals(476, s.readFully(1024, 476).length);
        assertEquals(-1, s.read(1500, new byte[1], 0, 1));
        assertThrows(EOFException.class, () -> s.readFully(1400, 200));
        assertEquals(476, s.stats().bytesRead(), "only up to the end is fetched");
    }

    @Test
    void aHintChangesTheReadAhead() throws Exception {
        Recording r = new Recording(100_000);
        CachingByteSource s = new CachingByteSource(r, 16 * 1024, 1 << 20);
        s.readAheadHint(4096);
        s.readFully(50_000, 8);
        assertEquals(4096L, r.fetches.get(0)[1]);
        s.readAheadHint(1);
        s.readFully(90_000, 8);
        assertEquals((long) CachingByteSource.MIN_READ_AHEAD, r.fetches.get(1)[1], "clamped to the minimum");
    }

    @Test
    void memoryIsBoundedWhateverIsAskedFor() throws Exception {
        Recording r = new Recording(1_000_000);
        CachingByteSource s = new CachingByteSource(r, 1024, 4096);
        assertThrows(java.io.IOException.class, () -> s.readFully(0, 10_000), "one read larger than the cache");
        for (int i = 0; i < 50; i++) {
            s.readFully(i * 20_000L, 10);
        }
        s.readFully(0, 10);
        assertEquals(51, r.fetches.size(), "evicted ranges are fetched again: the cache did not grow");
    }

    /**
     * 40 scattered 100-byte ranges 2000 bytes apart (farther than the 1 KiB read-ahead joins) would go out 16 at a time:
     * three rounds of requests. Joining them across their gaps costs 1900 bytes per join, 24 joins to fit one round
     * (45.6 KB, within the 64 KiB a round may cost), so they go out as 16 requests side by side; a range cached in a
     * gap is fetched again but keeps its bytes, and every read afterwards is a hit with the store's bytes.
     */
    @Test
    void aBatchOfMoreSmallRangesThanGoInFlightIsJoinedAcrossSmallGapsIntoOneRound() throws Exception {
        Recording r = new Recording(1 << 20);
        CachingByteSource s = new CachingByteSource(r, 1024, 4 << 20);
        s.readFully(110_500, 10); // cached before: [110500, 111524), in the gap after the first range
        List<long[]> wanted = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            wanted.add(new long[] {110_000 + 2000L * i, 110_100 + 2000L * i});
        }
        int before = r.fetches.size();
        s.prefetch(wanted);
        List<long[]> batch = r.fetches.subList(before, r.fetches.size());
        assertEquals(ParallelFetch.MAX_SMALL_IN_FLIGHT, batch.size(), "one round of requests in flight");
        long bytes = batch.stream().mapToLong(f -> f[1]).sum();
        assertTrue(bytes <= 40 * 100 + CachingByteSource.MERGE_PER_ROUND, bytes + " bytes");
        int fetched = r.fetches.size();
        for (long[] w : wanted) {
            assertArrayEquals(java.util.Arrays.copyOfRange(r.data, (int) w[0], (int) w[1]), s.readFully(w[0], 100));
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(r.data, 110_000, 112_000), s.readFully(110_000, 2000));
        assertEquals(fetched, r.fetches.size(), "every read a hit, the cached range in a gap included");
    }

    /** Ranges far apart are not joined: 40 ranges 100 KB apart are 40 requests, 4 KB in all. */
    @Test
    void rangesFarApartAreNotJoined() throws Exception {
        Recording r = new Recording(8 << 20);
        CachingByteSource s = new CachingByteSource(r, 1024, 4 << 20);
        List<long[]> wanted = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            wanted.add(new long[] {100_000L * i, 100_000L * i + 100});
        }
        s.prefetch(wanted);
        assertEquals(40, r.fetches.size());
        assertEquals(4000, s.stats().bytesRead());
    }

    /**
     * Joining across gaps stays within the call's {@link CachingByteSource#MAX_READ_AHEAD}: 2000 one-byte ranges
     * 1100 bytes apart would, joined into 64 KiB pieces, read their whole 2.2 MB span.
     */
    @Test
    void joiningReadsNoMoreThanACallMayRead() throws Exception {
        Recording r = new Recording(4 << 20);
        CachingByteSource s = new CachingByteSource(r, 1024, 64 << 20);
        List<long[]> wanted = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            wanted.add(new long[] {1100L * i, 1100L * i + 1});
        }
        s.prefetch(wanted);
        assertTrue(s.stats().bytesRead() <= CachingByteSource.MAX_READ_AHEAD, s.stats().bytesRead() + " bytes");
        assertTrue(r.fetches.size() < 2000, r.fetches.size() + " fetches: joined where the budget allowed");
        for (long[] w : wanted) {
            assertEquals(r.data[(int) w[0]], s.readFully(w[0], 1)[0]);
        }
    }
}
