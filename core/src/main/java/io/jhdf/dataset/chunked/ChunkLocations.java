package io.jhdf.dataset.chunked;

import io.jhdf.api.dataset.ChunkedDataset;

/**
 * Where a chunk of a chunked dataset lies in the file, without reading it: jHDF 0.13 keeps its chunk index
 * ({@code getChunkLookup}) protected and its only public chunk accessors read the chunk's bytes, which for a
 * multi-GB stack is a whole frame. Living in jHDF's package gives access to the index (the class path has no modules).
 */
public final class ChunkLocations {

    private ChunkLocations() {
    }

    /**
     * The chunk starting at element {@code offset} (one value per dimension, a multiple of the chunk size): its file
     * address, stored size in bytes and filter mask bits, or null when the chunk was never written.
     */
    public static long[] of(ChunkedDataset dataset, long[] offset) {
        if (!(dataset instanceof ChunkedDatasetBase base)) {
            return null;
        }
        Chunk chunk = base.getChunkLookup().get(new ChunkOffset(offset.clone()));
        if (chunk == null) {
            return null;
        }
        long mask = chunk.getFilterMask() == null || chunk.getFilterMask().isEmpty() ? 0
                : chunk.getFilterMask().toLongArray()[0];
        return new long[] {chunk.getAddress(), chunk.getSize(), mask};
    }
}
