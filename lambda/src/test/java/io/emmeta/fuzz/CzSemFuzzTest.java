package io.emmeta.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.testing.TiffBuilder;

/**
 * The Zeiss CZ_SEM text path: the fuzz bytes are the 34118 payload of a minimal TIFF, read by detection and the
 * SmartSEM reader. Inputs of even length also carry a UTF-16LE copy in 34119 (re-encoded from the same bytes, as
 * SmartSEM writes it), so the reconciliation of the two copies is fuzzed as well. Seeds: real 34118 blocks.
 */
class CzSemFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void czSemPayload(byte[] data) {
        TiffBuilder b = TiffBuilder.classic().image(1024, 768).ascii(TiffTags.ZEISS_CZ_SEM, data);
        if ((data.length & 1) == 0 && data.length > 0) {
            b.bytes(TiffTags.ZEISS_CZ_SEM_UTF16, Inputs.utf16le(data));
        }
        byte[] tiff = b.build();
        Contract.holds(() -> Inputs.detectAndRead(tiff));
    }
}
