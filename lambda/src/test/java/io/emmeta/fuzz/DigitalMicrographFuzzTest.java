package io.emmeta.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The Gatan DM3/DM4 tag-tree reader over mutated real files: patches aimed at the bytes a clean read touches (the
 * header, tag entries, type descriptors, counts and lengths, in big- or little-endian), plus an optional cut. DM3
 * and DM4 differ in field widths (4- vs 8-byte counts), so both are bases.
 */
class DigitalMicrographFuzzTest {

    static final String[] BASES = {"rosettasciio/test_STEM_image.dm3", "public/openNCEM/dmTest_float32_nonSquare_diffPixelSize.dm4",
        "rosettasciio/test-EELS_spectrum.dm3"};
    private static PatchedCorpus corpus;

    static synchronized PatchedCorpus corpus() {
        if (corpus == null) {
            corpus = new PatchedCorpus(BASES);
        }
        return corpus;
    }

    @FuzzTest(maxDuration = "5m")
    void dmPatched(FuzzedDataProvider in) {
        byte[] input = corpus().mutant(in);
        Contract.holds(() -> Inputs.detectAndRead(input));
    }
}
