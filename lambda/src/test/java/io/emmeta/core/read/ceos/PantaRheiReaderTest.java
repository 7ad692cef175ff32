package io.emmeta.core.read.ceos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;

/**
 * CEOS Panta Rhei .prz. Expected values come from the corpus file itself, read with Python outside our code:
 * {@code zipfile} for the entries, {@code numpy.load} of {@code meta_data_json.npy} + {@code json.loads} for the
 * metadata (the same values {@code pickletools.dis} lists in {@code meta_data.npy}), {@code numpy.load} of
 * {@code file_format_version.npy} (7) and the {@code data.npy} header ({@code '<u2'}, shape (16, 16)). The pixel size
 * is HyperSpy's rule ({@code rsciio.pantarhei}: axis scale = calib value x pixel_factor), computed in Python:
 * 3.045245426917044e-11 * 256.0 = 7.795828292907633e-09 m.
 */
class PantaRheiReaderTest {

    static final String FILE = "public/rosettasciio/panta_rhei_sample.prz";

    static void assertCorpusValues(ExtractionRecord r) {
        assertEquals("zip/ceos-panta-rhei", r.detected().format());
        assertEquals(Status.PARTIAL, r.status(), "mapped, but the schema wants context no .prz holds");
        JsonNode doc = r.mapped();
        assertEquals(200000.0, doc.at("/instrument/source/accelerationVoltage/value").asDouble(), 0);
        assertEquals(0.02, doc.at("/instrument/setCameraLength/value").asDouble(), 0);
        assertEquals(1.0e7, doc.at("/instrument/setMagnification").asDouble(), 0);
        assertEquals("STEM", doc.at("/instrument/operationMode").asText());
        assertEquals(1.4999999999999999e-05, doc.at("/instrument/scan/dwellTime/value").asDouble(), 1e-20);
        assertEquals(16, doc.at("/instrument/scan/scanSize/xPixels").asInt());
        assertEquals(16, doc.at("/instrument/scan/scanSize/yPixels").asInt());
        assertEquals("pnADF", doc.at("/instrument/detector/detectorName").asText());
        assertEquals(7.795828292907633e-09, doc.at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(),
                1e-22);
        assertEquals(7.795828292907633e-09, doc.at("/instrument/detector/pixelSizeImage/yPixelSize/value").asDouble(),
                1e-22);
        assertEquals("BinCutROI of AC", doc.at("/measurementTitle").asText());
        assertTrue(doc.at("/startTime").isMissingNode(), "the file states no acquisition time");
    }

    @Test
    void version7ReadsTheJsonCopy() throws Exception {
        ExtractionRecord r = Chain.extract(Corpus.file(FILE));
        assertCorpusValues(r);
        JsonNode original = r.original();
        assertEquals("meta_data_json.npy", original.at("/file/metadataEntry").asText());
        assertEquals(7, original.at("/file/fileFormatVersion").asInt());
        assertEquals(23405, original.at("/pnadf.offset").asInt());
    }

    @Test
    void thePixelsAreNeverRead(@TempDir Path dir) throws Exception {
        // the corpus file is smaller than the detection head; the same entries with 8 MiB of pixels behind data.npy's
        // real header (stored, as Panta Rhei writes) show what the reader touches
        Map<String, byte[]> e = entries();
        byte[] header = Arrays.copyOf(e.get("data.npy"), 128);
        e.put("data.npy", Arrays.copyOf(header, 128 + (8 << 20)));
        Path big = stored(dir, "big.prz", e);
        ExtractionRecord r = Chain.extract(big);
        assertCorpusValues(r);
        long size = Files.size(big);
        assertTrue(r.provenance().bytesRead() < 64 * 1024, "read " + r.provenance().bytesRead() + " of " + size);
    }

    /** The corpus file's entries (decompressed by java.util.zip), to rebuild variants from. */
    static Map<String, byte[]> entries() throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(Corpus.file(FILE).toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    static Path zip(Path dir, String name, Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.setMethod(ZipOutputStream.DEFLATED); // what np.savez_compressed writes (rsciio's writer)
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        Path p = dir.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    static Path stored(Path dir, String name, Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.setMethod(ZipOutputStream.STORED);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(e.getValue());
                ze.setSize(e.getValue().length);
                ze.setCompressedSize(e.getValue().length);
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        Path p = dir.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    @Test
    void version5WithoutJsonReadsThePickleAsData(@TempDir Path dir) throws Exception {
        // a v5-style archive: the JSON copies removed, the real pickled meta_data.npy kept, entries deflated
        Map<String, byte[]> e = entries();
        e.remove("meta_data_json.npy");
        e.remove("data_model_json.npy");
        ExtractionRecord r = Chain.extract(zip(dir, "v5.prz", e));
        assertCorpusValues(r);
        assertTrue(r.original().at("/file/metadataEntry").asText().startsWith("meta_data.npy"));
        assertEquals(256.0, r.original().at("/device.calib/1/pixel_factor").asDouble(), 0);
    }

    @Test
    void brokenArchivesGetTypedErrors(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file(FILE));
        // the JSON copy's text overwritten inside the (stored) entry: UTF-32LE '{' characters where '"repo_id"' was
        byte[] corrupt = real.clone();
        byte[] key = "\"repo_id\"".getBytes(java.nio.charset.Charset.forName("UTF-32LE"));
        int at = indexOf(real, key);
        assertTrue(at > 0);
        for (int i = at; i < at + key.length; i += 4) {
            corrupt[i] = '{';
        }
        ExtractionRecord c = Chain.extractBroken(write(dir, "json.prz", corrupt), "corrupted JSON copy");
        assertEquals(Status.ERROR, c.status());
        assertEquals("MALFORMED_TEXT", c.errors().get(0).code().name());
        // cut anywhere: a typed outcome, never OK
        for (int cut : new int[] {real.length - 10, real.length - 200, real.length / 2, 100}) {
            ExtractionRecord t = Chain.extractBroken(write(dir, "cut" + cut + ".prz", Arrays.copyOf(real, cut)),
                    "cut at " + cut);
            assertNotEquals(Status.OK, t.status(), "cut at " + cut);
        }
        // the central directory's entry count patched to 0xffff (a ZIP64 marker) without a ZIP64 locator
        byte[] z64 = real.clone();
        int eocd = lastIndexOf(real, new byte[] {'P', 'K', 5, 6});
        z64[eocd + 10] = (byte) 0xff;
        z64[eocd + 11] = (byte) 0xff;
        ExtractionRecord l = Chain.extractBroken(write(dir, "z64.prz", z64), "ZIP64 marker without locator");
        assertNotEquals(Status.OK, l.status());
    }

    @Test
    void hostilePicklesInAV5ArchiveGetTypedErrors(@TempDir Path dir) throws Exception {
        Map<String, byte[]> base = entries();
        base.remove("meta_data_json.npy");
        base.remove("data_model_json.npy");
        byte[] npyHeader = Arrays.copyOf(base.get("meta_data.npy"), 128); // the real '|O' (1,) header, 128 bytes
        for (String[] c : new String[][] {{"global-reduce.pkl", "CORRUPT"}, {"inst.pkl", "CORRUPT"},
                {"huge-length.pkl", "TOO_LARGE"}, {"deep-nesting.pkl", "CORRUPT"}, {"memo-cycle.pkl", "TOO_LARGE"},
                {"billion-laughs.pkl", "TOO_LARGE"}, {"truncated-string.pkl", "TRUNCATED"}}) {
            Map<String, byte[]> e = new LinkedHashMap<>(base);
            byte[] pkl = PickleDataTest.pkl(c[0]);
            byte[] npy = Arrays.copyOf(npyHeader, 128 + pkl.length);
            System.arraycopy(pkl, 0, npy, 128, pkl.length);
            e.put("meta_data.npy", npy);
            ExtractionRecord r = Chain.extractBroken(zip(dir, c[0] + ".prz", e), c[0]);
            assertEquals(Status.ERROR, r.status(), c[0]);
            assertEquals(c[1], r.errors().get(0).code().name(), c[0] + ": " + r.errors());
        }
    }

    private static Path write(Path dir, String name, byte[] b) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
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

    private static int lastIndexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = data.length - pattern.length; i >= 0; i--) {
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
