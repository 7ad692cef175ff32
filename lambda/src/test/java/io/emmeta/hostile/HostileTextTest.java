package io.emmeta.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.testing.Chain;
import io.emmeta.testing.TiffBuilder;

/**
 * Issue #12, round two, the text part: inputs of a few KB that made a regular expression backtrack (cubic or
 * quadratic time), names repeated tens of thousands of times (each new {@code key#n} probing all earlier ones),
 * nesting that overflowed the stack and a number too long for a long. Every input is generated here. Each case goes
 * through the whole chain ({@link Chain#extractBroken}: a typed record, never INTERNAL, a generous wall-clock bound)
 * and must cost at most {@link #FAST_MS} of the test thread's CPU time; the times are printed ("hostile-text: case
 * bytes ms cpu-ms") so before/after figures can be compared.
 * docs/robustness.md lists the figures measured on the code before the fix.
 */
class HostileTextTest {

    /**
     * CPU time of the extracting thread, not wall-clock time: on a loaded 2-core machine a case's wall clock grew
     * past this bound while its CPU time stayed in the milliseconds. Each case takes milliseconds now, and seconds to
     * minutes of CPU before the fix.
     */
    static final long FAST_MS = 2_000;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
            .getThreadMXBean();

    @TempDir
    Path dir;

    /** The first extraction in a JVM loads and compiles the whole chain; that is not what is measured here. */
    @BeforeAll
    static void warmUp(@TempDir Path tmp) throws Exception {
        byte[][] small = {
            tiffWith(TiffTags.FEI_HELIOS, "[Beam]\nHV=20000\n".getBytes(StandardCharsets.US_ASCII)),
            tiffWith(TiffTags.ZEISS_CZ_SEM, czSem("AP_WD", "WD = 1.5 mm").getBytes(StandardCharsets.US_ASCII)),
            "<?xml version=\"1.0\"?><EMProject><A>1</A></EMProject>".getBytes(StandardCharsets.US_ASCII),
            "[SemImageFile]\r\nInstructName=S-4800\r\n".getBytes(StandardCharsets.US_ASCII),
            dm3WithRepeatedTags(3)};
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < small.length; i++) {
                Path p = tmp.resolve("warm" + i + (i == 2 ? ".emxml" : i == 3 ? ".txt" : i == 4 ? ".dm3" : ".tif"));
                Files.write(p, small[i]);
                Chain.extract(p);
            }
        }
    }

    // ---------------------------------------------------------------- regular-expression backtracking

    @Test
    void emsaHeaderLineOfSpacesWithoutAColon() throws Exception {
        // "#" + spaces + one more character, no colon: the EMSA line pattern tried every split (cubic).
        String text = "#FORMAT      : EMSA/MAS Spectral Data File\n#VERSION     : 1.0\n#" + " ".repeat(1500) + "x\n"
                + "#SPECTRUM    : Spectral Data Starts Here\n";
        ExtractionRecord r = fast("emsa-spaces.msa", text.getBytes(StandardCharsets.US_ASCII));
        assertEquals("EMSA/MAS Spectral Data File", r.original().at("/FORMAT").asText());
    }

    @Test
    void emsaLinesStillParseAsBefore() throws Exception {
        String text = "#FORMAT      : EMSA/MAS Spectral Data File\n#BEAMKV   -kV: 20.0\n#XUNITS  : eV\n"
                + "#TITLE - a-b : x:y\n##OXINSTPT  : 5\n#SPECTRUM    : Spectral Data Starts Here\n";
        ExtractionRecord r = fast("emsa-ok.msa", text.getBytes(StandardCharsets.US_ASCII));
        assertEquals(20.0, r.original().at("/BEAMKV/value").asDouble());
        assertEquals("kV", r.original().at("/BEAMKV/unit").asText());
        // the shortest keyword that leaves "-word" before the colon: "TITLE - a", unit "b" (as the old pattern said)
        assertEquals("x:y", r.original().at("/TITLE - a").asText(), r.original().toString());
        assertEquals(5, r.original().at("/vendor/OXINSTPT").asInt());
    }

    @Test
    void longDigitRunInAnFeiIniValue() throws Exception {
        for (int n : new int[] {2_000, 16_000}) {
            byte[] ini = ("[Beam]\nHV=" + "1".repeat(n) + "x\n[EBeam]\nWD=" + "2".repeat(n) + ".5.\n")
                    .getBytes(StandardCharsets.US_ASCII);
            fast("fei-digits-" + n + ".tif", tiffWith(TiffTags.FEI_HELIOS, ini));
        }
    }

    @Test
    void longDigitRunInAZeissValue() throws Exception {
        for (int n : new int[] {2_000, 16_000}) {
            String digits = "1".repeat(n);
            byte[] cz = czSem("AP_WD", "WD = " + digits + "x mm", "AP_MAG", "Mag = " + digits + "Q K X",
                    "AP_HT", "EHT = " + digits + " kV kV").getBytes(StandardCharsets.ISO_8859_1);
            fast("zeiss-digits-" + n + ".tif", tiffWith(TiffTags.ZEISS_CZ_SEM, cz));
        }
    }

    @Test
    void longDigitRunInAHitachiValue() throws Exception {
        for (int n : new int[] {2_000, 16_000}) {
            String text = "[SemImageFile]\r\nInstructName=S-4800\r\nAcceleratingVoltage=" + "1".repeat(n)
                    + "x Volt\r\nWorkingDistance=" + "2".repeat(n) + " um um\r\n";
            fast("hitachi-digits-" + n + ".txt", text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void longDigitRunInAnEmxmlValue() throws Exception {
        for (int n : new int[] {2_000, 16_000}) {
            String xml = "<?xml version=\"1.0\"?><EMProject><Voltage>" + "1".repeat(n) + "x</Voltage><Name>p</Name>"
                    + "</EMProject>";
            fast("emxml-digits-" + n + ".emxml", xml.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void longRunOfSpacesInADirectElectronInfoLine() throws Exception {
        for (int n : new int[] {2_000, 16_000}) {
            String text = "Server Software Version = 2.7.3\nCamera Model = DE-64\nSensor Module SN = 1\n"
                    + "a" + " ".repeat(n) + "b\n";
            ExtractionRecord r = fast("de-spaces-" + n + ".txt", text.getBytes(StandardCharsets.US_ASCII));
            assertTrue(r.warnings().stream().allMatch(p -> p.message().length() < 1_000),
                    "a warning quotes a bounded excerpt of the line");
        }
    }

    @Test
    void overlongValuesAreCutWithAWarning() throws Exception {
        byte[] ini = ("[Beam]\nHV=20000\n[User]\nUser=" + "A".repeat(1 << 20) + "\n").getBytes(StandardCharsets.US_ASCII);
        ExtractionRecord r = fast("fei-long-value.tif", tiffWith(TiffTags.FEI_HELIOS, ini));
        assertTrue(r.warnings().stream().anyMatch(p -> p.code() == ErrorCode.MALFORMED_TEXT
                && p.message().contains("too long")), "the cut is said: " + r.warnings());
        assertTrue(r.original().at("/User/User").asText().length() <= 64 * 1024, "the value is cut");
    }

    // ---------------------------------------------------------------- repeated names

    @Test
    void repeatedKeysInAnFeiIni() throws Exception {
        byte[] ini = ("[Beam]\nHV=20000\n[User]\n" + "Key=1\n".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
        ExtractionRecord r = fast("fei-keys.tif", tiffWith(TiffTags.FEI_HELIOS, ini));
        assertEquals(1, r.original().at("/User/Key#20000").asInt());
    }

    @Test
    void repeatedSectionsInAnFeiIni() throws Exception {
        byte[] ini = ("[Beam]\nHV=20000\n" + "[S]\nK=1\n".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
        ExtractionRecord r = fast("fei-sections.tif", tiffWith(TiffTags.FEI_HELIOS, ini));
        assertEquals(1, r.original().at("/S#20000/K").asInt());
    }

    @Test
    void repeatedSiblingsInEmxml() throws Exception {
        String xml = "<?xml version=\"1.0\"?><EMProject>" + "<Slice>1</Slice>".repeat(20_000) + "</EMProject>";
        ExtractionRecord r = fast("emxml-siblings.emxml", xml.getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, r.original().at("/Slice#20000").asInt());
    }

    @Test
    void repeatedKeysInAHitachiSidecar() throws Exception {
        String text = "[SemImageFile]\r\nInstructName=S-4800\r\n" + "Key=1\r\n".repeat(20_000);
        ExtractionRecord r = fast("hitachi-keys.txt", text.getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, r.original().at("/SemImageFile/Key#20000").asInt());
    }

    @Test
    void repeatedKeysInZeissCzSem() throws Exception {
        String[] pairs = new String[2 * 20_000];
        for (int i = 0; i < 20_000; i++) {
            pairs[2 * i] = "AP_WD";
            pairs[2 * i + 1] = "WD = 1.5 mm";
        }
        byte[] cz = czSem(pairs).getBytes(StandardCharsets.ISO_8859_1);
        ExtractionRecord r = fast("zeiss-keys.tif", tiffWith(TiffTags.ZEISS_CZ_SEM, cz));
        assertNotNull(r.original().get("AP_WD#20000"), r.original().toString().substring(0, 300));
    }

    @Test
    void repeatedTagNamesInDm3() throws Exception {
        ExtractionRecord r = fast("dm-names.dm3", dm3WithRepeatedTags(20_000));
        assertEquals(7, r.original().at("/Key#20000").asInt(), r.original().toString().substring(0, 200));
    }

    @Test
    void entriesPastTheLimitAreDroppedWithOneCountedWarning() throws Exception {
        int n = io.emmeta.core.model.MetadataTree.MAX_ENTRIES + 5_000;
        String text = "[SemImageFile]\r\nInstructName=S-4800\r\n" + "Key=1\r\n".repeat(n);
        ExtractionRecord r = fast("hitachi-too-many.txt", text.getBytes(StandardCharsets.US_ASCII));
        long said = r.warnings().stream().filter(p -> p.message().contains("entries dropped")).count();
        assertEquals(1, said, "one warning carries the count: " + r.warnings());
        Problem p = r.warnings().stream().filter(w -> w.message().contains("entries dropped")).findFirst().get();
        assertTrue(p.message().contains("5001 more entries dropped"), p.message());
        // the reader's section keeps MAX_ENTRIES; the record then keeps at most MAX_ORIGINAL_VALUES of them and says so
        int kept = Math.min(io.emmeta.core.model.MetadataTree.MAX_ENTRIES, io.emmeta.core.Extractor.MAX_ORIGINAL_VALUES);
        assertTrue(Math.abs(kept - r.original().at("/SemImageFile").size()) <= 1,
                "section kept " + r.original().at("/SemImageFile").size() + " entries, expected about " + kept);
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("larger than a record keeps")),
                "the record's own bound is reported: " + r.warnings());
    }

    // ---------------------------------------------------------------- INTERNAL: stack overflow, number format

    @Test
    void deeplyNestedXmlInATiaEmi() throws Exception {
        int depth = 200_000;
        String xml = "<ObjectInfo><ExperimentalDescription><Root><Data><Label>Mode</Label><Value>"
                + "<a>".repeat(depth) + "x" + "</a>".repeat(depth)
                + "</Value></Data></Root></ExperimentalDescription></ObjectInfo>";
        byte[] head = {'J', 'K', 0, 2, 0, 0, 0, 0};
        ExtractionRecord r = fast("deep.emi", concat(head, new byte[1024], xml.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ErrorCode.MALFORMED_TEXT, r.errors().get(0).code(), r.errors().toString());
    }

    @Test
    void deeplyNestedXmlIsRefusedByTheParser() {
        int depth = 200_000;
        byte[] xml = ("<r>" + "<a>".repeat(depth) + "</a>".repeat(depth) + "</r>").getBytes(StandardCharsets.US_ASCII);
        long t0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        io.emmeta.core.problem.ExtractionException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.emmeta.core.problem.ExtractionException.class, () -> io.emmeta.core.read.xml.SafeXml.parse(xml));
        assertEquals(ErrorCode.MALFORMED_TEXT, e.code());
        report("xml-depth", xml.length, (System.nanoTime() - t0) / 1_000_000,
                (THREADS.getCurrentThreadCpuTime() - cpu0) / 1_000_000);
    }

    @Test
    void jeolPixelCountBeyondALong() throws Exception {
        ExtractionRecord r = fast("pixels.pts", jeolPts("99999999999999999999x1"));
        assertTrue(r.warnings().stream().anyMatch(p -> p.code() == ErrorCode.CORRUPT
                && p.message().contains("Pixels")), r.warnings().toString());
        ExtractionRecord ok = fast("pixels-ok.pts", jeolPts("256x128"));
        assertTrue(ok.warnings().stream().noneMatch(p -> p.message().contains("Pixels")), ok.warnings().toString());
    }

    // ---------------------------------------------------------------- the deadline ends the work

    @Test
    void anInterruptedExtractionStopsInsideTheTextReaders() {
        io.emmeta.core.Extractor extractor = io.emmeta.core.Extractor.standard(new com.fasterxml.jackson.databind.ObjectMapper());
        Object[][] cases = {
            {"ini.tif", tiffWith(TiffTags.FEI_HELIOS, "[Beam]\nHV=1\n".repeat(1000).getBytes(StandardCharsets.US_ASCII))},
            {"cz.tif", tiffWith(TiffTags.ZEISS_CZ_SEM, czSem("AP_WD", "WD = 1.5 mm").getBytes(StandardCharsets.US_ASCII))},
            {"x.msa", "#FORMAT : EMSA/MAS Spectral Data File\n#A : 1\n".getBytes(StandardCharsets.US_ASCII)},
            {"info.txt", "Server Software Version = 1\nA = 1\n".getBytes(StandardCharsets.US_ASCII)},
            {"h.txt", "[SemImageFile]\r\nA=1\r\n".getBytes(StandardCharsets.US_ASCII)},
            {"x.emxml", "<?xml version=\"1.0\"?><EMProject><A>1</A></EMProject>".getBytes(StandardCharsets.US_ASCII)},
            {"x.dm3", dm3WithRepeatedTags(10)}};
        for (Object[] c : cases) {
            byte[] bytes = (byte[]) c[1];
            ExtractionRecord r;
            Thread.currentThread().interrupt(); // what the timeout does to the extracting thread
            try {
                r = extractor.extract(io.emmeta.testing.InMemory.source(bytes),
                        io.emmeta.core.output.ExtractionRecord.SourceInfo.file((String) c[0], bytes.length),
                        io.emmeta.core.UploadContext.NONE).record();
            } finally {
                Thread.interrupted();
            }
            assertEquals(ErrorCode.TIMEOUT, r.errors().isEmpty() ? null : r.errors().get(0).code(), c[0] + ": " + r.errors());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A JEOL .pts header (magic 304, PTTDFILE) and a tree holding only PTTD Data/AnalyzableMap MeasData/Meas Cond/Pixels. */
    static byte[] jeolPts(String pixels) {
        ByteBuffer h = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 304).put(4, "PTTDFILE".getBytes(StandardCharsets.US_ASCII), 0, 8).putInt(20, 500)
                .putDouble(296, 45000.0);
        ByteArrayOutputStream tree = new ByteArrayOutputStream();
        String[] groups = {"PTTD Data", "AnalyzableMap MeasData", "Meas Cond"};
        for (String g : groups) {
            jeolEntry(tree, g, 0, new byte[0]);
        }
        jeolEntry(tree, "Pixels", 20, (pixels + "\0").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i <= groups.length; i++) {
            tree.write(0xFF); // end of the children of Pixels, Meas Cond, AnalyzableMap MeasData, PTTD Data
        }
        return concat(h.array(), tree.toByteArray());
    }

    static void jeolEntry(ByteArrayOutputStream out, String name, int type, byte[] value) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + n.length + 8 + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).putInt(n.length).put(n).putInt(type).putInt(value.length).put(value);
        out.writeBytes(b.array());
    }

    ExtractionRecord fast(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        long t0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        ExtractionRecord r;
        try {
            r = Chain.extractBroken(p, name);
        } finally {
            report(name, bytes.length, (System.nanoTime() - t0) / 1_000_000,
                    (THREADS.getCurrentThreadCpuTime() - cpu0) / 1_000_000);
        }
        long ms = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
        for (Problem e : r.errors()) {
            assertNotEquals(ErrorCode.INTERNAL, e.code(), name + ": " + e);
            assertNotEquals(ErrorCode.TIMEOUT, e.code(), name + ": " + e);
        }
        assertTrue(ms < FAST_MS, name + ": " + bytes.length + " bytes took " + ms + " ms of CPU");
        return r;
    }

    static void report(String name, int bytes, long ms, long cpuMs) {
        System.out.println("hostile-text: " + name + " " + bytes + " bytes " + ms + " ms " + cpuMs + " cpu-ms");
    }

    static byte[] tiffWith(int tag, byte[] payload) {
        return TiffBuilder.classic().image(64, 64).ascii(tag, payload).build();
    }

    /** A CZ_SEM block: 34 header numbers, the entry count, then KEY / "Label = value" line pairs. */
    static String czSem(String... keyAndLine) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 34; i++) {
            b.append("0\r\n");
        }
        b.append(keyAndLine.length / 2).append("\r\n");
        for (int i = 0; i + 1 < keyAndLine.length; i += 2) {
            b.append(keyAndLine[i]).append("\r\n").append(keyAndLine[i + 1]).append("\r\n");
        }
        return b.toString();
    }

    /** A DM3 file whose root group holds {@code n} int32 data tags all named "Key" (value 7). */
    static byte[] dm3WithRepeatedTags(int n) {
        ByteArrayOutputStream tags = new ByteArrayOutputStream();
        byte[] name = "Key".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            ByteBuffer b = ByteBuffer.allocate(1 + 2 + name.length + 4 + 4 + 4 + 4).order(ByteOrder.BIG_ENDIAN);
            b.put((byte) 21).putShort((short) name.length).put(name).put("%%%%".getBytes(StandardCharsets.US_ASCII));
            b.putInt(1).putInt(3);
            b.order(ByteOrder.LITTLE_ENDIAN).putInt(7);
            tags.writeBytes(b.array());
        }
        byte[] body = tags.toByteArray();
        ByteBuffer f = ByteBuffer.allocate(12 + 2 + 4 + body.length + 8).order(ByteOrder.BIG_ENDIAN);
        f.putInt(3).putInt(body.length + 6).putInt(1);
        f.put((byte) 0).put((byte) 0).putInt(n).put(body).putLong(0);
        return f.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
