package io.emmeta.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Spectroscopy files through the chain: Bruker {@code .bcf} (the SFS container, its zlib-compressed XML header),
 * EDAX {@code .spc} (a fixed binary header) and EMSA {@code .msa} (keyword text). Raw files or patched real ones
 * ({@link Family}).
 */
class EdsFuzzTest {

    static final Family FAMILY = new Family("public/rosettasciio/Hitachi_TM3030Plus.bcf",
            "public/NexusLIMS/647_leo_edax_test.spc", "public/NexusLIMS/647_leo_edax_test.msa");

    @FuzzTest(maxDuration = "5m")
    void eds(byte[] data) {
        byte[] file = FAMILY.file(data);
        if (file != null) {
            ChainCheck.holds(file);
        }
    }
}
