package io.emmeta.adapter.lambda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.s3.S3UploadProcessor;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.LoopbackS3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue #11, part 3: documents follow their objects. Removal, overwrite, sidecar pairs and event order, through the
 * real function (Lambda mock event server) against the loopback S3 server; every expectation is read from the store.
 */
@QuarkusTest
@QuarkusTestResource(LoopbackS3Resource.class)
class DocumentsFollowObjectsTest {

    static final String BUCKET = "follow";
    static final ObjectMapper JSON = new ObjectMapper();
    static S3Client s3;
    static byte[] zeiss;
    static byte[] zeiss2;

    @BeforeAll
    static void setUp() throws IOException {
        s3 = LoopbackS3Resource.server().client();
        s3.createBucket(b -> b.bucket(BUCKET));
        zeiss = Files.readAllBytes(Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"));
        zeiss2 = Files.readAllBytes(Corpus.file("SEM-Mapping-Tool/1-as-cast_16_Sch_10k_InLens.tif"));
    }

    static void upload(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    static void delete(String key) {
        s3.deleteObject(b -> b.bucket(BUCKET).key(key));
    }

    static String etag(String key) {
        return s3.headObject(b -> b.bucket(BUCKET).key(key)).eTag();
    }

    static JsonNode read(String key) throws IOException {
        return JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
    }

    static Set<String> keysUnder(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key)
                .collect(Collectors.toSet());
    }

    static String notification(String eventName, String encodedKey, String sequencer) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"%s",
                  "s3":{"bucket":{"name":"%s"},"object":{"key":"%s"%s}}}]}"""
                .formatted(eventName, BUCKET, encodedKey, sequencer == null ? "" : ",\"sequencer\":\"" + sequencer + "\"");
    }

    static JsonPath post(String event) {
        return given().contentType("application/json").body(event).when().post().then().statusCode(200).extract()
                .jsonPath();
    }

    static JsonPath created(String key) {
        return post(notification("ObjectCreated:Put", key.replace(" ", "+"), null));
    }

    static JsonPath removed(String key) {
        return post(notification("ObjectRemoved:Delete", key.replace(" ", "+"), null));
    }

    @jakarta.inject.Inject
    S3UploadProcessor processor;

    @Test
    void removingAnExtractedFileRemovesBothDocumentsAndNothingElse() throws IOException {
        upload("rm/a b.tif", zeiss);
        assertEquals("rm/a b.tif.metadata.json", created("rm/a b.tif").getString("outcomes[0].metadataKey"));
        assertTrue(keysUnder("rm/").containsAll(Set.of("rm/a b.tif.metadata.json", "rm/a b.tif.extraction.json")));
        // a user's own file that merely ends in our suffix, beside an object that gets removed, is not ours
        upload("rm/mine.tif", zeiss);
        upload("rm/mine.tif.metadata.json", "{\"written\":\"by a person\"}".getBytes(StandardCharsets.UTF_8));
        delete("rm/a b.tif");
        delete("rm/mine.tif");
        JsonPath r = removed("rm/a b.tif");
        assertEquals("removed", r.getString("outcomes[0].status"), r::prettify);
        JsonPath mine = removed("rm/mine.tif");
        assertEquals("skipped", mine.getString("outcomes[0].status"), mine::prettify);
        assertEquals(Set.of("rm/mine.tif.metadata.json"), keysUnder("rm/"), "ours gone, the person's file kept");
        assertEquals("by a person", read("rm/mine.tif.metadata.json").path("written").asText());
        // removing one of our own outputs (or a person's file named like one) triggers nothing
        JsonPath own = removed("rm/mine.tif.metadata.json");
        assertEquals("own output (by its name)", own.getString("outcomes[0].message"));
        assertEquals(Set.of("rm/mine.tif.metadata.json"), keysUnder("rm/"));
    }

    @Test
    void removalEventsInEveryShape() {
        for (String k : List.of("shape/sqs.tif", "shape/eb.tif", "shape/marker.tif", "shape/local.tif")) {
            upload(k, zeiss);
            created(k);
            delete(k);
        }
        String sqsBody = notification("ObjectRemoved:Delete", "shape/sqs.tif", "00AA");
        JsonPath sqs = post(JSON.valueToTree(Map.of("Records", List.of(Map.of("messageId", "m1", "eventSource",
                "aws:sqs", "body", sqsBody)))).toString());
        assertEquals(List.of(), sqs.getList("batchItemFailures"));
        assertEquals("removed", sqs.getString("outcomes[0].status"), sqs::prettify);
        JsonPath eb = post(JSON.valueToTree(Map.of("version", "0", "detail-type", "Object Deleted", "source", "aws.s3",
                "detail", Map.of("bucket", Map.of("name", BUCKET), "object", Map.of("key", "shape/eb.tif",
                        "sequencer", "00BB"), "deletion-type", "Permanently Deleted"))).toString());
        assertEquals("removed", eb.getString("outcomes[0].status"), eb::prettify);
        JsonPath marker = post(notification("ObjectRemoved:DeleteMarkerCreated", "shape/marker.tif", null));
        assertEquals("removed", marker.getString("outcomes[0].status"), marker::prettify);
        // the local runner's call: the old three-argument entry point
        assertEquals("removed", processor.processEventRecord(BUCKET, "shape/local.tif", "ObjectRemoved:Delete").status());
        assertEquals(Set.of(), keysUnder("shape/"));
    }

    @Test
    void lateRemovalOfAReuploadedObjectRemovesNothing() throws IOException {
        String key = "again/x.tif";
        upload(key, zeiss);
        created(key);
        delete(key);
        upload(key, zeiss2); // re-uploaded before the removal's event was handled
        JsonPath r = removed(key);
        assertNotEquals("removed", r.getString("outcomes[0].status"), r::prettify);
        assertTrue(r.getString("outcomes[0].message").contains("exists again"), r::prettify);
        assertTrue(keysUnder("again/").containsAll(Set.of(key + ".metadata.json", key + ".extraction.json")));
        // and the documents describe what is in the store now, not what was removed
        assertEquals(etag(key), read(key + ".extraction.json").at("/source/etag").asText());
        // the re-upload's own event, arriving after, finds nothing to do
        assertEquals("skipped", created(key).getString("outcomes[0].status"));
    }

    @Test
    void overwriteWithUnsupportedContentRemovesTheStaleDocument() throws IOException {
        String key = "over/sample.tif";
        upload(key, zeiss);
        created(key);
        assertTrue(keysUnder("over/").contains(key + ".metadata.json"));
        Random random = new Random(11);
        List<String> words = List.of("lorem", "ipsum", "beam", "sample", "holder", "coffee", "tuesday", "grid");
        String text = random.ints(400, 0, words.size()).mapToObj(words::get).collect(Collectors.joining(" "));
        upload(key, text.getBytes(StandardCharsets.UTF_8));
        JsonPath r = created(key);
        assertFalse(keysUnder("over/").contains(key + ".metadata.json"), () -> "stale document left: " + r.prettify());
        JsonNode rec = read(key + ".extraction.json");
        assertEquals(etag(key), rec.at("/source/etag").asText(), "the record is the new content's");
        assertEquals("unsupported", rec.path("status").asText());
        assertEquals("UNSUPPORTED_FORMAT", rec.at("/errors/0/code").asText());
        assertTrue(rec.path("notes").toString().contains("schema document " + key + ".metadata.json of the previous "
                + "content was removed"), rec.path("notes")::toString);
        assertTrue(r.getString("outcomes[0].message").contains("removed stale " + key + ".metadata.json"), r::prettify);
    }

    @Test
    void removedSidecarReExtractsItsImageAlone() throws IOException {
        byte[] tif = Files.readAllBytes(Corpus.file("public/odemis/jeol_example_sem.tif"));
        byte[] txt = Files.readAllBytes(Corpus.file("public/odemis/jeol_example_sem.txt"));
        upload("side/img.tif", tif);
        upload("side/img.txt", txt);
        created("side/img.tif");
        JsonNode paired = read("side/img.tif.extraction.json");
        assertEquals("side/img.txt", paired.at("/source/sidecar").asText());
        assertTrue(paired.at("/original/sidecar").isObject());
        assertTrue(keysUnder("side/").contains("side/img.tif.metadata.json"));
        delete("side/img.txt");
        JsonPath r = removed("side/img.txt");
        assertEquals("skipped", r.getString("outcomes[0].status"), "the sidecar had no documents of its own");
        JsonNode alone = read("side/img.tif.extraction.json");
        assertEquals(etag("side/img.tif"), alone.at("/source/etag").asText());
        assertTrue(alone.at("/source/sidecar").isMissingNode(), alone.path("source")::toString);
        assertTrue(alone.at("/original/sidecar").isMissingNode(), "no sidecar facts left");
        // a JEOL TIFF without its text file has no mapping: the pair's document goes
        // (the image's preview stays: its pixels are the same with or without the sidecar)
        assertEquals(Set.of("side/img.tif", "side/img.tif.extraction.json", "side/img.tif.preview.png"),
                keysUnder("side/"));
        assertTrue(alone.path("notes").toString().contains("was removed"), alone.path("notes")::toString);
    }

    @Test
    void removedImageLeavesItsSidecarWithItsOwnRecord() throws IOException {
        byte[] tif = Files.readAllBytes(Corpus.file("public/odemis/jeol_example_sem.tif"));
        byte[] txt = Files.readAllBytes(Corpus.file("public/odemis/jeol_example_sem.txt"));
        upload("side2/img.tif", tif);
        upload("side2/img.txt", txt);
        created("side2/img.txt");
        assertEquals(Set.of("side2/img.tif", "side2/img.txt", "side2/img.tif.metadata.json",
                "side2/img.tif.extraction.json", "side2/img.tif.preview.png"), keysUnder("side2/"));
        delete("side2/img.tif");
        assertEquals("removed", removed("side2/img.tif").getString("outcomes[0].status"));
        assertEquals(Set.of("side2/img.txt", "side2/img.txt.extraction.json"), keysUnder("side2/"));
        JsonNode lone = read("side2/img.txt.extraction.json");
        assertEquals(etag("side2/img.txt"), lone.at("/source/etag").asText());
        assertTrue(lone.at("/source/sidecar").isMissingNode() && lone.has("original"), lone::toString);
    }

    @Test
    void sidecarFirstThenImageLeavesNoLoneRecord() throws IOException {
        byte[] tif = Files.readAllBytes(Corpus.file("public/odemis/jeol_example_sem.tif"));
        byte[] txt = Files.readAllBytes(Corpus.file("public/odemis/jeol_example_sem.txt"));
        upload("first/img.txt", txt);
        created("first/img.txt");
        JsonNode lone = read("first/img.txt.extraction.json");
        assertTrue(lone.at("/source/sidecar").isMissingNode(), "a lone sidecar's record");
        upload("first/img.tif", tif);
        JsonPath r = created("first/img.tif");
        assertTrue(r.getString("outcomes[0].message").contains("first/img.txt.extraction.json"), r::prettify);
        assertEquals(Set.of("first/img.tif", "first/img.txt", "first/img.tif.metadata.json",
                "first/img.tif.extraction.json", "first/img.tif.preview.png"), keysUnder("first/"),
                "the same end state as image-then-sidecar");
        JsonNode rec = read("first/img.tif.extraction.json");
        assertEquals("first/img.txt", rec.at("/source/sidecar").asText());
        assertEquals(etag("first/img.txt"), s3.headObject(b -> b.bucket(BUCKET).key("first/img.tif.extraction.json"))
                .metadata().get("emmeta-sidecar-etag"));
        assertEquals(5000, rec.at("/mapped/entry/instrument/eBeamSource/accelerationVoltage/value").asInt());
    }

    /**
     * S3Proxy (transient blob store) keeps no object versions, so versionIds cannot be exercised here; the order of
     * events is tested with sequencers, which S3 puts on every PUT and DELETE event of versioned and unversioned
     * buckets alike.
     */
    @Test
    void eventsOlderThanTheDocumentsAreSkipped() throws IOException {
        String key = "seq/s.tif";
        upload(key, zeiss);
        post(notification("ObjectCreated:Put", key, "0055AED6DCD90281E5"));
        assertEquals("0055AED6DCD90281E5", s3.headObject(b -> b.bucket(BUCKET).key(key + ".extraction.json")).metadata()
                .get(S3UploadProcessor.SOURCE_SEQUENCER));
        String recordEtag = etag(key + ".extraction.json");
        // a late event of an older upload (shorter sequencer: padded on the right, older) is skipped, nothing written
        upload(key, zeiss2);
        JsonPath stale = post(notification("ObjectCreated:Put", key, "0055AED6DCD90281"));
        assertEquals("skipped", stale.getString("outcomes[0].status"));
        assertTrue(stale.getString("outcomes[0].message").startsWith("stale event"), stale::prettify);
        assertEquals(recordEtag, etag(key + ".extraction.json"));
        // the newer upload's event extracts the current content
        JsonPath newer = post(notification("ObjectCreated:Put", key, "0055AED6DCD9028200"));
        assertEquals("partial", newer.getString("outcomes[0].status"), newer::prettify);
        assertEquals(etag(key), read(key + ".extraction.json").at("/source/etag").asText());
        // an older removal, arriving after the object is really gone, is skipped too: the newer one removes
        delete(key);
        JsonPath oldRemoval = post(notification("ObjectRemoved:Delete", key, "0055AED6DCD90281F0"));
        assertTrue(oldRemoval.getString("outcomes[0].message").startsWith("stale removal"), oldRemoval::prettify);
        assertTrue(keysUnder("seq/").contains(key + ".extraction.json"));
        JsonPath removal = post(notification("ObjectRemoved:Delete", key, "0055AED6DCD9028300"));
        assertEquals("removed", removal.getString("outcomes[0].status"), removal::prettify);
        assertEquals(Set.of(), keysUnder("seq/"));
    }

    /**
     * With a versioned bucket (S3Proxy's transient store keeps versions): a late event naming an older version
     * extracts the current version (never the event's stale one); deleting the newest version brings the older one's
     * documents back; a delete marker removes the documents. Runs only where the loopback store keeps versions; otherwise it is reported as skipped.
     */
    @Test
    void lateEventForAnOlderVersionExtractsTheCurrentVersion() throws IOException {
        String bucket = "follow-versioned";
        s3.createBucket(b -> b.bucket(bucket));
        String v1;
        String v2;
        try {
            s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status("Enabled")));
            v1 = s3.putObject(b -> b.bucket(bucket).key("v.tif"), RequestBody.fromBytes(zeiss)).versionId();
            v2 = s3.putObject(b -> b.bucket(bucket).key("v.tif"), RequestBody.fromBytes(zeiss2)).versionId();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            v1 = null;
            v2 = null;
            System.out.println("loopback store refuses versioning: " + e.getMessage());
        }
        String first = v1;
        String second = v2;
        org.junit.jupiter.api.Assumptions.assumeTrue(first != null && second != null && !first.equals(second),
                () -> "the loopback S3 store keeps no object versions (versionIds " + first + ", " + second + ")");
        String event = """
                {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"%s"},
                  "object":{"key":"v.tif","versionId":"%s","sequencer":"0A"}}}]}""".formatted(bucket, first);
        post(event);
        JsonNode rec = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key("v.tif.extraction.json")).asByteArray());
        assertEquals(second, rec.at("/source/versionId").asText(), "the current version, not the event's");
        assertEquals(s3.headObject(b -> b.bucket(bucket).key("v.tif")).eTag(), rec.at("/source/etag").asText());
        // the newest version permanently deleted: the older one is current again, and its documents replace the others
        s3.deleteObject(b -> b.bucket(bucket).key("v.tif").versionId(second));
        JsonPath back = post(event.replace(first, second).replace("ObjectCreated:Put", "ObjectRemoved:Delete")
                .replace("\"0A\"", "\"0C\""));
        assertTrue(back.getString("outcomes[0].message").contains("exists again"), back::prettify);
        JsonNode again = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key("v.tif.extraction.json")).asByteArray());
        assertEquals(first, again.at("/source/versionId").asText());
        assertEquals(s3.headObject(b -> b.bucket(bucket).key("v.tif")).eTag(), again.at("/source/etag").asText());
        // a delete marker: the object is gone for readers, and so are its documents
        s3.deleteObject(b -> b.bucket(bucket).key("v.tif"));
        JsonPath marker = post(event.replace("ObjectCreated:Put", "ObjectRemoved:DeleteMarkerCreated")
                .replace("\"0A\"", "\"0D\""));
        assertEquals("removed", marker.getString("outcomes[0].status"), marker::prettify);
        assertEquals(Set.of(), s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
                .collect(Collectors.toSet()));
        // and the first upload's event, delivered very late, brings nothing back
        assertEquals("skipped", post(event.replace("\"0A\"", "\"0B\"")).getString("outcomes[0].status"));
        assertEquals(0, s3.listObjectsV2(b -> b.bucket(bucket)).keyCount());
    }
}
