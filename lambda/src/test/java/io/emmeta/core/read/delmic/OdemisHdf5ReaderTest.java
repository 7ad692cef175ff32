package io.emmeta.core.read.delmic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.Detection;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;

/**
 * Delmic Odemis HDF5 files from the corpus. Numbers were checked with h5py on the files (the datasets hold them as
 * binary doubles); texts, including the ExtraSettings JSON, are checked against the file's own bytes here.
 */
class OdemisHdf5ReaderTest {

    static final String REAL = "public/rosettasciio/test_hyperspectral.h5";
    static final String SIMULATED = "public/rosettasciio/sparc-intensity.h5";

    static ReadResult read(String file) throws Exception {
        Path p = Corpus.file(file);
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new OdemisHdf5Reader().read(probe, new Detection(OdemisHdf5Reader.FORMAT, "hdf5",
                    List.of("test")));
        }
    }

    static String raw(String file) throws Exception {
        return new String(Files.readAllBytes(Corpus.file(file)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyAcquisitionKeepsItsMetadataButNotItsImage() throws Exception {
        ReadResult r = read(REAL);
        MetadataTree t = r.original();
        String raw = raw(REAL);
        // h5py: /Acquisition0/ImageData/DimensionScaleX = 9.529087370242214e-07, TOffset = 1680536668.5100722
        assertEquals(9.529087370242214e-07, (Double) t.get("Acquisition0/ImageData/DimensionScaleX").value(), 0);
        assertEquals("m", t.get("Acquisition0/ImageData/DimensionScaleX").unit());
        assertEquals(1680536668.5100722, (Double) t.get("Acquisition0/ImageData/TOffset").value(), 1e-6);
        // the images are described, never read: h5py shapes (1, 1, 1, 512, 512) and (512, 1, 1, 4, 4)
        assertTrue(t.text("Acquisition0/ImageData/Image").startsWith("dataset [1, 1, 1, 512, 512]"));
        assertTrue(t.text("Acquisition2/ImageData/Image").startsWith("dataset [512, 1, 1, 4, 4]"));
        for (String s : List.of("Delmic", "Odemis 3.2.1", "pcie-6251", "Secondary electrons survey",
                "Andor Newton DU940P_BU (s/n: 20083)")) {
            assertTrue(raw.contains(s), s);
        }
        assertEquals("Delmic", t.text("Acquisition0/SVIData/Company"));
        assertEquals("Odemis 3.2.1", t.text("Acquisition1/SVIData/WriterVersion"));
        assertEquals("pcie-6251", t.text("Acquisition0/PhysicalData/HardwareName"));
        assertEquals("Andor Newton DU940P_BU (s/n: 20083)", t.text("Acquisition2/PhysicalData/HardwareName"));
        // ExtraSettings JSON, as written: "dwellTime": [1.02e-05, "s"] (Acquisition0's SEM E-beam, per h5py)
        assertTrue(raw.contains("\"dwellTime\": [1.02e-05, \"s\"]"));
        assertEquals(1.02e-05, (Double) t.get("Acquisition0/PhysicalData/ExtraSettings/SEM E-beam/dwellTime")
                .value(), 0);
        assertEquals("s", t.get("Acquisition0/PhysicalData/ExtraSettings/SEM E-beam/dwellTime").unit());
        assertEquals("Acquisition0", t.text("derived/acquisition"));
        assertEquals(512L, t.get("derived/width").value());
        assertNull(t.get("derived/simulatedHardware"), "real hardware");
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    @Test
    void theRealFilesDocumentHasWhatTheFileHoldsAndNoVoltage() throws Exception {
        ExtractionRecord r = Chain.extract(Corpus.file(REAL));
        assertEquals("hdf5/delmic-odemis", r.detected().format());
        var doc = r.mapped().get("entry");
        // TOffset 1680536668.51 s is 2023-04-03T15:44:28 UTC (date -u -d @1680536668)
        assertEquals("2023-04-03T15:44:28Z", doc.get("startTime").asText());
        assertEquals("Odemis", doc.at("/program/programName").asText());
        assertEquals("3.2.1", doc.at("/program/programVersion").asText());
        assertEquals(9.529087370242214e-07, doc.at("/instrument/imaging/pixelSize/xPixelSize/value").asDouble(), 0);
        assertEquals(512, doc.at("/instrument/imaging/numberOfPixels/xPixels").asInt());
        assertEquals(1.02e-05, doc.at("/instrument/imaging/dwellTime/value").asDouble(), 0);
        assertEquals("Secondary electrons survey", doc.at("/instrument/detectors/detector1/detectorName").asText());
        // the file records no accelerating voltage anywhere (no accelVoltage, no AccelerationVoltage): absent
        assertFalse(raw(REAL).contains("accelVoltage"));
        assertTrue(doc.at("/instrument/eBeamSource/accelerationVoltage").isMissingNode());
        assertTrue(r.provenance().bytesRead() < Files.size(Corpus.file(REAL)) / 4,
                "metadata only: " + r.provenance().bytesRead() + " bytes read");
    }

    @Test
    void theSimulatorFileIsMappedAndSaysItIsSimulated() throws Exception {
        ExtractionRecord r = Chain.extract(Corpus.file(SIMULATED));
        assertEquals("hdf5/delmic-odemis", r.detected().format());
        String raw = raw(SIMULATED);
        assertTrue(raw.contains("\"accelVoltage\": [10000.0, \"V\"]"));
        assertTrue(raw.contains("\"probeCurrent\": [1.3e-09, \"A\"]"));
        assertTrue(raw.contains("Odemis 3.5.0-170-g77c59484d"));
        var doc = r.mapped().get("entry");
        assertEquals(10000.0, doc.at("/instrument/eBeamSource/accelerationVoltage/value").asDouble(), 0);
        assertEquals("V", doc.at("/instrument/eBeamSource/accelerationVoltage/unit").asText());
        assertEquals(1.3e-09, doc.at("/instrument/eBeamSource/beamCurrent/value").asDouble(), 0);
        assertEquals(1e-05, doc.at("/instrument/imaging/dwellTime/value").asDouble(), 0);
        // h5py: DimensionScaleX = 1.7578125e-09, Image (1, 1, 1, 256, 256), TOffset 1724245288.8856575
        assertEquals(1.7578125e-09, doc.at("/instrument/imaging/pixelSize/yPixelSize/value").asDouble(), 0);
        assertEquals(256, doc.at("/instrument/imaging/numberOfPixels/yPixels").asInt());
        assertEquals("2024-08-21T13:01:28Z", doc.get("startTime").asText());
        assertEquals("3.5.0-170-g77c59484d", doc.at("/program/programVersion").asText());
        assertTrue(raw.contains("FakeSEM"));
        assertEquals("FakeSEM", r.original().at("/derived/simulatedHardware").asText());
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("simulated hardware")
                && w.message().contains("FakeSEM")), r.warnings().toString());
    }

    @Test
    void brokenCopiesGetTypedErrors(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file(SIMULATED));
        for (int cut : new int[] {64, 2048, 20_000, real.length / 2, real.length - 1000}) {
            Path f = dir.resolve("cut" + cut + ".h5");
            Files.write(f, java.util.Arrays.copyOf(real, cut));
            ExtractionRecord r = Chain.extractBroken(f, "cut at " + cut);
            if (r.status() == Status.ERROR) {
                assertTrue(r.errors().get(0).code().name().matches("TRUNCATED|CORRUPT|UNSUPPORTED_FORMAT"),
                        cut + " " + r.errors());
            }
        }
        // the ExtraSettings JSON garbled in place (same length): kept as text, with a warning
        String s = raw(SIMULATED);
        int at = s.indexOf("{\"Optical Path Properties\"");
        assertTrue(at > 0);
        byte[] garbled = real.clone();
        garbled[at] = '#';
        Path g = dir.resolve("garbled.h5");
        Files.write(g, garbled);
        ExtractionRecord r = Chain.extractBroken(g, "garbled ExtraSettings");
        assertEquals("hdf5/delmic-odemis", r.detected().format());
        assertTrue(r.warnings().stream().anyMatch(w -> w.code().name().equals("MALFORMED_TEXT")),
                r.warnings().toString());
        // zeroes over the middle of the file (groups, heaps): typed, never INTERNAL (extractBroken checks)
        byte[] holed = real.clone();
        java.util.Arrays.fill(holed, 1024, Math.min(holed.length, 60_000), (byte) 0);
        Path h = dir.resolve("holed.h5");
        Files.write(h, holed);
        Chain.extractBroken(h, "zeroed middle");
    }
}
