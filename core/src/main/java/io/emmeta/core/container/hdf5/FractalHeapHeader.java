package io.emmeta.core.container.hdf5;

import java.nio.ByteBuffer;

/**
 * The fields of a fractal heap header (HDF5 spec, "Fractal Heap Header", signature {@code FRHP}) that say where a
 * dense group's link messages are: the root block (a direct block of objects, or an indirect block of direct blocks)
 * and the doubling table that sizes its blocks. Read by the prefetch only; jHDF reads and checks the heap itself.
 */
record FractalHeapHeader(int flags, int tableWidth, long startingBlockSize, long maxDirectBlockSize,
        int maxHeapSizeBits, long rootBlock, int rootRows, boolean filtered) {

    private static final int CHECKSUMMED_DIRECT_BLOCKS = 0x02;

    /** Bytes of an unfiltered header, with its checksum. */
    static int bytes(int offsets, int lengths) {
        return 22 + 12 * lengths + 3 * offsets + 4;
    }

    /** The header in {@code b}, or null when it is not one (signature, version) or its sizes are out of reason. */
    static FractalHeapHeader of(ByteBuffer b, int offsets, int lengths) {
        if (b.limit() < bytes(offsets, lengths) || b.get(0) != 'F' || b.get(1) != 'R' || b.get(2) != 'H'
                || b.get(3) != 'P' || b.get(4) != 0) {
            return null;
        }
        boolean filtered = (b.getShort(7) & 0xffff) != 0;
        int flags = b.get(9) & 0xff;
        int table = 14 + 10 * lengths + 2 * offsets; // past the counts of managed, huge and tiny objects
        int width = b.getShort(table) & 0xffff;
        long start = LinkMessage.unsigned(b, table + 2, lengths);
        long maxDirect = LinkMessage.unsigned(b, table + 2 + lengths, lengths);
        int heapBits = b.getShort(table + 2 + 2 * lengths) & 0xffff;
        long root = LinkMessage.unsigned(b, table + 6 + 2 * lengths, offsets);
        int rows = b.getShort(table + 6 + 2 * lengths + offsets) & 0xffff;
        if (width == 0 || width > 1 << 12 || start <= 0 || maxDirect < start || heapBits == 0 || heapBits > 64) {
            return null;
        }
        return new FractalHeapHeader(flags, width, start, maxDirect, heapBits, root, rows, filtered);
    }

    /** Bytes of a block's offset field in the heap's address space. */
    int blockOffsetBytes() {
        return (maxHeapSizeBits + 7) / 8;
    }

    /** Bytes before a direct block's first object: signature, version, heap address, block offset, checksum. */
    int directBlockPrefix(int offsets) {
        return 5 + offsets + blockOffsetBytes() + ((flags & CHECKSUMMED_DIRECT_BLOCKS) != 0 ? 4 : 0);
    }

    /** The size of the blocks of {@code row} in the doubling table: the first two rows start size, then doubling. */
    long rowBlockSize(int row) {
        return row <= 1 ? startingBlockSize : startingBlockSize << Math.min(row - 1, 40);
    }
}
