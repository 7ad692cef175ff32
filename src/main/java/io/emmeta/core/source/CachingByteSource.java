package io.emmeta.core.source;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block cache in front of a {@link RangeFetcher}. Parsers issue many tiny reads (jHDF reads object headers a
 * few bytes at a time, TIFF walkers read 12-byte IFD entries); over S3 each would be a GET. Reads are rounded
 * out to whole blocks, and consecutive missing blocks are fetched in one request, so a TIFF costs one or two
 * GETs and a Velox file a handful. The cache is bounded (LRU), so a hostile file cannot make it grow without
 * limit.
 */
public final class CachingByteSource implements ByteSource {

    public static final int DEFAULT_BLOCK_SIZE = 64 * 1024;
    public static final int DEFAULT_MAX_BLOCKS = 256;

    private final RangeFetcher fetcher;
    private final int blockSize;
    private final int maxBlocks;
    private final ReadStats stats = new ReadStats();
    private final Map<Long, byte[]> blocks;
    private long size = -1;

    public CachingByteSource(RangeFetcher fetcher) {
        this(fetcher, DEFAULT_BLOCK_SIZE, DEFAULT_MAX_BLOCKS);
    }

    public CachingByteSource(RangeFetcher fetcher, int blockSize, int maxBlocks) {
        if (blockSize < 512 || maxBlocks < 2) {
            throw new IllegalArgumentException("block size " + blockSize + " / max blocks " + maxBlocks);
        }
        this.fetcher = fetcher;
        this.blockSize = blockSize;
        this.maxBlocks = maxBlocks;
        this.blocks = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                return size() > CachingByteSource.this.maxBlocks;
            }
        };
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
    public synchronized int read(long position, byte[] dst, int off, int len) throws IOException {
        long total = size();
        if (position < 0) {
            throw new IOException(name() + ": negative position " + position);
        }
        if (position >= total) {
            return -1;
        }
        int want = (int) Math.min(len, total - position);
        long firstBlock = position / blockSize;
        long lastBlock = (position + want - 1) / blockSize;
        ensureBlocks(firstBlock, lastBlock);
        int done = 0;
        for (long b = firstBlock; b <= lastBlock; b++) {
            byte[] block = blocks.get(b);
            long blockStart = b * blockSize;
            int from = (int) Math.max(0, position + done - blockStart);
            int n = Math.min(block.length - from, want - done);
            System.arraycopy(block, from, dst, off + done, n);
            done += n;
        }
        return done;
    }

    /** Fetches every missing block in [first, last], one request per run of consecutive missing blocks. */
    private void ensureBlocks(long first, long last) throws IOException {
        if (last - first + 1 > maxBlocks) {
            throw new IOException(name() + ": single read of " + (last - first + 1) + " blocks exceeds the cache of "
                    + maxBlocks + " blocks");
        }
        long b = first;
        while (b <= last) {
            if (blocks.containsKey(b)) {
                b++;
                continue;
            }
            long runStart = b;
            while (b <= last && !blocks.containsKey(b)) {
                b++;
            }
            fetchRun(runStart, b - 1);
        }
    }

    private void fetchRun(long firstBlock, long lastBlock) throws IOException {
        long start = firstBlock * blockSize;
        long end = Math.min(size(), (lastBlock + 1) * blockSize);
        byte[] bytes = fetcher.fetch(start, (int) (end - start));
        stats.record(bytes.length);
        for (long b = firstBlock; b <= lastBlock; b++) {
            int from = (int) ((b - firstBlock) * blockSize);
            int to = (int) Math.min(bytes.length, from + (long) blockSize);
            byte[] block = new byte[to - from];
            System.arraycopy(bytes, from, block, 0, block.length);
            blocks.put(b, block);
        }
    }

    @Override
    public ReadStats stats() {
        return stats;
    }

    @Override
    public void close() throws IOException {
        blocks.clear();
        fetcher.close();
    }
}
