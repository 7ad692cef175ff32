package io.emmeta.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The whole chain over arbitrary bytes: detection, every reader, mapping, validation, under {@link ChainCheck}'s
 * contract (never throws; every problem typed and about the bytes; the record reads back as strict JSON). Seeds:
 * the same vendor skeletons as {@link TiffDetectFuzzTest} and whole small files of the other formats.
 */
class ExtractorFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void extract(byte[] data) {
        ChainCheck.holds(data);
    }
}
