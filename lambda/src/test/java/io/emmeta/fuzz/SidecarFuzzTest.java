package io.emmeta.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The text sidecars through the chain: JEOL SEM {@code .txt} ({@code $KEY value} lines), Hitachi {@code .txt}
 * (INI), TESCAN {@code .hdr} (INI) and DirectElectron {@code info.txt} ({@code Key = value} lines), raw (libFuzzer
 * mutates the text) or patched ({@link Family}).
 */
class SidecarFuzzTest {

    static final Family FAMILY = new Family("public/odemis/jeol_example_sem.txt",
            "public/NexusLIMS/text_preview_jeol_ansi.txt", "public/Training_Program_2/sample-１_200倍(x200).txt",
            "tomo_mapper/tescan-minimal.hdr", "rosettasciio/info.txt", "tomo_mapper/image000.txt");

    @FuzzTest(maxDuration = "5m")
    void sidecar(byte[] data) {
        byte[] file = FAMILY.file(data);
        if (file != null) {
            ChainCheck.holds(file);
        }
    }
}
