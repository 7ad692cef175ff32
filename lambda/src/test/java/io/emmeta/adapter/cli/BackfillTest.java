package io.emmeta.adapter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.s3.S3UploadProcessor;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.LoopbackS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code extract s3://bucket/prefix} against a real S3 API (S3Proxy on loopback), through {@link Main#run} as
 * {@code main} calls it, with the SDK's default credential chain (system properties here).
 */
class BackfillTest {

    // one server per test: a connection kept alive across tests may be closed by the server's idle timeout meanwhile
    LoopbackS3 s3;
    S3Client client;
    static final ObjectMapper JSON = new ObjectMapper();
    String bucket;
    String savedKey;
    String savedSecret;

    /** The uploads under raw/ (real instrument files, one DICOM, one broken TIFF). */
    static final Map<String, String> UPLOADS = Map.of(
            "raw/sem/a zeiss.tif", "rosettasciio/test_tiff_Zeiss_SEM_1k.tif",
            "raw/tem/Fei HAADF-DE_location.dm3", "public/rosettasciio/Fei HAADF-DE_location.dm3",
            "raw/sparc-intensity.h5", "public/rosettasciio/sparc-intensity.h5",
            "raw/velox/example_image.emd", "rosettasciio/example_image.emd",
            "raw/scan.dcm", "not-microscopy/MRIm1.dcm",
            "raw/jeol/jeol_example_sem.tif", "public/odemis/jeol_example_sem.tif");
    static final String BROKEN = "raw/broken.tif";
    /** The JEOL image's .txt sidecar: read with the image, its documents go beside the image. */
    static final String SIDECAR = "raw/jeol/jeol_example_sem.txt";

    @BeforeEach
    void start() throws Exception {
        s3 = LoopbackS3.start();
        client = s3.client();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        s3.close();
    }

    @BeforeEach
    void credentials() {
        savedKey = System.getProperty("aws.accessKeyId");
        savedSecret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", LoopbackS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LoopbackS3.SECRET_KEY);
    }

    @AfterEach
    void restore() {
        restore("aws.accessKeyId", savedKey);
        restore("aws.secretAccessKey", savedSecret);
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    record Run(int code, String out, String err) {
    }

    Run cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run backfill(Map<String, String> env, String location, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("extract", "--endpoint-url", s3.endpoint().toString(),
                "--region", LoopbackS3.REGION, "--concurrency", "3"));
        args.addAll(List.of(more));
        args.add(location);
        return cli(env, args.toArray(String[]::new));
    }

    void fillBucket(String name) throws Exception {
        bucket = name;
        client.createBucket(b -> b.bucket(bucket));
        for (var e : UPLOADS.entrySet()) {
            put(e.getKey(), Files.readAllBytes(Corpus.file(e.getValue())));
        }
        put(BROKEN, new byte[] {'I', 'I', 42, 0, 0, 0, 0, 1}); // a TIFF header pointing past the end
        put(SIDECAR, Files.readAllBytes(Corpus.file("public/odemis/jeol_example_sem.txt")));
        // one of our own documents (by its name) and a context defaults document: never processed
        put("raw/old.tif.extraction.json", "{}".getBytes(StandardCharsets.UTF_8));
        put("raw/.emmeta.json", "{\"technique\":\"SEM\"}".getBytes(StandardCharsets.UTF_8));
        // outside the requested prefix raw/: a sibling whose name merely starts with "raw" and a nested raw/ folder
        put("rawdata/test_STEM_image.dm3", Files.readAllBytes(Corpus.file("rosettasciio/test_STEM_image.dm3")));
        put("elsewhere/raw/test_STEM_image.dm3", Files.readAllBytes(Corpus.file("rosettasciio/test_STEM_image.dm3")));
    }

    void put(String key, byte[] bytes) {
        // a kept-alive connection the server closed while a CLI run went on: once more, on a fresh one
        client.putObject(b -> b.bucket(bucket).key(key),
                RequestBody.fromBytes(bytes));
    }

    JsonNode read(String key) throws Exception {
        return JSON.readTree(client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    }

    /** "written 2, partial 3, ..." from the summary line on stderr. */
    static Map<String, Long> summaryCounts(String err) {
        String last = err.lines().filter(l -> l.contains(" object(s) in ")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no summary line in:\n" + err));
        Map<String, Long> counts = new HashMap<>();
        Matcher m = Pattern.compile("(\\d+) (written|partial|unsupported|error|skipped)\\b").matcher(last);
        while (m.find()) {
            counts.put(m.group(2), Long.parseLong(m.group(1)));
        }
        assertEquals(5, counts.size(), last);
        return counts;
    }

    Set<String> allKeys() {
        Set<String> keys = new TreeSet<>();
        for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    @Test
    void backfillsThePrefixOnceAndSkipsEverythingOnTheSecondRun() throws Exception {
        fillBucket("lab");
        Set<String> before = allKeys();
        Run first = backfill(Map.of(), "s3://lab/raw/", "--strict");
        assertEquals(1, first.code(), "--strict: broken.tif ends in error\n" + first.err());
        assertFalse(first.err().contains("Exception in thread"), first.err());

        // documents beside every upload under raw/, made from the object's current ETag, read back from the store
        Map<String, Long> tally = new HashMap<>();
        for (String key : new TreeSet<>(concat(UPLOADS.keySet(), BROKEN))) {
            HeadObjectResponse object = client.headObject(b -> b.bucket(bucket).key(key));
            HeadObjectResponse doc = client.headObject(b -> b.bucket(bucket).key(key + ".extraction.json"));
            assertEquals(object.eTag(), doc.metadata().get(S3UploadProcessor.SOURCE_ETAG), key);
            JsonNode rec = read(key + ".extraction.json");
            assertEquals("lab", rec.path("source").path("bucket").asText(), key);
            assertEquals(key, rec.path("source").path("key").asText());
            assertEquals(object.contentLength().longValue(), rec.path("source").path("size").asLong(), key);
            String status = rec.path("status").asText();
            tally.merge("ok".equals(status) ? "written" : status, 1L, Long::sum);
        }
        JsonNode broken = read(BROKEN + ".extraction.json");
        assertEquals("error", broken.path("status").asText());
        assertFalse(broken.path("errors").path(0).path("code").asText().isEmpty(), "a typed error: " + broken);
        assertEquals("unsupported", read("raw/scan.dcm.extraction.json").path("status").asText());
        // the instrument files were recognised: a schema document for the Zeiss SEM TIFF and the DM3
        assertEquals("SEM", read("raw/sem/a zeiss.tif.extraction.json").path("detected").path("technique").asText());
        assertNotNull(client.headObject(b -> b.bucket(bucket).key("raw/sem/a zeiss.tif.metadata.json")));
        assertNotNull(client.headObject(b -> b.bucket(bucket).key("raw/tem/Fei HAADF-DE_location.dm3.metadata.json")));
        // the pair: one record, beside the image, made with the sidecar as it is now
        assertEquals(client.headObject(b -> b.bucket(bucket).key(SIDECAR)).eTag(), client.headObject(b -> b
                .bucket(bucket).key("raw/jeol/jeol_example_sem.tif.extraction.json")).metadata()
                .get(S3UploadProcessor.SIDECAR_ETAG));
        assertThrowsNoSuchKey(SIDECAR + ".extraction.json");

        // nothing written outside the prefix, nothing beside our own document or the defaults document
        Set<String> after = allKeys();
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        for (String k : added) {
            assertTrue(k.startsWith("raw/") && !k.startsWith("raw/old.tif.extraction.json.")
                    && !k.startsWith("raw/.emmeta.json."), "unexpected document " + k);
        }
        assertFalse(after.stream().anyMatch(k -> k.startsWith("rawdata/") && k.endsWith(".json")), after.toString());
        assertFalse(after.stream().anyMatch(k -> k.startsWith("elsewhere/") && k.endsWith(".json")), after.toString());

        // the summary counts what the store holds: 7 uploads by their records' statuses; skipped: 2 by name and the
        // sidecar, read with its image
        Map<String, Long> counts = summaryCounts(first.err());
        assertEquals(tally.getOrDefault("written", 0L), counts.get("written"), first.err());
        assertEquals(tally.getOrDefault("partial", 0L), counts.get("partial"), first.err());
        assertEquals(tally.getOrDefault("unsupported", 0L), counts.get("unsupported"), first.err());
        assertEquals(1L, counts.get("error"), first.err());
        assertEquals(3L, counts.get("skipped"), first.err());
        assertTrue(first.err().contains("1 read with its image"), first.err());
        assertEquals(7L, counts.values().stream().mapToLong(Long::longValue).sum() - 3, first.err());
        assertTrue(first.err().contains("10 object(s) in "), first.err());
        assertTrue(first.err().matches("(?s).*, \\d+ bytes read: .*") && !first.err().contains(" 0 bytes read:"),
                first.err());
        // the function's JSON log line per object given to the processor (the 7 uploads and the sidecar) on stdout
        assertEquals(8, first.out().lines().filter(l -> l.contains("\"emmeta.upload\"")).count(), first.out());

        // resumable: a second run rewrites nothing
        Map<String, String> etags = docEtags();
        Run second = backfill(Map.of(), "s3://lab/raw/", "--strict");
        assertEquals(0, second.code(), "nothing ended in error this time\n" + second.err());
        Map<String, Long> again = summaryCounts(second.err());
        // 7 uploads unchanged, the sidecar with its image; 2 + the documents of the first run skipped by their names
        long own = 2 + added.size();
        assertEquals(Map.of("written", 0L, "partial", 0L, "unsupported", 0L, "error", 0L, "skipped", 8 + own), again);
        assertTrue(second.err().contains("7 unchanged"), second.err());
        assertTrue(second.err().contains((own - 1) + " own output") && second.err().contains("1 defaults document"),
                second.err());
        assertEquals(etags, docEtags(), "no document rewritten");

        // a changed object is extracted again, alone
        put("raw/tem/Fei HAADF-DE_location.dm3", Files.readAllBytes(Corpus.file("rosettasciio/test_STEM_image.dm3")));
        Run third = backfill(Map.of(), "s3://lab/raw/");
        Map<String, Long> c3 = summaryCounts(third.err());
        assertEquals(7 + own, c3.get("skipped"), third.err());
        assertEquals(1L, c3.get("written") + c3.get("partial"), third.err());
        assertEquals(client.headObject(b -> b.bucket(bucket).key("raw/tem/Fei HAADF-DE_location.dm3")).eTag(),
                client.headObject(b -> b.bucket(bucket).key("raw/tem/Fei HAADF-DE_location.dm3.extraction.json"))
                        .metadata().get(S3UploadProcessor.SOURCE_ETAG));
    }

    @Test
    void readsTheLambdasEnvironmentSettings() throws Exception {
        fillBucket("lab-env");
        Run r = backfill(Map.of("EMMETA_OUTPUT_PREFIX", "meta/", "EMMETA_OUTPUT_EXTRACTION_SUFFIX", ".rec.json",
                "EMMETA_OUTPUT_WRITE_METADATA", "false"), "s3://lab-env/raw/sem/");
        assertEquals(0, r.code(), r.err());
        JsonNode rec = read("meta/raw/sem/a zeiss.tif.rec.json");
        assertEquals("raw/sem/a zeiss.tif", rec.path("source").path("key").asText());
        assertThrowsNoSuchKey("raw/sem/a zeiss.tif.extraction.json");
        assertThrowsNoSuchKey("meta/raw/sem/a zeiss.tif.metadata.json");
        assertTrue(r.err().contains("1 object(s) in "), r.err());

        Run bad = backfill(Map.of("EMMETA_EXTRACT_TIMEOUT_MILLIS", "soon"), "s3://lab-env/raw/");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("EMMETA_EXTRACT_TIMEOUT_MILLIS"), bad.err());
    }

    @Test
    void aMissingBucketIsReportedNotThrown() {
        Run r = backfill(Map.of(), "s3://no-such-bucket/x/");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("listing stopped"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    private void assertThrowsNoSuchKey(String key) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            throw new AssertionError(key + " should not exist");
        } catch (NoSuchKeyException e) {
            // as expected
        }
    }

    private Map<String, String> docEtags() {
        Map<String, String> m = new HashMap<>();
        for (String k : allKeys()) {
            if (k.endsWith(".metadata.json") || k.endsWith(".extraction.json")) {
                m.put(k, client.headObject(b -> b.bucket(bucket).key(k)).eTag()
                        + client.headObject(b -> b.bucket(bucket).key(k)).lastModified());
            }
        }
        return m;
    }

    private static Set<String> concat(Set<String> a, String b) {
        Set<String> s = new TreeSet<>(a);
        s.add(b);
        return s;
    }
}
