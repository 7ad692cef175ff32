package io.emmeta.core.read.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class IniTextTest {

    @Test
    void sectionsKeysAndLineEndings() {
        IniText ini = IniText.parse("[User]\r\nDate=08/18/2020\r\nUser=user\n[Beam]\rHV=15000\r\nScan=EScan");
        assertEquals(2, ini.sections().size());
        assertEquals("User", ini.sections().get(0).name());
        assertEquals("08/18/2020", ini.sections().get(0).entries().get(0).value());
        IniText.Section beam = ini.sections().get(1);
        assertEquals("HV", beam.entries().get(0).key());
        assertEquals("EScan", beam.entries().get(1).value());
        assertEquals(6, beam.entries().get(1).line());
        assertTrue(ini.strays().isEmpty());
    }

    @Test
    void keepsDuplicatesEmptyValuesCaseAndFreeText() {
        IniText ini = IniText.parse("""
                [MultiGISUnit1]
                Port=4
                [MultiGISGas1]
                GasName=Pt
                [MultiGISUnit2]
                Port=5
                [MultiGISGas1]
                GasName=W
                GasName=C
                [User]
                UserText=run #3 ; see C:\\data\\
                EmissionCurrent=
                stagex=1
                StageX=2
                Expr=a=b
                """);
        assertEquals(5, ini.sections().size());
        assertEquals("MultiGISGas1", ini.sections().get(3).name());
        assertEquals("W", ini.sections().get(3).entries().get(0).value());
        assertEquals("C", ini.sections().get(3).entries().get(1).value(), "duplicate key kept");
        IniText.Section user = ini.sections().get(4);
        assertEquals("run #3 ; see C:\\data\\", user.entries().get(0).value(), "'#', ';' and '\\' are text");
        assertEquals("", user.entries().get(1).value());
        assertEquals("stagex", user.entries().get(2).key());
        assertEquals("StageX", user.entries().get(3).key());
        assertEquals("a=b", user.entries().get(4).value(), "split at the first '=' only");
    }

    @Test
    void linesWithoutEqualsAndBlankRunsAreTolerated() {
        String blanks = "\r\n".repeat(100);
        IniText ini = IniText.parse("[Beam]\r\nBeam=IRBeam\r\nScan=" + blanks + "[GIS]\r\nNumber=4\r\n"
                + "[HiResIllumination]\r\nDarkFieldIsOn=\r\nDarkField");
        assertEquals(3, ini.sections().size());
        assertEquals(1, ini.strays().size());
        assertEquals("DarkField", ini.strays().get(0).text());
        assertEquals("HiResIllumination", ini.strays().get(0).section());
        assertEquals(107, ini.strays().get(0).line());
    }

    @Test
    void preambleBeforeFirstSection() {
        IniText ini = IniText.parse("Version=2\n\n[A]\nx=1");
        assertEquals("Version", ini.preamble().get(0).key());
        assertEquals(1, ini.sections().size());
    }

    @Test
    void decodeStopsAtNulAndFallsBackToLatin1() {
        byte[] b = "[User]\r\nUser=M\u00fcller\r\n\0\0\0".getBytes(StandardCharsets.UTF_8);
        IniText.Decoded d = IniText.decode(b);
        assertEquals(StandardCharsets.UTF_8, d.charset());
        assertTrue(d.text().endsWith("M\u00fcller\r\n"));
        assertEquals(0, d.bytesAfterNul());

        byte[] latin = "[User]\r\nUser=M\u00fcller 5\u00b5m".getBytes(StandardCharsets.ISO_8859_1);
        IniText.Decoded l = IniText.decode(latin);
        assertEquals(StandardCharsets.ISO_8859_1, l.charset());
        assertTrue(l.text().endsWith("M\u00fcller 5\u00b5m"));

        byte[] afterNul = "[A]\nx=1\0garbage".getBytes(StandardCharsets.US_ASCII);
        assertEquals(7, IniText.decode(afterNul).bytesAfterNul());
        assertEquals(0, IniText.decode(new byte[] {1, 2, 3, 'a'}).bytesAfterNul());
        assertEquals(3, IniText.decode(new byte[] {1, 2, 3, 'a'}).controlChars());
    }

    @Test
    void bomIsDropped() {
        byte[] b = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '[', 'A', ']'};
        assertEquals("[A]", IniText.decode(b).text());
    }

    @Test
    void lenientNumbers() {
        assertEquals(1.6e-9, (Double) LenientNumbers.parse("1.6e-009"), 1e-24);
        assertEquals(15000L, LenientNumbers.parse(" 15000 "));
        assertEquals(-9.45602e-10, (Double) LenientNumbers.parse("-9.45602e-010"), 1e-24);
        assertInstanceOf(Double.class, LenientNumbers.parse("1.0"));
        assertEquals(0L, LenientNumbers.parse("0"));
        assertNull(LenientNumbers.parse("0000000000000000000000"), "zero-padded digits are not a quantity");
        assertNull(LenientNumbers.parse("007"));
        assertNull(LenientNumbers.parse("320030003200310030003700320033005F0031003000"));
        assertNull(LenientNumbers.parse("12345678901234567890123"));
        assertNull(LenientNumbers.parse("notafloat"));
        assertNull(LenientNumbers.parse("NaN"));
        assertNull(LenientNumbers.parse("1.#QNAN"));
        assertNull(LenientNumbers.parse("14.5.1.432"));
        assertNull(LenientNumbers.parse(""));
    }
}
