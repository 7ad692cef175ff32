package io.emmeta.core.read.thermo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.FormatDetector;
import io.emmeta.core.format.Detection;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.source.CachingByteSource;

class ThermoXtTiffReaderTest {

    private static final Path CORPUS = Path.of("../shared/corpus");
    private static final Path SLICE = CORPUS.resolve("tomo_mapper/SEM_Image-SliceImage-001.tif");
    private static final Path HELIOS_EBEAM = CORPUS.resolve("rosettasciio/FEI-Helios-Ebeam-8bits.tif");
    private static final Path NAVCAM = CORPUS.resolve("rosettasciio/FEI-Helios-navcam.tif");
    private static final Path BAD_FLOATS = CORPUS.resolve("rosettasciio/FEI-Helios-navcam-with-no-IRBeam-bad-floats.tif");
    private static final Path ION = CORPUS.resolve("public/DeMarcoLab-fibsem/2022-11-17.01-35-21PM_ib.tif");
    private static final Path ION2 = CORPUS.resolve("public/DeMarcoLab-fibsem/test_image_2.tif");
    private static final Path SCIOS = CORPUS.resolve("public/odemis/tfs_example.tif");
    private static final Path TENEO = CORPUS.resolve("public/imageio-binaries/fei-sem-rbc.tif");
    private static final Path QUANTA = CORPUS.resolve("public/scythe/20_quanta_sem.tif");

    private static final Detection DETECTION = new Detection(ThermoXtTiffReader.FORMAT, "tiff", List.of("test"));

    private final ThermoXtTiffReader reader = new ThermoXtTiffReader();

    // ---------------------------------------------------------------- real files

    @Test
    void heliosG4PfibSliceAllThreeTags() throws Exception {
        ReadResult r = read(SLICE);
        MetadataTree t = r.primary();
        assertQuantity(t, "EBeam/HV", 15000, "V");
        assertQuantity(t, "EBeam/WD", 0.00402349, "m");
        assertQuantity(t, "EBeam/BeamCurrent", 1.6e-9, "A");
        assertQuantity(t, "EBeam/ApertureDiameter", 4.53e-5, "m");
        assertQuantity(t, "EBeam/TiltCorrectionAngle", 0.977384, "rad");
        assertQuantity(t, "EScan/Dwell", 3e-7, "s");
        assertQuantity(t, "EScan/FrameTime", 0.494592, "s");
        assertQuantity(t, "Scan/PixelWidth", 3.85417e-7, "m");
        assertQuantity(t, "Scan/PixelHeight", 3.85417e-7, "m");
        assertQuantity(t, "Stage/StageX", 0.000225271, "m");
        assertQuantity(t, "Stage/StageT", 0.336851, "rad");
        assertQuantity(t, "Vacuum/ChPressure", 0.00012, "Pa");
        assertEquals(1536L, t.get("Image/ResolutionX").value());
        assertEquals(1024L, t.get("Image/ResolutionY").value());
        assertEquals("EBeam", t.text("Beam/Beam"));
        assertEquals("EScan", t.text("Beam/Scan"));
        assertEquals("Helios G4 PFIB CXe", t.text("System/SystemType"));
        assertEquals("9952707", t.get("System/Dnumber").value(), "serial stays text");
        assertEquals("14.5.1.432", t.text("System/Software"));
        assertEquals("08/18/2020", t.text("User/Date"));
        assertEquals("01:40:03 PM", t.text("User/Time"));
        assertEquals("18.08.2020 13:40:03", t.text("PrivateFei/TimeOfCreation"));
        assertEquals(Boolean.FALSE, t.get("EBeam/TiltCorrectionIsOn").value());
        assertEquals(Boolean.TRUE, t.get("Scan/InternalScan").value());
        assertEquals(Boolean.FALSE, t.get("EBeam/MagnificationCorrection").value(), "listed On/Off switch");
        assertEquals(Boolean.FALSE, t.get("EScan/Mainslock").value());
        assertNull(t.getNode("EBeam/EmissionCurrent"), "empty values are omitted");
        assertNull(t.getNode("EBeam/PreTilt"));

        // 34683 <Metadata> XML
        assertEquals("Helios G4 PFIB CXe", t.text("FEI_TITAN/Instrument/InstrumentClass"));
        assertEquals("2020-08-18T13:40:03", t.text("FEI_TITAN/Acquisition/AcquisitionDatetime"));
        Value px = t.get("FEI_TITAN/BinaryResult/PixelSize/X");
        assertEquals("m", px.unit());
        assertEquals(3.85417e-7, px.asDouble(), 1e-12);

        // 34680 base64 memento, typed and with unit enums
        assertQuantity(t, "FEI_SFEG/EBeam/HighVoltage", 15000, "V");
        assertQuantity(t, "FEI_SFEG/EBeam/Current", 1.6e-9, "A");
        assertQuantity(t, "FEI_SFEG/EBeam/TiltCorrectionAngle", 0.97738438111682457, "rad");
        assertQuantity(t, "FEI_SFEG/Chamber/Pressure", 0.00012, "Pa");
        assertQuantity(t, "FEI_SFEG/Detectors/ETD/Gain", 19.563424634233861, "dB");
        assertEquals(1536L, t.get("FEI_SFEG/EBeam/Resolution/X").value());
        assertEquals(Boolean.FALSE, t.get("FEI_SFEG/Chamber/ESEMAvailable").value());
        assertEquals("9952707", t.get("FEI_SFEG/System/DNumber").value(), "declared q1:string stays text");
        assertEquals("2020-08-18T13:40:03", t.text("FEI_SFEG/View/Date"));
        assertNull(t.getNode("FEI_SFEG/System/Accessories"), "empty memento value omitted");
        assertNull(t.getNode("FEI_SFEG/UseCases"), "empty memento section omitted");

        assertTrue(r.warnings().isEmpty(), () -> "warnings: " + r.warnings());
        assertTrue(t.leafCount() > 300, "INI + XML + memento: " + t.leafCount());
    }

    @Test
    void heliosNanoLab660ElectronImage() throws Exception {
        ReadResult r = read(HELIOS_EBEAM);
        MetadataTree t = r.primary();
        assertQuantity(t, "EBeam/HV", 5000, "V");
        assertQuantity(t, "Beam/HV", 5000, "V");
        assertEquals("Helios NanoLab\" 660", t.text("System/SystemType"), "stray quote kept as written");
        assertEquals("9922607", t.text("System/Dnumber"));
        assertEquals("06/13/2016", t.text("User/Date"));
        assertEquals("05:06:40 PM", t.text("User/Time"));
        assertEquals("13.06.2016 17:06:40", t.text("PrivateFei/TimeOfCreation"));
        assertEquals("ETD", t.text("Detectors/Name"));
        assertNotNull(t.getTree("ETD"), "the detector's own section");
        assertNull(t.getNode("FEI_TITAN"));
        assertTrue(r.warnings().isEmpty(), () -> "warnings: " + r.warnings());
    }

    @Test
    void ionBeamImagesUseIBeamAndIScan() throws Exception {
        for (Path p : List.of(ION, ION2)) {
            ReadResult r = read(p);
            MetadataTree t = r.primary();
            assertEquals("IBeam", t.text("Beam/Beam"), p.toString());
            assertEquals("IScan", t.text("Beam/Scan"));
            assertNull(t.getNode("EBeam"), "no electron-beam section in an ion image");
            assertNull(t.getNode("EScan"));
            assertQuantity(t, "IBeam/HV", 30000, "V");
            assertQuantity(t, "IBeam/BeamCurrent", 2e-11, "A");
            assertEquals("Argon", t.text("IBeam/Source"));
            assertEquals("Helios G4 PFIB UNSPE", t.text("System/SystemType"));
            assertEquals("9925949", t.text("System/Dnumber"));
            assertEquals("Ion", t.text("FEI_TITAN/Acquisition/BeamType"));
            assertTrue(r.warnings().isEmpty(), () -> "warnings: " + r.warnings());
        }
        MetadataTree t = read(ION).primary();
        assertQuantity(t, "IScan/PixelWidth", 2.60417e-7, "m");
        assertQuantity(t, "IScan/Dwell", 1e-6, "s");
        assertQuantity(t, "IBeam/WD", 0.0165, "m");
        assertEquals("17.11.2022 13:47:24", t.text("PrivateFei/TimeOfCreation"));
    }

    @Test
    void navCamHasNoScanSection() throws Exception {
        ReadResult r = read(NAVCAM);
        MetadataTree t = r.primary();
        assertEquals("IRBeam", t.text("Beam/Beam"));
        assertNull(t.getNode("Beam/Scan"), "empty Scan= is omitted, so ${Beam/Scan} resolves to nothing");
        assertNull(t.getNode("Beam/HV"));
        assertNull(t.getNode("Scan"));
        assertQuantity(t, "IRBeam/HFW", 0.202732, "m");
        assertQuantity(t, "IRBeam/VFW", 0.135155, "m");
        assertEquals(768L, t.get("Image/ResolutionX").value());
        assertEquals("Nav-Cam", t.text("Detectors/Name"));
        assertEquals("USER TEXTFOR NAVCAM FIB", t.text("User/UserText"));
        assertEquals("0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
                t.get("User/UserTextUnicode").value(), "hex-coded text is not the number 0");
        // [MultiGISGas1..6] under [MultiGISUnit1]
        assertEquals("Pt", t.text("MultiGISGas2/GasName"));
        assertTrue(r.warnings().isEmpty(), () -> "warnings: " + r.warnings());
    }

    @Test
    void badFloatsKeptAsTextWithWarnings() throws Exception {
        ReadResult r = read(BAD_FLOATS);
        MetadataTree t = r.primary();
        assertEquals("notafloat", t.get("Beam/HV").value());
        assertEquals("notafloat", t.get("Stage/WorkingDistance").value());
        assertQuantity(t, "Stage/StageX", 0.0699197, "m");
        assertNull(t.getNode("IRBeam"), "the file has no [IRBeam] section");
        assertEquals("17.05.2022 09:07:08", t.text("PrivateFei/TimeOfCreation"), "sections after ~100 blank lines read");
        assertEquals("Helios NanoLab\" 660", t.text("System/SystemType"));
        assertTrue(hasWarning(r, ErrorCode.MALFORMED_TEXT, "Beam/HV"), () -> "warnings: " + r.warnings());
        assertTrue(hasWarning(r, ErrorCode.MALFORMED_TEXT, "Stage/WorkingDistance"));
        assertTrue(hasWarning(r, ErrorCode.MALFORMED_TEXT, "'DarkField'"), "bare line reported, not fatal");
    }

    @Test
    void sciosTeneoQuanta() throws Exception {
        MetadataTree scios = read(SCIOS).primary();
        assertEquals("Scios", scios.text("System/SystemType"));
        assertEquals("9923184", scios.text("System/Dnumber"));
        assertQuantity(scios, "EBeam/HV", 2000, "V");
        assertQuantity(scios, "EBeam/WD", 0.00681643, "m");
        assertEquals("11/10/2023", scios.text("User/Date"));
        assertEquals("10.11.2023 14:09:15", scios.text("PrivateFei/TimeOfCreation"));

        MetadataTree teneo = read(TENEO).primary();
        assertEquals("Teneo", teneo.text("System/SystemType"));
        assertEquals("9924053", teneo.text("System/Dnumber"));
        assertQuantity(teneo, "EBeam/HV", 2000, "V");
        assertQuantity(teneo, "EBeam/WD", 0.00965589, "m");
        assertEquals("27.10.2016 13:16:51", teneo.text("PrivateFei/TimeOfCreation"));

        MetadataTree quanta = read(QUANTA).primary();
        assertEquals("Quanta FEG", quanta.text("System/SystemType"));
        assertEquals("D8439", quanta.text("System/Dnumber"));
        assertQuantity(quanta, "EBeam/HV", 30000, "V");
        assertQuantity(quanta, "EBeam/WD", 0.00625552, "m");
        assertEquals("03/03/2022", quanta.text("User/Date"));
        assertEquals("05:27:45 PM", quanta.text("User/Time"));
        assertEquals("4.1.15.2218", quanta.text("System/Software"));
    }

    @Test
    void readCostIsReported() throws Exception {
        for (Path p : List.of(SLICE, ION, HELIOS_EBEAM, QUANTA)) {
            try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
                Detection d = new FormatDetector(io.emmeta.core.Readers.registry()).detect(probe);
                assertEquals(ThermoXtTiffReader.FORMAT, d.format());
                reader.read(probe, d);
                System.out.printf("read cost %s: size %d, bytesRead %d, requests %d%n", p.getFileName(), src.size(),
                        src.stats().bytesRead(), src.stats().requests());
                assertTrue(src.stats().requests() > 0);
            }
        }
    }

    // ---------------------------------------------------------------- crafted broken variants

    @Test
    void binaryGarbageInsideTheIniIsReportedNotFatal(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(HELIOS_EBEAM);
        int ini = indexOf(b, "[User]\r\nDate=".getBytes(StandardCharsets.US_ASCII));
        Random rnd = new Random(42);
        for (int i = ini + 600; i < ini + 1400; i++) {
            b[i] = (byte) (1 + rnd.nextInt(255)); // never NUL: the text must not simply end early
        }
        ReadResult r = read(write(dir, "garbage.tif", b));
        assertEquals("06/13/2016", r.primary().text("User/Date"), "text before the garbage still read");
        assertEquals("13.06.2016 17:06:40", r.primary().text("PrivateFei/TimeOfCreation"), "and after it");
        assertTrue(hasWarning(r, ErrorCode.MALFORMED_TEXT, "control characters"), () -> "warnings: " + r.warnings());
    }

    @Test
    void iniReplacedByBinaryIsMalformedText(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(HELIOS_EBEAM);
        int ini = indexOf(b, "[User]\r\nDate=".getBytes(StandardCharsets.US_ASCII));
        Random rnd = new Random(7);
        for (int i = ini; i < ini + 3233 - 1; i++) {
            byte x;
            do {
                x = (byte) (1 + rnd.nextInt(255));
            } while (x == '[');
            b[i] = x;
        }
        ExtractionException e = assertThrows(ExtractionException.class, () -> read(write(dir, "binary.tif", b)));
        assertEquals(ErrorCode.MALFORMED_TEXT, e.code());
    }

    @Test
    void nulInsideTheIniIsReported(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(HELIOS_EBEAM);
        int ini = indexOf(b, "[User]\r\nDate=".getBytes(StandardCharsets.US_ASCII));
        b[ini + 1000] = 0;
        ReadResult r = read(write(dir, "nul.tif", b));
        assertEquals("supervisor", r.primary().text("User/User"));
        assertTrue(hasWarning(r, ErrorCode.MALFORMED_TEXT, "after its terminating NUL"), () -> "" + r.warnings());
    }

    @Test
    void truncatedCopiesGiveTypedResults(@TempDir Path dir) throws Exception {
        for (Path src : List.of(HELIOS_EBEAM, ION, SLICE)) {
            byte[] full = Files.readAllBytes(src);
            int n = full.length;
            for (int cut : new int[] {4, 8, 100, 1000, 3500, n / 2, n - 5000, n - 100, n - 1}) {
                Path p = write(dir, "cut-" + cut + "-" + src.getFileName(), java.util.Arrays.copyOf(full, cut));
                try {
                    // Only possible when header, IFD and tags lie before the cut (IFD and INI at the start).
                    ReadResult r = read(p);
                    assertFalse(r.primary().isEmpty(), src.getFileName() + " cut at " + cut);
                } catch (ExtractionException e) {
                    assertTrue(Set.of(ErrorCode.TRUNCATED, ErrorCode.CORRUPT).contains(e.code()),
                            src.getFileName() + " cut at " + cut + ": " + e.code() + " " + e.getMessage());
                } catch (RuntimeException e) {
                    fail(src.getFileName() + " cut at " + cut + " threw " + e);
                }
            }
        }
        // The ion files keep IFD and INI in the first 8 KB: cut mid-pixels, the metadata is whole.
        byte[] ion = Files.readAllBytes(ION);
        ReadResult r = read(write(dir, "ion-half.tif", java.util.Arrays.copyOf(ion, ion.length / 2)));
        assertQuantity(r.primary(), "IBeam/HV", 30000, "V");
        assertTrue(hasWarning(r, ErrorCode.TRUNCATED, "pixel data"));
        // The Helios 660 file keeps IFD and INI in its last 7 KB: any cut loses them.
        byte[] helios = Files.readAllBytes(HELIOS_EBEAM);
        ExtractionException e = assertThrows(ExtractionException.class,
                () -> read(write(dir, "helios-cut.tif", java.util.Arrays.copyOf(helios, helios.length - 100))));
        assertEquals(ErrorCode.TRUNCATED, e.code(), e.getMessage());
    }

    @Test
    void absurdTagCountIsTyped(@TempDir Path dir) throws Exception {
        // Helios 660: the INI is the only FEI tag. A 2 GB count makes the container drop the entry.
        byte[] helios = Files.readAllBytes(HELIOS_EBEAM);
        assertTrue(patchCount(helios, ThermoXtTiffReader.TAG_FEI_HELIOS, 0x7fffffff));
        ExtractionException e = assertThrows(ExtractionException.class, () -> read(write(dir, "count.tif", helios)));
        assertEquals(ErrorCode.TOO_LARGE, e.code(), e.getMessage());

        // Ion image: the container drops the INI entry (Commons Imaging skips entries whose payload lies outside
        // the file); the XML is still read and the loss is reported.
        byte[] ion = Files.readAllBytes(ION);
        assertTrue(patchCount(ion, ThermoXtTiffReader.TAG_FEI_HELIOS, 0x7fffffff));
        ReadResult r = read(write(dir, "count-ion.tif", ion));
        assertNull(r.primary().getNode("Beam"));
        assertEquals("Ion", r.primary().text("FEI_TITAN/Acquisition/BeamType"));
        assertTrue(hasWarning(r, ErrorCode.TOO_LARGE, "tag 34682"), () -> "warnings: " + r.warnings());
    }

    /** Sets the count of {@code tag} in the first IFD of a little-endian TIFF. */
    private static boolean patchCount(byte[] b, int tag, int count) {
        int ifd = (b[4] & 0xff) | (b[5] & 0xff) << 8 | (b[6] & 0xff) << 16 | (b[7] & 0xff) << 24;
        int entries = (b[ifd] & 0xff) | (b[ifd + 1] & 0xff) << 8;
        for (int i = 0; i < entries; i++) {
            int at = ifd + 2 + 12 * i;
            if (((b[at] & 0xff) | (b[at + 1] & 0xff) << 8) == tag) {
                for (int k = 0; k < 4; k++) {
                    b[at + 4 + k] = (byte) (count >>> (8 * k));
                }
                return true;
            }
        }
        return false;
    }

    @Test
    void xxeInTitanXmlIsRefusedAndTheIniStillRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "EMMETA-XXE-MARKER");
        byte[] b = Files.readAllBytes(ION);
        int xml = indexOf(b, "<?xml version=\"1.0\"?>\r\n<Metadata".getBytes(StandardCharsets.US_ASCII));
        int end = indexOf(b, "</Metadata>".getBytes(StandardCharsets.US_ASCII)) + "</Metadata>".length();
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE Metadata [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\">]><Metadata><Core><Guid>&xxe;</Guid></Core></Metadata>";
        byte[] payload = evil.getBytes(StandardCharsets.US_ASCII);
        assertTrue(payload.length <= end - xml);
        for (int i = xml; i < end; i++) {
            b[i] = ' ';
        }
        System.arraycopy(payload, 0, b, xml, payload.length);

        ReadResult r = read(write(dir, "xxe.tif", b));
        assertTrue(hasWarning(r, ErrorCode.XML_REJECTED, "FEI_TITAN"), () -> "warnings: " + r.warnings());
        assertNull(r.primary().getNode("FEI_TITAN"));
        assertFalse(containsText(r.original(), "EMMETA-XXE-MARKER"), "the entity was not expanded");
        assertQuantity(r.primary(), "IBeam/HV", 30000, "V");
    }

    @Test
    void malformedTitanXmlCostsOnlyAWarning(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(ION);
        int core = indexOf(b, "</Core>".getBytes(StandardCharsets.US_ASCII));
        b[core + 2] = 'X'; // </CXre>: mismatched end tag
        ReadResult r = read(write(dir, "badxml.tif", b));
        assertTrue(hasWarning(r, ErrorCode.MALFORMED_TEXT, "FEI_TITAN"), () -> "warnings: " + r.warnings());
        assertEquals("IBeam", r.primary().text("Beam/Beam"));
    }

    @Test
    void brokenMementoCostsOnlyAWarning(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(SLICE);
        // The same base64 text also occurs earlier in the file; the tag payload is the last copy.
        int at = lastIndexOf(b, "77u/PD94bWwg".getBytes(StandardCharsets.US_ASCII));
        for (int i = at + 100; i < at + 200; i++) {
            b[i] = '!'; // not base64
        }
        ReadResult r = read(write(dir, "memento.tif", b));
        assertTrue(hasWarning(r, ErrorCode.MALFORMED_TEXT, "FEI_SFEG"), () -> "warnings: " + r.warnings());
        assertNull(r.primary().getNode("FEI_SFEG"));
        assertQuantity(r.primary(), "EBeam/HV", 15000, "V");
        assertNotNull(r.primary().getNode("FEI_TITAN"));
    }

    // ---------------------------------------------------------------- helpers

    private ReadResult read(Path p) throws IOException, ExtractionException {
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return reader.read(probe, DETECTION);
        }
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static void assertQuantity(MetadataTree t, String path, double expected, String unit) {
        Value v = t.get(path);
        assertNotNull(v, path + " missing");
        assertTrue(v.isNumber(), path + " is not a number: " + v);
        assertEquals(expected, v.asDouble(), Math.abs(expected) * 1e-9 + 1e-30, path);
        assertEquals(unit, v.unit(), path + " unit");
    }

    private static boolean hasWarning(ReadResult r, ErrorCode code, String fragment) {
        return r.warnings().stream().anyMatch(w -> w.code() == code && w.message().contains(fragment));
    }

    private static boolean containsText(MetadataTree t, String s) {
        for (Map.Entry<String, Object> e : t.entries().entrySet()) {
            if (e.getValue() instanceof MetadataTree c ? containsText(c, s) : String.valueOf(e.getValue()).contains(s)) {
                return true;
            }
        }
        return false;
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = hay.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("marker not found");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("marker not found");
    }
}
