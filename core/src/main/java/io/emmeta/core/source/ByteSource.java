package io.emmeta.core.source;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;

/**
 * Random access to the bytes of one object, wherever it lives. Readers ask for the ranges they need and
 * nothing else: a TIFF reader touches header, IFDs and tag payloads; an HDF5 reader superblock, object
 * headers and metadata datasets. The pixels are never read.
 */
public interface ByteSource extends Closeable {

    /** A name for logs and records (path or s3://bucket/key). */
    String name();

    long size() throws IOException;

    /**
     * Reads up to {@code len} bytes at {@code position}; returns the count read, or -1 at or past the end.
     */
    int read(long position, byte[] dst, int off, int len) throws IOException;

    /** Exactly {@code len} bytes at {@code position}, or {@link EOFException} when the object is shorter. */
    default byte[] readFully(long position, int len) throws IOException {
        byte[] out = new byte[len];
        int done = 0;
        while (done < len) {
            int n = read(position + done, out, done, len - done);
            if (n < 0) {
                throw new EOFException(name() + ": wanted " + len + " bytes at " + position + ", object ends at "
                        + size());
            }
            done += n;
        }
        return out;
    }

    /**
     * Exactly {@code len} bytes at {@code position}, fetched once and not kept: for bulk reads (a preview's pixel
     * rows) that would only push the metadata out of a source's cache and leave the heap full of evicted copies.
     * Sources without a cache read as {@link #readFully}.
     */
    default byte[] readOnce(long position, int len) throws IOException {
        return readFully(position, len);
    }

    /**
     * Each {@code [start, end)} range, fetched once and not kept, as {@link #readOnce}; a source that fetches over a
     * network fetches them side by side, so ranges known together cost one round trip.
     */
    default java.util.List<byte[]> readOnceAll(java.util.List<long[]> ranges) throws IOException {
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        for (long[] r : ranges) {
            out.add(readOnce(r[0], Math.toIntExact(r[1] - r[0])));
        }
        return out;
    }

    /**
     * Tells a caching source how far to read past a miss, from the caller's knowledge of its container (HDF5's
     * object headers are small and scattered; a TIFF's tag block is one run). Sources without a cache ignore it.
     */
    default void readAheadHint(int bytes) {
    }

    /**
     * Tells a caching source which ranges ({@code [start, end)} pairs) will be read next, so it can fetch them
     * together (one round trip) rather than one miss at a time. Sources without a cache ignore it.
     */
    default void prefetch(java.util.List<long[]> ranges) throws IOException {
    }

    /**
     * True when reading the byte at {@code position} costs no fetch (a caching source already holds it): a container
     * asks before fetching a window around a structure it is about to read, which would otherwise fetch a sliver past
     * what the first read brought. Sources without a cache say false.
     */
    default boolean holds(long position) {
        return false;
    }

    /** What reading this source has cost so far. */
    ReadStats stats();

    @Override
    default void close() throws IOException {
    }
}
