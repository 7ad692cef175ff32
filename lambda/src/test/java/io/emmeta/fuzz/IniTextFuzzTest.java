package io.emmeta.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.read.text.IniText;

/**
 * The tolerant INI parser, then the same bytes as the FEI/Thermo 34682 block of a minimal TIFF through detection and
 * the xT reader (sections, units, the memento/XML fallbacks). Seeds: real xT INI blocks and small odd snippets.
 */
class IniTextFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void iniText(byte[] data) {
        Contract.holds(() -> {
            IniText.Decoded d = IniText.decode(data);
            IniText ini = IniText.parse(d.text());
            // what the parser promises: every line is a header, an entry or a stray, and nothing is invented
            long lines = d.text().chars().filter(c -> c == '\n' || c == '\r').count() + 1;
            int entries = ini.preamble().size() + ini.strays().size() + ini.sections().size()
                    + ini.sections().stream().mapToInt(s -> s.entries().size()).sum();
            assertTrue(entries <= lines, entries + " items from " + lines + " lines");
        });
        byte[] tiff = Inputs.tiffWith(TiffTags.FEI_HELIOS, data);
        Contract.holds(() -> Inputs.detectAndRead(tiff));
    }
}
