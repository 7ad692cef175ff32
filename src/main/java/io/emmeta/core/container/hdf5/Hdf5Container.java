package io.emmeta.core.container.hdf5;

import java.io.Closeable;
import java.net.URI;

import io.emmeta.core.source.ByteSource;
import io.emmeta.core.source.ByteSourceChannel;
import io.jhdf.HdfFile;

/**
 * An HDF5 file opened by jHDF over ranged reads. jHDF reads superblock, object headers and B-tree nodes on
 * demand through the channel; the block cache under the source turns its many small reads into a few fetches.
 */
public final class Hdf5Container implements Closeable {

    private final HdfFile file;

    private Hdf5Container(HdfFile file) {
        this.file = file;
    }

    public static Hdf5Container open(ByteSource source) {
        // jHDF turns the URI's path into a java.nio Path for naming only (no file is opened), so it needs one.
        URI uri = URI.create("file:///emmeta-source/" + Integer.toHexString(System.identityHashCode(source)));
        return new Hdf5Container(new HdfFile(new ByteSourceChannel(source), uri));
    }

    public HdfFile file() {
        return file;
    }

    @Override
    public void close() {
        file.close();
    }
}
