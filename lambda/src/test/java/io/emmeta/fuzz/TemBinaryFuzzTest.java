package io.emmeta.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Binary image formats with a reader of their own, through the chain: FEI TIA {@code .emi} (a binary header, then
 * XML) and {@code .ser} (offset arrays, dimension and tag tables), MRC (the 1024-byte header, extended headers, the
 * DirectElectron movie variant) and Phenom {@code .elid} (a bzip2 archive of images and XML). Raw files or patched
 * real ones ({@link Family}).
 */
class TemBinaryFuzzTest {

    static final Family FAMILY = new Family("public/rosettasciio/64x64_TEM_images_acquire.emi",
            "public/rosettasciio/64x64_TEM_images_acquire_1.ser", "public/rosettasciio/128x128-TEM_search_1.ser",
            "rosettasciio/HAADFscan.mrc", "public/rosettasciio/Elid2Version1.elid", "rosettasciio/Elid2Version4.elid");

    @FuzzTest(maxDuration = "5m")
    void temBinary(byte[] data) {
        byte[] file = FAMILY.file(data);
        if (file != null) {
            ChainCheck.holds(file);
        }
    }
}
