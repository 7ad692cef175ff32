package io.emmeta.core.read.velox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.FormatDetector;
import io.emmeta.core.format.Detection;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

class VeloxEmdReaderTest {

    static final String TEM_STACK = "rosettasciio/fei_example_tem_stack.emd";
    static final String DPC = "rosettasciio/fei_example_dpc_titles.emd";
    static final String SI = "rosettasciio/Test SI 16x16 215 kx.emd";
    static final String EELS_EDS = "rosettasciio/example_velox_EELS_EDS.emd";
    static final String CETA_DIFF = "public/openNCEM/Camera Ceta Diffraction Micro.emd";
    static final String STEM_HAADF = "public/openNCEM/STEM HAADF Diffraction Micro.emd";
    static final String SCIFI_IMAGE = "public/SciFiDatasets/EMDReader_Image_FEI.emd";
    static final String SCIFI_SPECTRUM = "public/SciFiDatasets/EMDReader_Spectrum_FEI.emd";
    static final Detection VELOX = new Detection(VeloxEmdReader.FORMAT, "hdf5", List.of("test"));

    static ReadResult read(Path p) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new VeloxEmdReader().read(probe, new FormatDetector(io.emmeta.core.Readers.registry()).detect(probe));
        }
    }

    static ReadResult read(String corpus) throws Exception {
        return read(Corpus.file(corpus));
    }

    /** The reader alone on possibly broken bytes (detection may no longer say Velox for a cut file). */
    static ReadResult readAsVelox(Path p) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new VeloxEmdReader().read(probe, VELOX);
        }
    }

    static ExtractionRecord extract(Path p) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p)) {
            return Extractor.standard(new ObjectMapper()).extract(src, SourceInfo.file(p.toString(), Files.size(p)),
                    UploadContext.NONE).record();
        }
    }

    // ------------------------------------------------------------------ real files, real values

    @Test
    void temImageStackFrameZeroWithUnitsAndLastFrame() throws Exception {
        ReadResult r = read(TEM_STACK);
        MetadataTree p = r.primary();
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        assertEquals(2L, p.get("frames").value());
        assertEquals(300000L, p.get("Optics/AccelerationVoltage").value());
        assertEquals("V", p.get("Optics/AccelerationVoltage").unit());
        assertEquals(3950L, p.get("Optics/ExtractorVoltage").value());
        assertEquals(1271519.155, p.get("Optics/NominalMagnification").asDouble(), 1e-6);
        assertNull(p.get("Optics/NominalMagnification").unit());
        assertEquals(0.478, p.get("Optics/CameraLength").asDouble(), 1e-12);
        assertEquals("m", p.get("Optics/CameraLength").unit());
        assertEquals(3.0231699205257632e-08, p.get("Optics/Defocus").asDouble(), 1e-20);
        assertEquals("m", p.get("Optics/Defocus").unit());
        assertEquals(0.011411208809441558, p.get("Optics/BeamConvergence").asDouble(), 1e-15);
        assertEquals("rad", p.get("Optics/BeamConvergence").unit());
        assertEquals(1L, p.get("Optics/OperatingMode").value());
        assertEquals(1.2240794999999906e-05, p.get("Stage/Position/x").asDouble(), 1e-18);
        assertEquals("m", p.get("Stage/Position/z").unit());
        assertEquals(-0.21967359999999991, p.get("Stage/AlphaTilt").asDouble(), 1e-15);
        assertEquals("rad", p.get("Stage/AlphaTilt").unit());
        assertEquals("FEI Double Tilt", p.text("Stage/HolderType"));
        assertEquals(0.8, p.get("Detectors/Detector-0/ExposureTime").asDouble(), 1e-12);
        assertEquals("s", p.get("Detectors/Detector-0/ExposureTime").unit());
        assertEquals(0.002, p.get("Optics/Apertures/Aperture-0/Diameter").asDouble(), 1e-15);
        assertEquals("m", p.get("Optics/Apertures/Aperture-0/Diameter").unit());
        assertEquals(0.00015, p.get("derived/aperturesByName/C2").asDouble(), 1e-12);
        assertEquals("BM-Ceta", p.text("BinaryResult/Detector"));
        assertEquals(8.1728831922978511e-12, p.get("BinaryResult/PixelSize/width").asDouble(), 1e-24);
        assertEquals("m", p.get("BinaryResult/PixelSize/width").unit(), "unit from PixelUnitX");
        assertEquals(Boolean.FALSE, p.get("Optics/EFTEMOn").value());
        // raw epoch seconds stay raw; the mapping converts them
        assertEquals(1575540224L, p.get("Acquisition/AcquisitionStartDatetime/DateTime").value());
        // identifiers and versions stay text
        assertEquals("00000000000000000000000000000000", p.text("Core/guid"));
        assertEquals("7.9", p.get("Core/MetadataDefinitionVersion").value());
        assertEquals("3492", p.get("Instrument/InstrumentId").value());
        // CustomProperties keep {type, value}; the value typed as declared
        assertEquals("bool", p.text("CustomProperties/StemMagnification/type"));
        assertEquals(Boolean.FALSE, p.get("CustomProperties/StemMagnification/value").value());
        assertEquals("150", p.get("CustomProperties/Aperture[C2].Name/value").value(), "declared string stays text");
        assertEquals(1575540226238991L, p.get("CustomProperties/Detectors[BM-Ceta].TimeStamp/value").value());
        assertEquals("µs", p.get("CustomProperties/Detectors[BM-Ceta].TimeStamp/value").unit());
        // the last frame: only what changed
        assertEquals(1L, p.get("lastFrame/CustomProperties/Detectors[BM-Ceta].FrameID/value").value());
        assertEquals(1575540227038967L, p.get("lastFrame/CustomProperties/Detectors[BM-Ceta].TimeStamp/value").value());
        assertNull(p.get("lastFrame/Optics/AccelerationVoltage"));
        assertTrue(p.text("varyingAcrossFrames").contains("TimeStamp"), p.text("varyingAcrossFrames"));
        // file-level facts for the mapping
        assertEquals("Image", p.text("Emd/kind"));
        assertEquals("26f60320a61d4f66a73efd8cde34ffa9", p.text("Emd/uuid"));
        assertEquals("2.10.0.716-62027053d1", p.text("Emd/Info/applicationVersion"));
        // original tree
        MetadataTree o = r.original();
        assertEquals("Velox", o.text("Version/format"));
        assertEquals("8", o.text("Version/version"));
        assertEquals(2L, o.get("Data/Image/26f60320a61d4f66a73efd8cde34ffa9/frames").value());
        String log = o.text("Data/Text/a3158e92958542e2aca13bf8742d1233/text");
        assertTrue(log.startsWith("2019-12-05 11:03:44 Started acquisition for experiment of type Camera"), log);
    }

    @Test
    void stemFilesTypeStemMagnificationAsDouble() throws Exception {
        MetadataTree p = read(STEM_HAADF).primary();
        assertEquals(2L, p.get("Optics/OperatingMode").value());
        assertEquals("double", p.text("CustomProperties/StemMagnification/type"));
        assertEquals(7100.0, p.get("CustomProperties/StemMagnification/value").value());
        assertNull(p.get("Optics/NominalMagnification"), "Velox writes NominalMagnification only in TEM imaging");
        assertEquals(1e-5, p.get("Scan/DwellTime").asDouble(), 1e-15);
        assertEquals("s", p.get("Scan/DwellTime").unit());
        assertEquals("HAADF", p.text("BinaryResult/Detector"));

        MetadataTree dpc = read(DPC).primary();
        assertEquals(910000.0, dpc.get("CustomProperties/StemMagnification/value").value());
        assertEquals("Monochromator", dpc.text("Acquisition/SourceType"));
        assertEquals(11.73505, dpc.get("Scan/FrameTime").asDouble(), 1e-9);
        assertEquals(9, read(DPC).original().getTree("Data/Image").size(), "nine DPC/DF images");
    }

    @Test
    void diffractionPixelSizeIsReciprocal() throws Exception {
        MetadataTree p = read(CETA_DIFF).primary();
        assertEquals("1/m", p.get("BinaryResult/PixelSize/width").unit());
        assertEquals("1/m", p.get("BinaryResult/Offset/y").unit());
        assertEquals(1L, p.get("Optics/OperatingMode").value());
        assertEquals(1L, p.get("frames").value());
    }

    @Test
    void spectrumImageFilesHoldEveryKind() throws Exception {
        ReadResult si = read(SI);
        assertEquals(5, si.original().getTree("Data/Image").size());
        assertEquals(4, si.original().getTree("Data/SpectrumStream").size());
        MetadataTree stack = si.original().getTree("Data/Image/f03a0d4a7c05495f95856e6708f94863");
        assertEquals(2L, stack.get("frames").value());
        assertEquals(-0.00041611939500000011, stack.get("lastFrame/Stage/Position/x").asDouble(), 1e-18);
        assertEquals("m", stack.get("lastFrame/Stage/Position/x").unit());
        assertEquals("Themis", si.primary().text("Instrument/InstrumentModel"));

        ReadResult v13 = read(EELS_EDS);
        MetadataTree o = v13.original();
        assertEquals("13", o.text("Version/version"));
        assertEquals(3, o.getTree("Data/EelsSpectrumImage").size());
        assertEquals(6, o.getTree("Data/SpectrumStream").size());
        assertEquals(8, o.getTree("Data/Image").size());
        // Velox 3.x leaves DateTime "0" in derived images: the primary is an image that knows when it was taken
        assertTrue(v13.primary().get("Acquisition/AcquisitionStartDatetime/DateTime").asDouble() > 0);
        assertEquals("Spectra", v13.primary().text("Instrument/InstrumentModel"));
        MetadataTree eels = o.getTree("Data/EelsSpectrumImage/13270bdb2ecb41ccbf7fb78b57abad4e");
        assertEquals("eV", eels.get("CustomProperties/AnalyticalDetector[EELS].SpectrumDispersion[0]/value").unit());
    }

    @Test
    void oldVeloxFilesFromAnotherInstrument() throws Exception {
        ReadResult img = read(SCIFI_IMAGE);
        assertEquals("4", img.original().text("Version/version"));
        assertEquals("Talos", img.primary().text("Instrument/InstrumentClass"));
        assertEquals(200000L, img.primary().get("Optics/AccelerationVoltage").value());
        ReadResult spec = read(SCIFI_SPECTRUM);
        assertNull(spec.original().getTree("Data/Image"));
        assertEquals("Spectrum", spec.primary().text("Emd/kind"), "no image: the first item of any kind");
        assertEquals("eV", spec.primary().get("Detectors/Detector-2/Dispersion") == null ? "eV"
                : spec.primary().get("Detectors/Detector-2/Dispersion").unit());
    }

    /** Metadata cost: a few blocks per item, independent of the pixel data and of the number of frames. */
    @Test
    void readsOnlyMetadataBytes() throws Exception {
        for (String f : new String[] {TEM_STACK, DPC, SI, EELS_EDS, CETA_DIFF, STEM_HAADF, SCIFI_IMAGE,
            SCIFI_SPECTRUM}) {
            Path p = Corpus.file(f);
            try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, f)) {
                new VeloxEmdReader().read(probe, new FormatDetector(io.emmeta.core.Readers.registry()).detect(probe));
                long bytes = src.stats().bytesRead();
                System.out.println("velox read " + f + ": " + bytes + " of " + Files.size(p) + " bytes, "
                        + src.stats().requests() + " requests");
                assertTrue(bytes <= Files.size(p));
            }
        }
        // the biggest corpus file: 34 items, 6.7 MB; its pixels and spectra are never fetched
        Path big = Corpus.file(EELS_EDS);
        try (CachingByteSource src = CachingByteSource.ofFile(big); Probe probe = new Probe(src, "big")) {
            new VeloxEmdReader().read(probe, VELOX);
            assertTrue(src.stats().bytesRead() < Files.size(big) / 2, src.stats().bytesRead() + " bytes");
        }
    }

    // ------------------------------------------------------------------ the mapped TEM document

    @Test
    void mappedTemDocumentInSiUnits() throws Exception {
        ExtractionRecord rec = extract(Corpus.file(TEM_STACK));
        assertEquals(Status.PARTIAL, rec.status());
        assertTrue(rec.warnings().isEmpty(), rec.warnings().toString());
        JsonNode d = rec.mapped();
        assertEquals("2019-12-05T10:03:44Z", d.get("startTime").asText());
        assertEquals("2019-12-05T10:03:44Z", d.get("endTime").asText());
        assertEquals("Velox", d.at("/program/programName").asText());
        assertEquals("2.10.0.716-62027053d1", d.at("/program/programVersion").asText());
        assertEquals("Titan", d.at("/instrument/instrumentName").asText());
        assertEquals("FEI Company", d.at("/instrument/instrumentManufacturer/manufacturerName").asText());
        assertEquals("3492", d.at("/instrument/instrumentID/identifierValue").asText());
        assertEquals(300000, d.at("/instrument/source/accelerationVoltage/value").asLong());
        assertEquals("V", d.at("/instrument/source/accelerationVoltage/unit").asText());
        assertEquals(3950, d.at("/instrument/source/extractorVoltage/value").asLong());
        assertEquals("extra bright FEG", d.at("/instrument/source/gunType").asText());
        assertEquals("TEM", d.at("/instrument/operationMode").asText());
        assertEquals("TEM", d.at("/instrument/imageMode").asText());
        assertEquals(1271519.155, d.at("/instrument/setMagnification").asDouble(), 1e-6);
        assertEquals(0.478, d.at("/instrument/setCameraLength/value").asDouble(), 1e-12);
        assertEquals("m", d.at("/instrument/setCameraLength/unit").asText());
        assertEquals(3, d.at("/instrument/spotSize/value").asLong());
        assertEquals("N.A.", d.at("/instrument/spotSize/unit").asText());
        assertEquals(-12.586, d.at("/instrument/stage/tiltAngleAlpha/value").asDouble(), 1e-3);
        assertEquals("degree", d.at("/instrument/stage/tiltAngleAlpha/unit").asText());
        assertEquals(0.6538, d.at("/instrument/lens/beamConvergence/value").asDouble(), 1e-4);
        assertEquals("m", d.at("/instrument/stage/specimenPosition/coordinatesUnit").asText());
        assertEquals(1.2240794999999906e-05, d.at("/instrument/stage/specimenPosition/xValue").asDouble(), 1e-18);
        assertEquals(0.00015, d.at("/instrument/aperture/condenser2/value").asDouble(), 1e-12);
        assertEquals(8.172883192297851e-12, d.at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(),
                1e-24);
        assertEquals("CMOS", d.at("/instrument/detector/detectorType").asText());
        assertEquals(0.8, d.at("/instrument/detector/exposureTime/value").asDouble(), 1e-12);
        assertEquals(4096, d.at("/instrument/detector/numberOfPixelsCamera/xPixels").asLong());
        // what is left invalid is what no file holds
        Set<String> left = Set.of("definition", "measurementPurpose", "parents", "technique", "user",
                "diagonallyFlipped", "horizontallyFlipped", "verticallyFlipped", "isCorrelationImage");
        rec.validation().errors().forEach(e -> assertTrue(left.stream().anyMatch(e.message()::contains), e.toString()));
    }

    @Test
    void mappedStemDiffractionAndSpectrumImageFiles() throws Exception {
        JsonNode stem = extract(Corpus.file(STEM_HAADF)).mapped();
        assertEquals("STEM", stem.at("/instrument/operationMode").asText());
        assertEquals(7100, stem.at("/instrument/setMagnification").asLong(), "StemMagnification when typed double");
        assertEquals(1e-5, stem.at("/instrument/scan/dwellTime/value").asDouble(), 1e-15);
        assertEquals("2D", stem.at("/instrument/scan/scanType").asText());
        assertTrue(stem.at("/instrument/detector/numberOfPixelsCamera").isMissingNode(), "no camera read-out area");
        JsonNode diff = extract(Corpus.file(CETA_DIFF)).mapped();
        assertTrue(diff.at("/instrument/setMagnification").isMissingNode(), "StemMagnification typed bool: none");
        assertTrue(diff.at("/instrument/detector/pixelSizeImage").isMissingNode(), "1/m is no real-space pixel size");
        assertEquals("1/m", diff.at("/instrument/detector/pixelCalibration/unit").asText());
        ExtractionRecord si = extract(Corpus.file(EELS_EDS));
        assertEquals(Status.PARTIAL, si.status());
        assertTrue(si.original().at("/Data/SpectrumStream").size() >= 1);
        assertTrue(si.original().at("/Data/EelsSpectrumImage").size() >= 1);
        assertNotNull(si.mapped().get("startTime"), "the primary image is one that knows its time");
        assertEquals("3.21.1.2806-5763ec9b", si.mapped().at("/program/programVersion").asText());
    }

    // ------------------------------------------------------------------ hostile variants

    @Test
    void truncatedCopiesEndTypedAndBounded(@TempDir Path dir) throws Exception {
        for (String base : new String[] {STEM_HAADF, TEM_STACK}) {
            byte[] real = Files.readAllBytes(Corpus.file(base));
            for (int cut : new int[] {0, 8, 100, 1000, 5000, 20000, real.length / 3, real.length / 2,
                real.length - 10}) {
                Path f = dir.resolve("cut" + cut + ".emd");
                Files.write(f, Arrays.copyOf(real, cut));
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    try {
                        ReadResult r = readAsVelox(f);
                        assertTrue(r.warnings().stream().anyMatch(w -> w.code() == ErrorCode.TRUNCATED),
                                base + " cut at " + cut + " read clean: " + r.warnings());
                    } catch (ExtractionException e) {
                        assertTrue(Set.of(ErrorCode.TRUNCATED, ErrorCode.CORRUPT).contains(e.code()),
                                base + " cut at " + cut + ": " + e.code() + " " + e.getMessage());
                    }
                });
                ExtractionRecord rec = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> extract(f));
                assertTrue(rec.status() != Status.OK, cut + ": " + rec.status());
                rec.errors().forEach(e -> assertFalse(e.code().name().equals("INTERNAL"), cut + ": " + e));
            }
        }
    }

    @Test
    void garbageMetadataJsonIsTypedMalformedText(@TempDir Path dir) throws Exception {
        // the only item: nothing readable is left, so the read fails with MALFORMED_TEXT
        Path f = dir.resolve("garbage.emd");
        Files.write(f, garble(Files.readAllBytes(Corpus.file(STEM_HAADF)), 1));
        ExtractionException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                readAsVelox(f);
                return null;
            } catch (ExtractionException x) {
                return x;
            }
        });
        assertNotNull(e);
        assertEquals(ErrorCode.MALFORMED_TEXT, e.code(), e.getMessage());
        ExtractionRecord rec = extract(f);
        assertEquals(Status.ERROR, rec.status());
        assertTrue(rec.errors().stream().anyMatch(x -> x.code() == ErrorCode.MALFORMED_TEXT), rec.errors().toString());

        // one of nine images garbled: a warning, the other eight still read
        Path g = dir.resolve("garbage-dpc.emd");
        Files.write(g, garble(Files.readAllBytes(Corpus.file(DPC)), 1));
        ReadResult r = readAsVelox(g);
        assertEquals(1, r.warnings().stream().filter(w -> w.code() == ErrorCode.MALFORMED_TEXT).count(),
                r.warnings().toString());
        assertEquals(8, r.original().getTree("Data/Image").size());
    }

    @Test
    void lyingChunkIndexIsCorruptNotACrash(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file(TEM_STACK));
        // every raw-data chunk B-tree node ("TREE", type 1): claim 65535 entries, then break the signature
        byte[] many = real.clone();
        byte[] badSig = real.clone();
        int nodes = 0;
        for (int i = 0; i + 8 <= real.length; i++) {
            if (real[i] == 'T' && real[i + 1] == 'R' && real[i + 2] == 'E' && real[i + 3] == 'E' && real[i + 4] == 1) {
                ByteBuffer.wrap(many).order(ByteOrder.LITTLE_ENDIAN).putShort(i + 6, (short) 0xffff);
                badSig[i] = 'X';
                nodes++;
            }
        }
        assertTrue(nodes >= 2, "chunk index nodes found: " + nodes);
        for (byte[] variant : List.of(many, badSig)) {
            Path f = dir.resolve("btree.emd");
            Files.write(f, variant);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try {
                    ReadResult r = readAsVelox(f);
                    fail("read a lying chunk index: " + r.warnings());
                } catch (ExtractionException e) {
                    assertEquals(ErrorCode.CORRUPT, e.code(), e.getMessage());
                }
            });
        }
    }

    // ------------------------------------------------------------------ pieces

    @Test
    void stringsBecomeNumbersOnlyWhenNothingIsLost() {
        assertEquals(300000L, VeloxValues.parse("300000"));
        assertEquals(3.0231699205257632e-08, VeloxValues.parse("3.0231699205257632e-08"));
        assertEquals(2.465e-8, VeloxValues.parse(" 2.465e-008 "));
        assertEquals(0L, VeloxValues.parse("-0"));
        assertEquals("007", VeloxValues.parse("007"));
        assertEquals("00000000000000000000000000000000", VeloxValues.parse("00000000000000000000000000000000"));
        assertEquals("12345678901234567890", VeloxValues.parse("12345678901234567890"));
        assertEquals(Boolean.TRUE, VeloxValues.parse("true"));
        assertEquals("v1/2013/07", VeloxValues.parse("v1/2013/07"));
        assertNull(VeloxValues.parse("  "));
        assertEquals("<=11", VeloxValues.typed("string", "<=11"));
        assertEquals(Boolean.TRUE, VeloxValues.typed("bool", "1"));
        assertEquals(910000.0, VeloxValues.typed("double", "910000"));
        assertEquals("18446744073709551615", VeloxValues.typed("uint64", "18446744073709551615"));
        assertEquals("2019-12-05 11:03:44 a+b ü%zz", VeloxJsonTree.percentDecode("2019-12-05%2011%3A03%3A44%20a+b %C3%BC%zz"));
    }

    /** Overwrites the start of the n-th metadata JSON ("{"Core"") with bytes that are no JSON. */
    static byte[] garble(byte[] bytes, int nth) {
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = -1;
        for (int k = 0; k < nth; k++) {
            at = latin.indexOf("{\"Core\"", at + 1);
        }
        assertTrue(at > 0, "the JSON is stored uncompressed");
        byte[] out = bytes.clone();
        for (int i = 0; i < 40; i++) {
            out[at + i] = (byte) "#%&garbage\u0001".charAt(i % 11);
        }
        return out;
    }
}
