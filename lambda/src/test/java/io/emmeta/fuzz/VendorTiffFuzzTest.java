package io.emmeta.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * TVIPS and TESCAN TIFFs through the chain: the TVIPS binary header in tag 37706 and TESCAN's INI-like text in tag
 * 50431. Raw inputs are metadata skeletons of the real files (every IFD entry kept, pixels dropped) and hand-made
 * TIFFs; recipes patch the real files where a clean read looks ({@link Family}).
 */
class VendorTiffFuzzTest {

    static final Family FAMILY = new Family("public/rosettasciio/TVIPS_bin4.tif", "public/odemis/tescan_example_sem1.tif");

    @FuzzTest(maxDuration = "5m")
    void vendorTiff(byte[] data) {
        byte[] file = FAMILY.file(data);
        if (file != null) {
            ChainCheck.holds(file);
        }
    }
}
