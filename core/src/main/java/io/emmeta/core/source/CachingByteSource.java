package io.emmeta.core.source;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A range cache in front of a {@link RangeFetcher}. Parsers issue many tiny reads (jHDF reads object headers a few
 * bytes at a time, TIFF walkers read 12-byte IFD entries); over S3 each would be a GET. A read that misses fetches
 * from its own position onwards, at least the read-ahead: so an IFD and the tag payloads written right after it
 * come in one GET, and what is fetched depends only on where the structures lie relative to each other, never on
 * how they fall on block boundaries (a tag block at the end of a 2 MB and of a 20 GB file costs the same bytes).
 *
 * <p>The read-ahead starts small, because metadata is usually small and scattered (measured on the corpus: 16 KiB
 * for TIFF and DM, 4 KiB for HDF5 object headers, which a container asks for with {@link #readAheadHint}); a miss
 * that continues exactly where the previous fetch ended doubles it (up to 1 MiB), so a long sequential walk, like a
 * DM tag tree or a Velox metadata column, costs a few GETs, not hundreds. The cache is bounded (LRU over fetched
 * ranges), so a hostile file cannot make it grow without limit.
 */
public final class CachingByteSource implements ByteSource {

    public static final int DEFAULT_READ_AHEAD = 16 * 1024;
    public static final int MIN_READ_AHEAD = 512;
    public static final int MAX_READ_AHEAD = 1024 * 1024;
    public static final long DEFAULT_MAX_CACHE = 32L * 1024 * 1024;

    private final RangeFetcher fetcher;
    private final long maxCache;
    private final ReadStats stats = new ReadStats();
    /** Fetched ranges by start offset; they never overlap. */
    private final TreeMap<Long, byte[]> ranges = new TreeMap<>();
    /** The same ranges' starts in access order, eldest first, for eviction. */
    private final LinkedHashMap<Long, Boolean> recency = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * The range the last read was served from, which is therefore the most recent in {@link #recency}; null after
     * anything else changed the cache. Parsers read a few bytes at a time from the same range (a DM tag tree, jHDF's
     * object headers), and two map lookups per read, the tree's and the recency's, were a sixth of a warm DM
     * extraction (issue #15): a read inside this range needs neither, and moving it to the end of an access order it
     * already ends changes nothing.
     */
    private byte[] lastRange;
    private long lastRangeStart;
    private long cachedBytes;
    private int readAhead;
    private long lastFetchEnd = -1;
    private long lastFetchLength;
    private long size = -1;

    public CachingByteSource(RangeFetcher fetcher) {
        this(fetcher, DEFAULT_READ_AHEAD, DEFAULT_MAX_CACHE);
    }

    public CachingByteSource(RangeFetcher fetcher, int readAhead, long maxCacheBytes) {
        if (readAhead < MIN_READ_AHEAD || readAhead > MAX_READ_AHEAD || maxCacheBytes < readAhead) {
            throw new IllegalArgumentException("read-ahead " + readAhead + " / cache " + maxCacheBytes);
        }
        this.fetcher = fetcher;
        this.readAhead = readAhead;
        this.maxCache = maxCacheBytes;
    }

    public static CachingByteSource ofFile(java.nio.file.Path path) throws IOException {
        return new CachingByteSource(new FileRangeFetcher(path));
    }

    @Override
    public String name() {
        return fetcher.name();
    }

    @Override
    public synchronized long size() throws IOException {
        if (size < 0) {
            size = fetcher.size();
        }
        return size;
    }

    @Override
    public synchronized void readAheadHint(int bytes) {
        readAhead = (int) Math.max(MIN_READ_AHEAD, Math.min(Math.min(MAX_READ_AHEAD, maxCache), bytes));
    }

    @Override
    public synchronized int read(long position, byte[] dst, int off, int len) throws IOException {
        long total = size();
        if (position < 0) {
            throw new IOException(name() + ": negative position " + position);
        }
        if (position >= total) {
            return -1;
        }
        int want = (int) Math.min(len, total - position);
        if (want > maxCache) {
            throw new RefusedReadException(io.emmeta.core.problem.ErrorCode.TOO_LARGE, name() + ": single read of "
                    + want + " bytes exceeds the cache of " + maxCache + " bytes");
        }
        int done = 0;
        while (done < want) {
            long at = position + done;
            if (lastRange != null && at >= lastRangeStart && at < lastRangeStart + lastRange.length) {
                int from = (int) (at - lastRangeStart);
                int n = Math.min(lastRange.length - from, want - done);
                System.arraycopy(lastRange, from, dst, off + done, n);
                done += n;
                continue;
            }
            Map.Entry<Long, byte[]> hit = ranges.floorEntry(at);
            if (hit != null && at < hit.getKey() + hit.getValue().length) {
                byte[] range = hit.getValue();
                int from = (int) (at - hit.getKey());
                int n = Math.min(range.length - from, want - done);
                System.arraycopy(range, from, dst, off + done, n);
                recency.get(hit.getKey());
                lastRange = range;
                lastRangeStart = hit.getKey();
                done += n;
            } else {
                fetchFrom(at, want - done, total);
            }
        }
        return done;
    }

    /** Served from the cache where it holds the whole range; otherwise one GET, neither cached nor read ahead. */
    @Override
    public synchronized byte[] readOnce(long position, int len) throws IOException {
        long total = size();
        if (position < 0 || len < 0 || position + len > total) {
            throw new EOFException(name() + ": wanted " + len + " bytes at " + position + ", object ends at " + total);
        }
        Map.Entry<Long, byte[]> hit = ranges.floorEntry(position);
        if (hit != null && position + len <= hit.getKey() + hit.getValue().length) {
            return readFully(position, len);
        }
        return readOnceAll(List.of(new long[] {position, position + len})).get(0);
    }

    /**
     * The ranges side by side, neither cached nor read ahead (a preview's rows: bulk the metadata must not lose). The
     * caller bounds their sizes (the preview's budget); the cache's bound is for what is kept, and nothing is.
     */
    @Override
    public List<byte[]> readOnceAll(List<long[]> wanted) throws IOException {
        long total = size();
        for (long[] r : wanted) {
            if (r[0] < 0 || r[1] < r[0] || r[1] > total || r[1] - r[0] > Integer.MAX_VALUE - 8) {
                throw new EOFException(name() + ": range " + r[0] + ".." + r[1] + " is not inside the object ("
                        + total + " bytes)");
            }
        }
        List<byte[]> got = ParallelFetch.all(fetcher, wanted);
        synchronized (this) {
            got.forEach(b -> stats.record(b.length));
        }
        return got;
    }

    /** One GET from {@code at}: what the read still needs, at least the read-ahead, never into a cached range. */
    private void fetchFrom(long at, int needed, long total) throws IOException {
        long ahead = at == lastFetchEnd ? Math.min(MAX_READ_AHEAD, Math.max(readAhead, 2 * lastFetchLength)) : readAhead;
        ahead = Math.min(ahead, maxCache);
        Long next = ranges.higherKey(at);
        long end = Math.min(total, at + Math.max(needed, ahead));
        if (total - end <= ahead) {
            // little is left after this fetch: take it too. Vendors write tags and metadata at the very end (TIFF
            // IFDs after the pixels), where the next miss would otherwise continue in one more sequential round trip.
            end = total;
        }
        if (next != null) {
            end = Math.min(end, next);
        }
        int length = (int) (end - at);
        byte[] bytes = fetcher.fetch(at, length);
        if (bytes.length != length) {
            throw new IOException(name() + ": asked for " + length + " bytes at " + at + ", got " + bytes.length);
        }
        lastFetchEnd = end;
        lastFetchLength = length;
        store(at, bytes);
    }

    /**
     * Fetches the parts of these ranges ({@code [start, end)} pairs) not cached yet, side by side: a container that
     * knows where its next structures lie (a TIFF's tag payloads, once its IFD is read) asks for them together, so
     * they cost one round trip instead of one per miss. Ranges closer than the read-ahead are fetched as one; at most
     * {@link #MAX_READ_AHEAD} bytes in all (the rest is read on demand, as without this call). Never read past the
     * end; a failure is thrown like a read's.
     */
    public synchronized void prefetch(List<long[]> wanted) throws IOException {
        long total = size();
        List<long[]> sorted = new ArrayList<>();
        for (long[] r : wanted) {
            long start = Math.max(0, r[0]);
            long end = Math.min(total, r[1]);
            if (end > start) {
                sorted.add(new long[] {start, end});
            }
        }
        sorted.sort(java.util.Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + readAhead) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(r.clone());
            }
        }
        List<long[]> pieces = new ArrayList<>();
        long budget = Math.min(MAX_READ_AHEAD, maxCache / 2);
        for (long[] r : merged) {
            for (long[] gap : missing(r[0], r[1])) {
                long length = Math.min(gap[1] - gap[0], budget);
                if (length <= 0) {
                    break;
                }
                pieces.add(new long[] {gap[0], gap[0] + length});
                budget -= length;
            }
        }
        pieces = fewerRounds(pieces, budget);
        List<List<long[]>> parts = new ArrayList<>();
        for (long[] p : pieces) {
            parts.add(missing(p[0], p[1])); // a joined piece may span bytes cached already: those stay as they are
        }
        List<byte[]> fetched = ParallelFetch.all(fetcher, pieces);
        for (int i = 0; i < pieces.size(); i++) {
            long at = pieces.get(i)[0];
            byte[] bytes = fetched.get(i);
            List<long[]> missing = parts.get(i);
            if (missing.size() == 1 && missing.get(0)[0] == at && missing.get(0)[1] == at + bytes.length) {
                store(at, bytes);
                continue;
            }
            stats.record(bytes.length);
            for (long[] part : missing) {
                keep(part[0], Arrays.copyOfRange(bytes, (int) (part[0] - at), (int) (part[1] - at)));
            }
        }
    }

    /**
     * Bytes a batch may read between its pieces to save one round of requests in flight: over S3 a round costs its
     * latency (20-60 ms to the first byte), 64 KiB about a millisecond of transfer.
     */
    static final long MERGE_PER_ROUND = 64 * 1024;

    /**
     * A batch of more small pieces than go in flight at once ({@link ParallelFetch#MAX_SMALL_IN_FLIGHT}) costs one
     * round trip per group of them: when joining the pieces across their smallest gaps makes one group fewer for at
     * most {@link #MERGE_PER_ROUND} bytes more, they are joined (an HDF5 level's scattered headers: the Velox spectrum
     * image's widest level, 57 pieces in 4 rounds, needs 6 KB more for 3). No joined piece beyond
     * {@link ParallelFetch#SMALL}, so the batch stays one of small pieces; the gaps' bytes within what is left of the
     * call's {@link #MAX_READ_AHEAD} ({@code budget}), so a batch of thousands of pieces reads no more than before; what
     * a gap holds that is cached already is fetched again (counted) but not stored twice.
     */
    private List<long[]> fewerRounds(List<long[]> pieces, long budget) {
        int perRound = ParallelFetch.MAX_SMALL_IN_FLIGHT;
        List<long[]> out = pieces;
        long spent = 0;
        while (out.size() > perRound) {
            for (long[] p : out) {
                if (p[1] - p[0] > ParallelFetch.SMALL) {
                    return out; // a batch of large pieces: fewer in flight anyway
                }
            }
            int rounds = (out.size() + perRound - 1) / perRound;
            int joins = out.size() - perRound * (rounds - 1);
            List<long[]> trial = new ArrayList<>();
            out.forEach(p -> trial.add(p.clone()));
            long cost = 0;
            for (int j = 0; j < joins; j++) {
                int best = -1;
                long bestGap = Long.MAX_VALUE;
                for (int i = 0; i + 1 < trial.size(); i++) {
                    long gap = trial.get(i + 1)[0] - trial.get(i)[1];
                    if (gap < bestGap && trial.get(i + 1)[1] - trial.get(i)[0] <= ParallelFetch.SMALL) {
                        best = i;
                        bestGap = gap;
                    }
                }
                cost += best < 0 ? 0 : bestGap;
                if (best < 0 || cost > MERGE_PER_ROUND || spent + cost > budget) {
                    return out;
                }
                trial.get(best)[1] = trial.get(best + 1)[1];
                trial.remove(best + 1);
            }
            spent += cost;
            out = trial;
        }
        return out;
    }

    @Override
    public synchronized boolean holds(long position) {
        Map.Entry<Long, byte[]> hit = ranges.floorEntry(position);
        return hit != null && position < hit.getKey() + hit.getValue().length;
    }

    /** The parts of {@code [start, end)} that no cached range covers. */
    private List<long[]> missing(long start, long end) {
        List<long[]> out = new ArrayList<>();
        long at = start;
        Map.Entry<Long, byte[]> before = ranges.floorEntry(at);
        if (before != null) {
            at = Math.max(at, before.getKey() + before.getValue().length);
        }
        for (Map.Entry<Long, byte[]> r : ranges.subMap(start, true, end, false).entrySet()) {
            if (r.getKey() > at) {
                out.add(new long[] {at, r.getKey()});
            }
            at = Math.max(at, r.getKey() + r.getValue().length);
        }
        if (at < end) {
            out.add(new long[] {at, end});
        }
        return out;
    }

    /** A fetched range enters the cache (it overlaps no cached one); the eldest ranges leave past the bound. */
    private void store(long at, byte[] bytes) {
        stats.record(bytes.length);
        keep(at, bytes);
    }

    /** A range enters the cache without being counted as fetched (a part of a fetch counted as a whole). */
    private void keep(long at, byte[] bytes) {
        lastRange = null; // another range becomes the most recent, and the last one may be evicted
        int length = bytes.length;
        ranges.put(at, bytes);
        recency.put(at, Boolean.TRUE);
        cachedBytes += length;
        var eldest = recency.keySet().iterator();
        while (cachedBytes > maxCache && recency.size() > 1) {
            Long victim = eldest.next();
            eldest.remove();
            cachedBytes -= ranges.remove(victim).length;
        }
    }

    /**
     * Bytes of the object already fetched by the caller (an S3 upload's first ranged GET, which also told its size,
     * ETag and version, so no HEAD precedes it) enter the cache as one fetch: counted in the stats, and a read that
     * continues where they end grows the read-ahead as any sequential fetch would. Call before the first read.
     */
    public synchronized void prime(long position, byte[] bytes) {
        if (bytes.length == 0 || !ranges.isEmpty()) {
            return;
        }
        stats.record(bytes.length);
        lastFetchEnd = position + bytes.length;
        lastFetchLength = bytes.length;
        lastRange = null;
        ranges.put(position, bytes);
        recency.put(position, Boolean.TRUE);
        cachedBytes += bytes.length;
    }

    @Override
    public ReadStats stats() {
        return stats;
    }

    @Override
    public synchronized void close() throws IOException {
        lastRange = null;
        ranges.clear();
        recency.clear();
        cachedBytes = 0;
        fetcher.close();
    }
}
