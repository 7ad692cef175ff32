package io.emmeta.core.container.hdf5;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.ChunkOffset;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;

/**
 * Where a chunk of a chunked dataset lies in the file, without reading it. jHDF 0.13 keeps its chunk index
 * ({@code ChunkedDatasetBase.getChunkLookup}) protected, and its public chunk accessors read the chunk's bytes, which
 * for a multi-GB stack is a whole frame. The index is reached by reflection: a class placed in jHDF's package cannot
 * reach it under Quarkus, whose class loaders put the two halves of such a split package in different runtime
 * packages (IllegalAccessError). The native image registers the method (reflect-config.json).
 */
final class ChunkLocations {

    private static final Method LOOKUP = lookup();

    private ChunkLocations() {
    }

    private static Method lookup() {
        try {
            Method m = ChunkedDatasetBase.class.getDeclaredMethod("getChunkLookup");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // a jHDF without this index: chunked previews give their typed warning
        }
    }

    /**
     * The chunk starting at element {@code offset} (one value per dimension, a multiple of the chunk size): its file
     * address, stored size in bytes and filter mask bits, or null when the chunk was never written.
     */
    static long[] of(ChunkedDataset dataset, long[] offset) throws ExtractionException {
        if (LOOKUP == null || !(dataset instanceof ChunkedDatasetBase)) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: this HDF5 library's chunk index is"
                    + " out of reach, so a chunked image is not previewed");
        }
        Map<?, ?> index;
        try {
            index = (Map<?, ?>) LOOKUP.invoke(dataset);
        } catch (IllegalAccessException e) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: the HDF5 chunk index is out of reach: "
                    + e.getMessage());
        } catch (InvocationTargetException e) {
            // what jHDF threw while reading the index: the caller (Hdf5Container.call) types it as for any jHDF read
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
        Object found = index.get(new ChunkOffset(offset.clone()));
        if (!(found instanceof Chunk chunk)) {
            return null;
        }
        long mask = chunk.getFilterMask() == null || chunk.getFilterMask().isEmpty() ? 0
                : chunk.getFilterMask().toLongArray()[0];
        return new long[] {chunk.getAddress(), chunk.getSize(), mask};
    }
}
