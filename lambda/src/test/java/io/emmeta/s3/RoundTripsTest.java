package io.emmeta.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.OutputNames;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.LoopbackS3;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Which S3 calls an upload costs (issue #15), counted on the client against the real loopback server: the first
 * read is a ranged GET (no HEAD), sidecar partners and our own documents are found by one LIST, the unchanged check
 * costs a call only when a record exists, and the pair is still found and paired.
 */
class RoundTripsTest {

    /**
     * Counts the client's calls by operation name, leaving out the prefix defaults' GETs (one per folder, cached
     * across uploads: not this upload's cost); {@link #on} counts one key's.
     */
    static final class Calls implements ExecutionInterceptor {
        final Map<String, Integer> byOp = new TreeMap<>();
        final Map<String, Integer> byOpAndKey = new TreeMap<>();

        @Override
        public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String key = context.request().getValueForField("Key", String.class).orElse("");
            if (key.endsWith(PrefixDefaults.NAME)) {
                return;
            }
            String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            byOp.merge(op, 1, Integer::sum);
            byOpAndKey.merge(op + " " + key, 1, Integer::sum);
        }

        synchronized int of(String op) {
            return byOp.getOrDefault(op, 0);
        }

        synchronized int on(String op, String key) {
            return byOpAndKey.getOrDefault(op + " " + key, 0);
        }

        synchronized void clear() {
            byOp.clear();
            byOpAndKey.clear();
        }
    }

    static LoopbackS3 server;
    static S3Client plain;
    static S3Client counted;
    static final Calls CALLS = new Calls();
    static final ObjectMapper JSON = new ObjectMapper();
    static S3UploadProcessor processor;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackS3.start();
        plain = server.client();
        counted = server.client(CALLS);
        plain.createBucket(b -> b.bucket("trips"));
        processor = new S3UploadProcessor(counted, Extractor.standard(JSON), OutputNames.DEFAULT, 30_000);
        processor.logSink(line -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void clear() {
        CALLS.clear();
    }

    static void put(String key, String corpusFile) throws Exception {
        plain.putObject(b -> b.bucket("trips").key(key), RequestBody.fromBytes(Files.readAllBytes(Corpus.file(corpusFile))));
    }

    @Test
    void aTiffIsReadWithoutHeadItsNeighboursListedOnceAndItsOutputsPut() throws Exception {
        put("t/zeiss.tif", "rosettasciio/test_tiff_Zeiss_SEM_1k.tif");
        UploadOutcome o = processor.process("trips", "t/zeiss.tif");
        assertEquals("partial", o.status());
        assertEquals(0, CALLS.of("HeadObject"), "no HEAD: the first ranged GET says size, ETag and metadata " + CALLS.byOp);
        assertEquals(1, CALLS.of("ListObjectsV2"), "one LIST for six sidecar names and the record " + CALLS.byOp);
        assertEquals(3, CALLS.of("PutObject"), "the two documents and the preview " + CALLS.byOp);
        assertTrue(o.requests() <= 2, "the header, then the IFD and tags at the end: " + o.requests());
        // the record's requests are the metadata's (the first read counted as a GET); the preview's rows, 1 MB of a
        // 1k × 768 image, come in one merged range
        assertTrue(CALLS.of("GetObject") <= o.requests() + 1, o.requests() + " metadata GETs; " + CALLS.byOp);
        JsonNode rec = JSON.readTree(plain.getObjectAsBytes(b -> b.bucket("trips").key("t/zeiss.tif.extraction.json"))
                .asByteArray());
        long size = Files.size(Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"));
        assertEquals(size, rec.at("/source/size").asLong(), "size from Content-Range");
        assertFalse(rec.at("/source/etag").asText().isEmpty(), "ETag from the first read");

        // the same event again: the LIST shows a record, whose HEAD says it was made from this content
        CALLS.clear();
        UploadOutcome again = processor.process("trips", "t/zeiss.tif");
        assertEquals("skipped", again.status(), again.message());
        assertEquals(1, CALLS.of("HeadObject"), CALLS.byOp.toString());
        assertEquals(0, CALLS.of("PutObject"), CALLS.byOp.toString());
    }

    @Test
    void aPairIsFoundByTheListInEitherOrder() throws Exception {
        put("p/jeol.tif", "public/odemis/jeol_example_sem.tif");
        UploadOutcome alone = processor.process("trips", "p/jeol.tif");
        assertNull(sidecarOf("p/jeol.tif"), "no sidecar yet: " + alone.status());
        put("p/jeol.txt", "public/odemis/jeol_example_sem.txt");
        CALLS.clear();
        // the sidecar's event: the LIST finds the image, so the pair is extracted beside the image
        UploadOutcome pair = processor.process("trips", "p/jeol.txt");
        assertEquals("p/jeol.tif", pair.key());
        assertTrue(String.valueOf(sidecarOf("p/jeol.tif")).endsWith("p/jeol.txt"), sidecarOf("p/jeol.tif"));
        // one HEAD only: the image's earlier record (the LIST showed it), for the unchanged check; no partner HEADs
        assertEquals(1, CALLS.of("HeadObject"), CALLS.byOp.toString());
        assertEquals(2, CALLS.of("ListObjectsV2"), "one per event handled: the sidecar's, then the image's " + CALLS.byOp);
        assertFalse(keys().contains("p/jeol.txt.extraction.json"), "the pair's record covers the sidecar");
    }

    @Test
    void anEmptyObjectHasNoByteToRangeOverAndIsDecidedByHead() {
        plain.putObject(b -> b.bucket("trips").key("e/empty.dm4"), RequestBody.empty());
        UploadOutcome o = processor.process("trips", "e/empty.dm4");
        // the object's HEAD after the refused range; a name that pairs with nothing asks for its record by HEAD too
        assertEquals(1, CALLS.on("HeadObject", "e/empty.dm4"), CALLS.byOpAndKey.toString());
        assertEquals(1, CALLS.on("HeadObject", "e/empty.dm4.extraction.json"), CALLS.byOpAndKey.toString());
        assertEquals(0, CALLS.of("ListObjectsV2"), "no sidecar rule names a .dm4's partner " + CALLS.byOp);
        assertEquals("e/empty.dm4.extraction.json", o.extractionKey(), o.status() + " " + o.message());
    }

    @Test
    void aMissingObjectIsSkippedAfterOneGet() {
        UploadOutcome o = processor.process("trips", "m/never-uploaded.dm4");
        assertEquals("skipped", o.status());
        assertEquals(1, CALLS.of("GetObject"), CALLS.byOp.toString());
        assertEquals(0, CALLS.of("PutObject"), CALLS.byOp.toString());
    }

    static String sidecarOf(String key) throws Exception {
        JsonNode rec = JSON.readTree(plain.getObjectAsBytes(b -> b.bucket("trips").key(key + ".extraction.json"))
                .asByteArray());
        JsonNode s = rec.at("/source/sidecar");
        return s.isMissingNode() || s.isNull() ? null : s.asText();
    }

    static Set<String> keys() {
        List<String> out = new ArrayList<>();
        plain.listObjectsV2(b -> b.bucket("trips")).contents().forEach(o -> out.add(o.key()));
        return Set.copyOf(out);
    }
}
