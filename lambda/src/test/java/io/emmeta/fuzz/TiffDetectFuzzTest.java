package io.emmeta.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.testing.InMemory;

/**
 * Arbitrary bytes into the IFD walk and into content detection. Seeds: metadata skeletons of real vendor TIFFs
 * (every IFD entry and tag payload kept, pixels dropped) and their BigTIFF / big-endian rewrites.
 */
class TiffDetectFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void containerAndDetection(byte[] data) {
        Contract.holds(() -> {
            TiffContainer tiff = TiffContainer.read(InMemory.source(data));
            for (TiffPage p : tiff.pages()) {
                // the decoding helpers readers use must not throw on any typed field
                p.width();
                p.height();
                p.ascii(TiffPage.IMAGE_DESCRIPTION);
                p.fields().keySet().forEach(p::bytes);
            }
        });
        Contract.holds(() -> {
            try (Probe probe = new Probe(InMemory.source(data), "fuzz")) {
                Inputs.DETECTOR.detect(probe);
            }
        });
    }
}
