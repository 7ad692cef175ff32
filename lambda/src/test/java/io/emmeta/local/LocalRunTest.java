package io.emmeta.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.local.LocalRun.Delivered;
import io.emmeta.s3.S3UploadProcessor;
import io.emmeta.testing.Corpus;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The local runner end to end: real S3 requests to its embedded S3Proxy, documents read back from it. */
class LocalRunTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ZEISS = "rosettasciio/test_tiff_Zeiss_SEM_1k.tif";
    static final String DM3 = "rosettasciio/test_STEM_image.dm3";

    @TempDir
    Path dir;
    final List<LocalRun> runs = new ArrayList<>();
    final List<S3Client> clients = new ArrayList<>();
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final List<String> logLines = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        runs.forEach(LocalRun::close);
        clients.forEach(S3Client::close);
    }

    LocalRun start(Map<String, String> env) throws Exception {
        LocalRun run = LocalRun.start(0, dir, "uploads", env, new PrintStream(console, true, StandardCharsets.UTF_8));
        run.processor().logSink(logLines::add);
        runs.add(run);
        return run;
    }

    S3Client client(LocalRun run) {
        S3Client c = io.emmeta.testing.StaleSafeS3.wrap(S3Client.builder().endpointOverride(run.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create()).build());
        clients.add(c);
        return c;
    }

    static void put(S3Client s3, String bucket, String key, String corpusFile) throws Exception {
        byte[] bytes = Files.readAllBytes(Corpus.file(corpusFile));
        s3.putObject(b -> b.bucket(bucket).key(key),
                RequestBody.fromBytes(bytes));
    }

    static JsonNode record(S3Client s3, String key) throws Exception {
        return JSON.readTree(s3.getObjectAsBytes(b -> b.bucket("uploads").key(key + ".extraction.json")).asByteArray());
    }

    static boolean exists(S3Client s3, String bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    /** The record was made from the object as it is now: same key, size and ETag. */
    static void assertCurrentRecord(S3Client s3, String key) throws Exception {
        var object = s3.headObject(b -> b.bucket("uploads").key(key));
        JsonNode rec = record(s3, key);
        assertEquals(key, rec.path("source").path("key").asText());
        assertEquals(object.contentLength().longValue(), rec.path("source").path("size").asLong(), key);
        assertEquals(object.eTag(), s3.headObject(b -> b.bucket("uploads").key(key + ".extraction.json")).metadata()
                .get(S3UploadProcessor.SOURCE_ETAG), key);
    }

    List<Delivered> deliveredFor(LocalRun run, String key) {
        return run.delivered().stream().filter(d -> d.key().equals(key)).toList();
    }

    @Test
    void aCopyTriggersLikeAPut() throws Exception {
        LocalRun run = start(Map.of());
        S3Client s3 = client(run);
        put(s3, "uploads", "in/a.tif", ZEISS);
        assertTrue(run.awaitIdle(60_000));
        s3.copyObject(b -> b.sourceBucket("uploads").sourceKey("in/a.tif").destinationBucket("uploads")
                .destinationKey("copies/b copy.tif"));
        assertTrue(run.awaitIdle(60_000));
        assertEquals(List.of(new Delivered("uploads", "copies/b copy.tif", "ObjectCreated:Copy")),
                deliveredFor(run, "copies/b copy.tif"));
        assertCurrentRecord(s3, "copies/b copy.tif");
        assertEquals("SEM", record(s3, "copies/b copy.tif").path("detected").path("technique").asText());
        assertTrue(exists(s3, "uploads", "copies/b copy.tif.metadata.json"));
    }

    @Test
    void aMultipartUploadTriggersOnceAndItsPartsNever() throws Exception {
        LocalRun run = start(Map.of());
        S3Client s3 = client(run);
        byte[] file = Files.readAllBytes(Corpus.file("rosettasciio/example_velox_EELS_EDS.emd"));
        int cut = 5 * 1024 * 1024;
        assertTrue(file.length > cut, "two parts: 5 MiB and the rest");
        String key = "mp/velox EELS.emd";
        String id = s3.createMultipartUpload(b -> b.bucket("uploads").key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[][] chunks = {Arrays.copyOfRange(file, 0, cut), Arrays.copyOfRange(file, cut, file.length)};
        for (int i = 0; i < chunks.length; i++) {
            int n = i + 1;
            String etag = s3.uploadPart(b -> b.bucket("uploads").key(key).uploadId(id).partNumber(n),
                    RequestBody.fromBytes(chunks[i])).eTag();
            parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        assertTrue(run.awaitIdle(60_000));
        assertFalse(exists(s3, "uploads", key), "not an object before completion");
        s3.completeMultipartUpload(b -> b.bucket("uploads").key(key).uploadId(id)
                .multipartUpload(m -> m.parts(parts)));
        assertTrue(run.awaitIdle(120_000));

        assertEquals(List.of(new Delivered("uploads", key, "ObjectCreated:CompleteMultipartUpload")),
                deliveredFor(run, key));
        // S3Proxy's stub (.s3proxy-mpu-stub-<id>, put at initiation, removed at completion) and parts (.mpus-<id>-N)
        assertFalse(run.delivered().stream().anyMatch(d -> d.key().contains("mpu")), run.delivered().toString());
        assertFalse(logLines.stream().anyMatch(l -> l.contains("mpu")), String.join("\n", logLines));
        assertFalse(logLines.stream().anyMatch(l -> l.contains("\"status\":\"error\"")), String.join("\n", logLines));
        assertCurrentRecord(s3, key);
        assertEquals(file.length, record(s3, key).path("source").path("size").asLong());
        assertEquals("hdf5/velox-emd", record(s3, key).path("detected").path("format").asText());
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket("uploads")).contents()) {
            assertFalse(o.key().contains("mpu") && o.key().endsWith(".json"), "documents for a part: " + o.key());
        }
    }

    @Test
    void stoppingDrainsTheQueue() throws Exception {
        LocalRun run = start(Map.of());
        S3Client s3 = client(run);
        assertTrue(run.awaitIdle(60_000)); // the (empty) start-up scan
        run.hold();
        List<String> keys = List.of("q/1.tif", "q/2.dm3", "q/3.tif", "q/4.dm3");
        for (String k : keys) {
            put(s3, "uploads", k, k.endsWith(".tif") ? ZEISS : DM3);
        }
        assertEquals(4, run.pending());
        for (String k : keys) {
            assertFalse(exists(s3, "uploads", k + ".extraction.json"), "held: nothing processed yet");
        }
        run.close(); // what Ctrl-C does
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("finishing 4 queued upload(s)"),
                console.toString(StandardCharsets.UTF_8));
        assertEquals(0, run.pending());

        // a fresh start over the same folder finds every document current: nothing was left to the scan
        LocalRun next = start(Map.of());
        S3Client s3b = client(next);
        assertTrue(next.awaitIdle(60_000));
        for (String k : keys) {
            assertCurrentRecord(s3b, k);
        }
        assertEquals(4L, next.startupScan().skippedReasons().get("unchanged"), next.startupScan().line());
        assertEquals(0L, next.startupScan().count("written") + next.startupScan().count("partial"),
                next.startupScan().line());
    }

    @Test
    void startUpProcessesObjectsWithoutCurrentDocuments() throws Exception {
        LocalRun first = start(Map.of());
        S3Client s3 = client(first);
        put(s3, "uploads", "done.tif", ZEISS);
        put(s3, "uploads", "changed.dm3", DM3);
        // both notifications in and processed: a late one would otherwise be counted among the held ones below
        assertTrue(first.awaitIdle(2, 60_000));
        String oldEtag = s3.headObject(b -> b.bucket("uploads").key("changed.dm3")).eTag();
        first.hold();
        put(s3, "uploads", "lost/a.tif", ZEISS);
        put(s3, "uploads", "lost/b.dm3", DM3);
        put(s3, "uploads", "changed.dm3", "public/rosettasciio/Fei HAADF-DE_location.dm3"); // new content, old docs
        assertEquals(3, first.pending());
        assertFalse(exists(s3, "uploads", "lost/a.tif.extraction.json"));
        first.kill(); // the queue is lost

        LocalRun second = start(Map.of());
        S3Client s3b = client(second);
        assertTrue(second.awaitIdle(120_000));
        for (String k : List.of("done.tif", "changed.dm3", "lost/a.tif", "lost/b.dm3")) {
            assertCurrentRecord(s3b, k);
        }
        assertFalse(oldEtag.equals(s3b.headObject(b -> b.bucket("uploads").key("changed.dm3")).eTag()));
        var scan = second.startupScan();
        assertNotNull(scan);
        assertEquals(3L, scan.count("written") + scan.count("partial"), scan.line());
        assertEquals(1L, scan.skippedReasons().get("unchanged"), scan.line());
        assertEquals(0L, scan.count("error"), scan.line());
    }

    @Test
    void otherBucketsAreServedButNotProcessed() throws Exception {
        LocalRun run = start(Map.of());
        S3Client s3 = client(run);
        s3.createBucket(b -> b.bucket("other"));
        put(s3, "other", "x.tif", ZEISS);
        put(s3, "uploads", "y.tif", ZEISS); // processed after x.tif's notification would have been
        assertTrue(run.awaitIdle(60_000));
        assertCurrentRecord(s3, "y.tif");
        assertTrue(exists(s3, "other", "x.tif"));
        assertFalse(exists(s3, "other", "x.tif.extraction.json"));
        assertFalse(exists(s3, "uploads", "x.tif.extraction.json"));
        assertFalse(run.delivered().stream().anyMatch(d -> !d.bucket().equals("uploads")), run.delivered().toString());
    }

    @Test
    void removalsAreForwardedWithTheirEventName() throws Exception {
        LocalRun run = start(Map.of());
        S3Client s3 = client(run);
        put(s3, "uploads", "gone.tif", ZEISS);
        assertTrue(run.awaitIdle(60_000));
        s3.deleteObject(b -> b.bucket("uploads").key("gone.tif"));
        assertTrue(run.awaitIdle(60_000));
        assertEquals(List.of(new Delivered("uploads", "gone.tif", "ObjectCreated:Put"),
                new Delivered("uploads", "gone.tif", "ObjectRemoved:Delete")), deliveredFor(run, "gone.tif"));
        assertFalse(logLines.stream().anyMatch(l -> l.contains("\"status\":\"error\"")), String.join("\n", logLines));
    }

    @Test
    void readsTheEmmetaEnvironment() throws Exception {
        LocalRun run = start(Map.of("EMMETA_OUTPUT_METADATA_SUFFIX", ".md.json", "EMMETA_OUTPUT_BUCKET", "docs"));
        S3Client s3 = client(run);
        put(s3, "uploads", "env.tif", ZEISS);
        assertTrue(run.awaitIdle(60_000));
        assertTrue(exists(s3, "docs", "env.tif.md.json"));
        assertTrue(exists(s3, "docs", "env.tif.extraction.json"));
        assertFalse(exists(s3, "uploads", "env.tif.metadata.json"));
    }
}
