package io.emmeta.core.read.nion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.Detection;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;

/** Nion Swift .ndata; expected values are the ones in the file's own metadata.json (read with Python's zipfile). */
class NionSwiftReaderTest {

    static final String FILE = "public/hyperspy_swift_library/data_9LGCPJ1UCC5GXS9G3I4Q9ZWCB.ndata";

    static MetadataTree read(Path p) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new NionSwiftReader().read(probe, new Detection(NionSwiftReader.FORMAT, "zip", List.of("test")))
                    .original();
        }
    }

    @Test
    void readsOnlyTheMetadataEntry() throws Exception {
        MetadataTree t = read(Corpus.file(FILE));
        // "created": "2020-06-06T11:05:57.354602", "title": "LowMag2_TEM", "data_shape": [520, 696]
        assertEquals("2020-06-06T11:05:57.354602", t.text("created"));
        assertEquals("LowMag2_TEM", t.text("title"));
        assertEquals(520L, t.get("data_shape/0").value());
        assertEquals(696L, t.get("data_shape/1").value());
        assertEquals("Europe/Paris", t.text("timezone"));
        // dimensional_calibrations: [{scale 1.0, units ""}, {scale 1.0, units "nm"}]
        assertEquals("nm", t.text("dimensional_calibrations/1/units"));
        assertNull(t.get("dimensional_calibrations/0/units"), "an empty unit is absent");
        assertEquals("2020-06-06T11:05:57.354602Z", t.text("derived/startTime"));
        assertEquals(1.0, t.get("derived/pixelSize/x").asDouble(), 0);
        assertEquals("nm", t.get("derived/pixelSize/x").unit());
        assertNull(t.get("derived/pixelSize/y"), "the first dimension has no unit: no pixel size");
        assertNull(t.getTree("metadata"), "the instrument dict is empty");

        ExtractionRecord r = Chain.extract(Corpus.file(FILE));
        assertEquals("zip/nion-swift-ndata", r.detected().format());
        var doc = r.mapped();
        assertEquals("2020-06-06T11:05:57Z", doc.get("startTime").asText(), "created is UTC");
        assertEquals(1e-9, doc.at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(), 1e-24);
        assertEquals("LowMag2_TEM", doc.get("measurementTitle").asText());
        assertFalse(doc.path("instrument").has("source"), "no beam energy in plain camera data");
        long size = Files.size(Corpus.file(FILE));
        assertTrue(r.provenance().bytesRead() < size / 20, "the pixels are not read: " + r.provenance().bytesRead()
                + " of " + size);
    }

    /** An .ndata as Nion's layout has it, both entries deflated (the corpus file stores them). */
    static byte[] ndata(String metadataJson) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.setMethod(ZipOutputStream.DEFLATED);
            z.putNextEntry(new ZipEntry("data.npy"));
            z.write(new byte[4096]);
            z.closeEntry();
            z.putNextEntry(new ZipEntry("metadata.json"));
            z.write(metadataJson.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return out.toByteArray();
    }

    static final String CALIBRATED = "{\"type\": \"data-item\", \"created\": \"2021-01-02T03:04:05.123456\","
            + " \"datum_dimension_count\": 2, \"dimensional_calibrations\": [{\"offset\": 0.0, \"scale\": 0.25,"
            + " \"units\": \"nm\"}, {\"offset\": 0.0, \"scale\": 0.5, \"units\": \"nm\"}], \"metadata\": {}}";

    @Test
    void deflatedMetadataWithBothDimensionsCalibrated(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("built.ndata");
        Files.write(p, ndata(CALIBRATED));
        ExtractionRecord r = Chain.extract(p);
        assertEquals("zip/nion-swift-ndata", r.detected().format());
        assertEquals(0.5e-9, r.mapped().at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(), 1e-24);
        assertEquals(0.25e-9, r.mapped().at("/instrument/detector/pixelSizeImage/yPixelSize/value").asDouble(), 1e-24);
        assertEquals("2021-01-02T03:04:05Z", r.mapped().get("startTime").asText());
    }

    @Test
    void otherZipsStayZip(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hello".getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        Path p = dir.resolve("other.zip");
        Files.write(p, out.toByteArray());
        assertEquals("zip", Chain.extract(p).detected().format());
    }

    @Test
    void brokenArchivesGetTypedErrors(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file(FILE));
        // the stored metadata.json's bytes overwritten: the directory is intact, the JSON is not
        byte[] corrupt = real.clone();
        int at = indexOf(real, "\"created\"".getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(corrupt, at, at + 40, (byte) '{');
        Path bad = dir.resolve("bad.ndata");
        Files.write(bad, corrupt);
        ExtractionRecord r = Chain.extractBroken(bad, "corrupted metadata.json");
        assertEquals(Status.ERROR, r.status());
        assertEquals("MALFORMED_TEXT", r.errors().get(0).code().name());
        // the end of the archive (its directory) cut off: a plain, unreadable ZIP, never a crash
        Path cut = dir.resolve("cut.ndata");
        Files.write(cut, Arrays.copyOf(real, real.length - 100));
        ExtractionRecord c = Chain.extractBroken(cut, "truncated .ndata");
        assertNotEquals(Status.OK, c.status());
        // a deflated entry whose stream is garbage
        byte[] built = ndata(CALIBRATED);
        int json = indexOf(built, "metadata.json".getBytes(StandardCharsets.US_ASCII)) + "metadata.json".length();
        for (int i = json; i < json + 20; i++) {
            built[i] = (byte) 0xff;
        }
        Path garbled = dir.resolve("garbled.ndata");
        Files.write(garbled, built);
        ExtractionRecord g = Chain.extractBroken(garbled, "garbled deflate stream");
        assertEquals(Status.ERROR, g.status());
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
