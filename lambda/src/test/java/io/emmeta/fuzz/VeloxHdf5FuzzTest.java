package io.emmeta.fuzz;


import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;


/**
 * The Velox/HDF5 path (jHDF under {@code Hdf5Container}, then {@code VeloxEmdReader}) over mutated real files.
 * Random bytes almost never get past an HDF5 superblock, so the input is a {@link PatchedCorpus} recipe aimed at the
 * bytes a clean read touches (superblock, object headers, heaps, B-trees, the Metadata JSON).
 */
class VeloxHdf5FuzzTest {

    /** jHDF logs every open and lazy load at INFO: at thousands of inputs a second that is all the fuzzer would do. */
    private static final java.util.logging.Logger JHDF_LOG = java.util.logging.Logger.getLogger("io.jhdf");

    static {
        JHDF_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    static final String[] BASES = {"public/openNCEM/STEM HAADF Diffraction Micro.emd",
        "rosettasciio/fei_example_tem_stack.emd"};
    private static PatchedCorpus corpus;

    static synchronized PatchedCorpus corpus() {
        if (corpus == null) {
            corpus = new PatchedCorpus(BASES);
        }
        return corpus;
    }

    /**
     * jHDF allocates an object header's buffer at the size the file declares (up to 2 GB) before reading it; nothing
     * outside jHDF can intercept that allocation. {@code ByteSourceChannel} stops the read that follows (it runs past
     * the end of the object), so a hostile file costs at most one such buffer rather than one per lying header (the
     * first finding here allocated 2.4 GB through several). The bound is that one buffer plus the usual budget;
     * {@code Extractor} turns an OutOfMemoryError from it into a TOO_LARGE record.
     */
    static final long JHDF_BOUND = (2L << 30) + Contract.MAX_ALLOCATED;

    @FuzzTest(maxDuration = "5m")
    void veloxPatched(FuzzedDataProvider in) {
        byte[] input = corpus().mutant(in);
        Contract.holds(JHDF_BOUND, () -> Inputs.detectAndRead(input));
    }
}
