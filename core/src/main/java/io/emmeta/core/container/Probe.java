package io.emmeta.core.container;

import java.io.Closeable;
import java.io.IOException;

import io.emmeta.core.container.hdf5.Hdf5Container;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.source.ByteSource;

/**
 * One object under inspection: its source, its first bytes, and the container structure parsed at most once
 * (by detection, then reused by the reader).
 */
public final class Probe implements Closeable {

    public static final int HEAD_BYTES = 4096;

    private final ByteSource source;
    private final String name;
    private byte[] head;
    private TiffContainer tiff;
    private Hdf5Container hdf5;
    private io.emmeta.core.container.hdf5.Hdf5Prefetch.Plan hdf5Walk = io.emmeta.core.container.hdf5.Hdf5Prefetch.ROOT;

    public Probe(ByteSource source, String name) {
        this.source = source;
        this.name = name;
    }

    /** What the readers will visit of an HDF5 file, prefetched when it is opened (default: the root's listing). */
    public Probe hdf5Walk(io.emmeta.core.container.hdf5.Hdf5Prefetch.Plan plan) {
        this.hdf5Walk = plan;
        return this;
    }

    public ByteSource source() {
        return source;
    }

    /** The object's name (key or file name): used only for sidecar pairing and messages, never for detection. */
    public String name() {
        return name;
    }

    public long size() throws IOException {
        return source.size();
    }

    /** Up to the first {@value #HEAD_BYTES} bytes. */
    public byte[] head() throws IOException {
        if (head == null) {
            int n = (int) Math.min(HEAD_BYTES, source.size());
            head = source.readFully(0, n);
        }
        return head;
    }

    public TiffContainer tiff() throws IOException, ExtractionException {
        if (tiff == null) {
            tiff = TiffContainer.read(source);
        }
        return tiff;
    }

    public Hdf5Container hdf5() {
        if (hdf5 == null) {
            hdf5 = Hdf5Container.open(source, hdf5Walk);
        }
        return hdf5;
    }

    /**
     * The HDF5 view for a reader: as {@link #hdf5()}, with jHDF's refusal to open the file typed (TRUNCATED for a cut
     * upload, else CORRUPT) instead of escaping as an unchecked library exception.
     */
    public Hdf5Container readableHdf5() throws ExtractionException {
        try {
            return hdf5();
        } catch (RuntimeException | StackOverflowError e) {
            throw Hdf5Container.failure(source, e, "HDF5 structure");
        }
    }

    /** The HDF5 view if it was opened (successfully) already; null otherwise. Never opens one. */
    public Hdf5Container openedHdf5() {
        return hdf5;
    }

    @Override
    public void close() {
        if (hdf5 != null) {
            hdf5.close();
        }
    }
}
