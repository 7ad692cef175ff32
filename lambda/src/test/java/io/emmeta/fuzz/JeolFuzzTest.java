package io.emmeta.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * JEOL Analysis Station files through the chain: the {@code .ASW} project, {@code .img}/{@code .map} images and the
 * {@code .pts} spectrum image (magic numbers, then a tagged tree of named groups and typed values). Raw files or
 * patched real ones ({@link Family}).
 */
class JeolFuzzTest {

    static final Family FAMILY = new Family("public/rosettasciio/rawdata.ASW", "public/rosettasciio/181019-BN.ASW",
            "public/rosettasciio/Sample/00_View000/View000_0000000.img",
            "public/rosettasciio/Sample/00_View000/View000_0000001.map",
            "public/rosettasciio/Dummy-Data_0000007.pts");

    @FuzzTest(maxDuration = "5m")
    void jeol(byte[] data) {
        byte[] file = FAMILY.file(data);
        if (file != null) {
            ChainCheck.holds(file);
        }
    }
}
