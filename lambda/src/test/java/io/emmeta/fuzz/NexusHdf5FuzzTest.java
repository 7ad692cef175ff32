package io.emmeta.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The other HDF5 readers through the chain: Berkeley EMD (NCEM: {@code version_major} attributes, data groups,
 * microscope/user/comments groups) and Dectris NeXus masters and data files. Mostly patched real files, as
 * {@link VeloxHdf5FuzzTest} does (random bytes rarely pass an HDF5 superblock), with the same jHDF allocation bound.
 */
class NexusHdf5FuzzTest {

    static {
        java.util.logging.Logger.getLogger("io.jhdf").setLevel(java.util.logging.Level.WARNING);
    }

    static final Family FAMILY = new Family("rosettasciio/example_image.emd", "public/rosettasciio/test_00_master.h5",
            "public/rosettasciio/test_00_data_000001.h5");

    @FuzzTest(maxDuration = "5m")
    void nexusHdf5(byte[] data) {
        byte[] file = FAMILY.file(data);
        if (file != null) {
            ChainCheck.holds(file, VeloxHdf5FuzzTest.JHDF_BOUND);
        }
    }
}
