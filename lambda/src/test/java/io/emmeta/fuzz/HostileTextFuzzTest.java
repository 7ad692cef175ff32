package io.emmeta.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.testing.TiffBuilder;

/**
 * The text formats under the two mutations byte-level fuzzing cannot make, because they need thousands of bytes to
 * act: a long run (one character repeated up to tens of thousands of times, inside a key, a value, a header line)
 * and a repeated name (a key, a section, a sibling element repeated up to tens of thousands of times). Issue #12
 * found both classes taking seconds to minutes (backtracking patterns, {@code key#n} naming that probed every earlier
 * name); this target keeps them fixed. The input chooses a format (FEI INI in tag 34682, Zeiss CZ_SEM in tag 34118,
 * EMSA, Hitachi, DirectElectron info, JEOL SEM sidecar, EMXML), a small valid document of it, and a few edits: a
 * run, a repetition, fuzz bytes; the document stays within 1 MB. It goes through the whole chain
 * ({@link ChainCheck}) within {@link #MAX_CPU} of the worker's CPU time: inputs like these took from 7 s to minutes
 * before the fix.
 */
class HostileTextFuzzTest {

    /**
     * While fuzzing, Jazzer hooks every {@code Map.get}/{@code containsKey} in instrumented code and enumerates the
     * map's keys to find neighbours of the probed one: O(keys) per lookup, so tens of thousands of repeated names cost
     * the hook (not our code) quadratic time and hundreds of MB of iterators, all counted on the worker thread. The
     * fuzzing run therefore gets the usual 10 s and a 1 GB bound (still far below what the quadratic naming cost);
     * the replay of the seeds without hooks ({@code verify}) holds the tight bounds: 3 s of CPU and 256 MB. The
     * tight bound is on the worker's own CPU time, not the wall clock: on a loaded 2-core machine the wall clock of
     * a 0.7 s input reached 3 s, its CPU time did not; the wall clock keeps the generous hang guard.
     */
    static final boolean HOOKED = "1".equals(System.getenv("JAZZER_FUZZ"));
    static final Duration PER_INPUT = Contract.PER_INPUT;
    static final Duration MAX_CPU = HOOKED ? null : Duration.ofSeconds(Long.getLong("emmeta.fuzz.textSeconds", 3));
    static final long MAX_ALLOCATED = HOOKED ? 1L << 30 : Contract.MAX_ALLOCATED;
    /** Characters whose runs broke a pattern, or could: digits, blanks, separators, signs, exponent letters. */
    static final char[] RUN_CHARS = {'1', '0', ' ', '\t', '#', ':', '=', '-', '+', '.', 'e', 'E', ',', '[', '<', 'x',
        'K', '$', '"', ';', '\\', '\r'};
    static final int MAX_RUN = 40_000;
    static final int MAX_REPEAT = 30_000;
    /** The document stays within the sizes issue #12 tried (a few KB to 1 MB): a run times a repetition could not. */
    static final int MAX_DOC = 1 << 20;

    /** The formats, each as a list of lines ({@code \n}-joined, or as the format wants). */
    enum Kind {
        FEI_INI("[User]", "Date=12/23/2015", "Time=9:40 AM", "[Beam]", "HV=20000", "Spot=3.0", "[EBeam]",
                "WD=0.0041", "[Scan]", "PixelWidth=1.5e-009", "[Stage]", "StageX=0.001"),
        CZ_SEM(czSemLines()),
        EMSA("#FORMAT      : EMSA/MAS Spectral Data File", "#VERSION     : 1.0", "#TITLE       : fuzz",
                "#BEAMKV   -kV: 20.0", "#XUNITS      : eV", "#XPERCHAN    : 10.0", "#NPOINTS    : 3",
                "##OXINSTPT  : 5", "#SPECTRUM    : Spectral Data Starts Here", "1, 2", "3, 4", "#ENDOFDATA   :"),
        HITACHI("[SemImageFile]", "InstructName=S-4800", "AcceleratingVoltage=15000 Volt",
                "WorkingDistance=8100 um", "Magnification=5000", "PixelSize=24.8"),
        DE_INFO("Server Software Version = 2.7.3", "Camera Model = DE-64", "Sensor Module SN = 1",
                "Frames Per Second = 40.0", "Exposure Time (seconds) = 1.0", "Binning X = 1"),
        JEOL_SIDECAR("$CM_FORMAT JEOL/SEM", "$CM_VERSION 1.0", "$CM_INSTRUMENT JSM-7001F", "$CM_MAG 5000",
                "$CM_ACCEL_VOLT 15.0", "$SM_MICRON_BAR 50", "$$SM_SCAN_ROTATION 0"),
        EMXML("<?xml version=\"1.0\"?>", "<EMProject>", "<Name>p</Name>", "<Voltage>2000</Voltage>",
                "<Slice><Index>1</Index><Depth unit=\"nm\">10</Depth></Slice>", "</EMProject>");

        final String[] lines;

        Kind(String... lines) {
            this.lines = lines;
        }
    }

    private static String[] czSemLines() {
        String[] l = new String[35 + 8];
        for (int i = 0; i < 34; i++) {
            l[i] = "0";
        }
        l[34] = "4";
        String[] pairs = {"AP_WD", "WD = 8.5 mm", "AP_MAG", "Mag = 1.00 K X", "AP_HT", "EHT = 5.00 kV",
            "AP_PIXEL_SIZE", "Pixel Size = 1.1 nm"};
        System.arraycopy(pairs, 0, l, 35, pairs.length);
        return l;
    }

    @FuzzTest(maxDuration = "5m")
    void hostileText(FuzzedDataProvider in) {
        ChainCheck.holds(build(in), PER_INPUT, MAX_CPU, MAX_ALLOCATED);
    }

    static byte[] build(FuzzedDataProvider in) {
        Kind kind = in.pickValue(Kind.values());
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of(kind.lines));
        int edits = in.consumeInt(1, 4);
        long size = lines.stream().mapToLong(x -> x.length() + 2).sum();
        for (int e = 0; e < edits; e++) {
            long room = MAX_DOC - size;
            int line = in.consumeInt(0, lines.size() - 1);
            String l = lines.get(line);
            switch (in.consumeInt(0, 3)) {
                case 0 -> { // a run inside the line (a key, a value, the blank before a colon)
                    int at = in.consumeInt(0, l.length());
                    int n = (int) Math.min(in.consumeInt(1, MAX_RUN), Math.max(0, room));
                    String run = String.valueOf(in.pickValue(RUN_CHARS)).repeat(n);
                    lines.set(line, l.substring(0, at) + run + l.substring(at));
                    size += n;
                }
                case 1 -> { // the line repeated: a key or a single-line element many times
                    int n = (int) Math.min(in.consumeInt(2, MAX_REPEAT), Math.max(1, room / (l.length() + 2)));
                    lines.addAll(line + 1, java.util.Collections.nCopies(n - 1, l));
                    size += (long) (n - 1) * (l.length() + 2);
                }
                case 2 -> { // a block of lines (a section with its keys, a key/value pair) repeated
                    int len = in.consumeInt(1, Math.min(4, lines.size() - line));
                    java.util.List<String> block = java.util.List.copyOf(lines.subList(line, line + len));
                    long blockSize = block.stream().mapToLong(x -> x.length() + 2).sum();
                    int n = (int) Math.min(in.consumeInt(2, MAX_REPEAT / len), Math.max(1, room / blockSize));
                    size += (n - 1) * blockSize;
                    java.util.List<String> copies = new java.util.ArrayList<>(block.size() * n);
                    for (int i = 1; i < n; i++) {
                        copies.addAll(block);
                    }
                    lines.addAll(line + len, copies);
                }
                default -> { // fuzz bytes in the line
                    int at = in.consumeInt(0, l.length());
                    String s = in.consumeAsciiString(in.consumeInt(0, 64));
                    lines.set(line, l.substring(0, at) + s + l.substring(at));
                    size += s.length();
                }
            }
        }
        String eol = in.consumeBoolean() ? "\r\n" : "\n";
        String text = String.join(eol, lines) + eol;
        return switch (kind) {
            case FEI_INI -> tiffWith(TiffTags.FEI_HELIOS, text.getBytes(StandardCharsets.ISO_8859_1));
            case CZ_SEM -> tiffWith(TiffTags.ZEISS_CZ_SEM, nulTerminated(text));
            default -> text.getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    private static byte[] nulTerminated(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] tiffWith(int tag, byte[] payload) {
        return TiffBuilder.classic().image(64, 64).ascii(tag, payload).build();
    }
}
