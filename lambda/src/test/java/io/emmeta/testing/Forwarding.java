package io.emmeta.testing;

import java.io.IOException;
import java.util.List;

import io.emmeta.core.source.ByteSource;
import io.emmeta.core.source.RangeFetcher;
import io.emmeta.core.source.ReadStats;

/**
 * A fetcher and a byte source that pass every call on to another one, for tests and tools that watch the reads go by
 * (counting fetch waves, tracing ranges): override the call to watch, and call {@code super} in it.
 */
public final class Forwarding {

    private Forwarding() {
    }

    /** Passes every call on to {@code to}. */
    public static class Fetcher implements RangeFetcher {
        private final RangeFetcher to;

        public Fetcher(RangeFetcher to) {
            this.to = to;
        }

        @Override
        public String name() {
            return to.name();
        }

        @Override
        public long size() throws IOException {
            return to.size();
        }

        @Override
        public byte[] fetch(long position, int length) throws IOException {
            return to.fetch(position, length);
        }
    }

    /** Passes every call on to {@code to} (reads, hints, prefetches, what it holds, its figures). */
    public static class Source implements ByteSource {
        private final ByteSource to;

        public Source(ByteSource to) {
            this.to = to;
        }

        @Override
        public String name() {
            return to.name();
        }

        @Override
        public long size() throws IOException {
            return to.size();
        }

        @Override
        public int read(long position, byte[] dst, int off, int len) throws IOException {
            return to.read(position, dst, off, len);
        }

        @Override
        public void readAheadHint(int bytes) {
            to.readAheadHint(bytes);
        }

        @Override
        public void prefetch(List<long[]> ranges) throws IOException {
            to.prefetch(ranges);
        }

        @Override
        public boolean holds(long position) {
            return to.holds(position);
        }

        @Override
        public ReadStats stats() {
            return to.stats();
        }
    }
}
