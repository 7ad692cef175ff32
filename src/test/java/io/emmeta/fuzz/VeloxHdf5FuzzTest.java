package io.emmeta.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.emmeta.core.container.Probe;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.InMemory;

/**
 * The Velox/HDF5 path (jHDF under {@code Hdf5Container}, then {@code VeloxEmdReader}) over mutated real files.
 * Random bytes almost never get past an HDF5 superblock, so this target is structure-aware: the fuzz input is a
 * recipe of patches applied to a real Velox file, aimed at the bytes a clean read actually touches (superblock,
 * object headers, heaps, B-trees, the Metadata JSON) — recorded once per base file — plus an optional cut. The
 * files are read from {@code ../shared/corpus} at run time, never copied into the repository.
 */
class VeloxHdf5FuzzTest {

    /** jHDF logs every open and lazy load at INFO: at thousands of inputs a second that is all the fuzzer would do. */
    private static final java.util.logging.Logger JHDF_LOG = java.util.logging.Logger.getLogger("io.jhdf");

    static {
        JHDF_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    static final String[] BASES = {"public/openNCEM/STEM HAADF Diffraction Micro.emd",
        "rosettasciio/fei_example_tem_stack.emd"};
    private static final List<Base> LOADED = new ArrayList<>();

    /** A real file and the byte ranges its clean read fetches, concatenated into one index space. */
    record Base(byte[] bytes, long[][] hot, long hotTotal) {
        long offsetAt(long index) {
            long i = Math.floorMod(index, hotTotal);
            for (long[] r : hot) {
                if (i < r[1]) {
                    return r[0] + i;
                }
                i -= r[1];
            }
            throw new IllegalStateException();
        }
    }

    static synchronized List<Base> bases() {
        if (LOADED.isEmpty()) {
            for (String b : BASES) {
                try {
                    byte[] bytes = Files.readAllBytes(Corpus.file(b));
                    InMemory rec = InMemory.fetcher(bytes);
                    try (Probe probe = new Probe(new CachingByteSource(rec, 512, 128 * 1024), b)) {
                        var d = Inputs.DETECTOR.detect(probe);
                        Inputs.READERS.forFormat(d.format()).read(probe, d);
                    }
                    long[][] hot = rec.fetched().toArray(long[][]::new);
                    LOADED.add(new Base(bytes, hot, Arrays.stream(hot).mapToLong(r -> r[1]).sum()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (Exception e) {
                    throw new IllegalStateException("base " + b + " does not read cleanly", e);
                }
            }
        }
        return LOADED;
    }

    /**
     * jHDF allocates an object header's buffer at the size the file declares (up to 2 GB) before reading it; nothing
     * outside jHDF can intercept that allocation. {@code ByteSourceChannel} stops the read that follows (it runs past
     * the end of the object), so a hostile file costs at most one such buffer rather than one per lying header (the
     * first finding here allocated 2.4 GB through several). The bound is that one buffer plus the usual budget;
     * {@code Extractor} turns an OutOfMemoryError from it into a TOO_LARGE record.
     */
    static final long JHDF_BOUND = (2L << 30) + Contract.MAX_ALLOCATED;

    /** Values that break sizes, offsets and counts. */
    private static final long[] INTERESTING = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffffL, 0xffffffffL,
        Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 1L << 40, 60000, 8, 48, 96};

    @FuzzTest(maxDuration = "5m")
    void veloxPatched(FuzzedDataProvider in) {
        List<Base> bases = bases();
        Base base = bases.get(in.consumeInt(0, bases.size() - 1));
        byte[] bytes = base.bytes.clone();
        int patches = in.consumeInt(0, 12);
        for (int p = 0; p < patches && in.remainingBytes() > 0; p++) {
            int at = (int) base.offsetAt(in.consumeLong());
            switch (in.consumeInt(0, 2)) {
                case 0 -> { // a few fuzzed bytes
                    byte[] v = in.consumeBytes(in.consumeInt(1, 16));
                    System.arraycopy(v, 0, bytes, at, Math.min(v.length, bytes.length - at));
                }
                case 1 -> { // an interesting integer, 2, 4 or 8 bytes wide, little-endian as HDF5 writes
                    long v = INTERESTING[in.consumeInt(0, INTERESTING.length - 1)];
                    int width = new int[] {2, 4, 8}[in.consumeInt(0, 2)];
                    byte[] le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
                    System.arraycopy(le, 0, bytes, at, Math.min(width, bytes.length - at));
                }
                default -> { // an offset pointing elsewhere in the structure (loops, overlaps)
                    long target = base.offsetAt(in.consumeLong());
                    byte[] le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(target).array();
                    System.arraycopy(le, 0, bytes, at, Math.min(8, bytes.length - at));
                }
            }
        }
        byte[] input = in.consumeBoolean() ? Arrays.copyOf(bytes, (int) base.offsetAt(in.consumeLong())) : bytes;
        Contract.holds(JHDF_BOUND, () -> Inputs.detectAndRead(input));
    }
}
