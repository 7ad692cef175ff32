package io.emmeta.adapter.lambda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.testing.Corpus;
import io.emmeta.testing.FaultInjectingBlobStore;
import io.emmeta.testing.FaultInjectingBlobStore.Op;
import io.emmeta.testing.LoopbackS3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Store faults injected into the real loopback S3 server (HTTP 503 / 500 on HEAD, ranged GET, PUT): transient ones
 * are absorbed by the client's bounded retries with backoff; persistent ones end as a typed, retriable failure that
 * the trigger sees (a Lambda error for direct events, batchItemFailures for SQS) — never a silent nothing. Also the
 * context defaults documents per prefix.
 */
@QuarkusTest
@QuarkusTestResource(LoopbackS3Resource.class)
class StoreFaultsTest {

    static final String BUCKET = "faults";
    static final ObjectMapper JSON = new ObjectMapper();
    static S3Client s3;
    static byte[] zeiss;
    static FaultInjectingBlobStore faults;

    @BeforeAll
    static void setUp() throws IOException {
        s3 = LoopbackS3Resource.server().client();
        s3.createBucket(b -> b.bucket(BUCKET));
        zeiss = Files.readAllBytes(Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"));
        faults = LoopbackS3Resource.faults();
    }

    @AfterEach
    void clear() {
        faults.clear();
        LoopbackS3Resource.proxy().clear();
    }

    @Test
    void connectionResetsAreRetriedThroughARealTcpProxy() {
        upload("r/reset.tif");
        LoopbackS3Resource.proxy().resetNext(2);
        JsonPath r = given().contentType("application/json").body(event("r/reset.tif")).post().then().statusCode(200)
                .extract().jsonPath();
        assertEquals("partial", r.getString("outcomes[0].status"));
        assertTrue(LoopbackS3Resource.proxy().connections() >= 2, "reset connections were replaced and retried");
    }

    @Test
    void aStalledStoreTimesOutBoundedAndTyped() {
        upload("s/stall.tif");
        LoopbackS3Resource.proxy().stall(3000); // longer than the 1 s socket timeout set for the tests
        long t0 = System.nanoTime();
        String body = given().contentType("application/json").body(event("s/stall.tif")).post().then().statusCode(500)
                .extract().asString();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(body.contains("SOURCE_UNAVAILABLE"), body);
        assertTrue(ms < 30_000, "bounded: " + ms + " ms");
    }

    static String event(String key) {
        return """
                {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put",
                  "s3":{"bucket":{"name":"%s"},"object":{"key":"%s"}}}]}""".formatted(BUCKET, key);
    }

    static void upload(String key) {
        // the store may have closed the test client's kept-alive connection during the previous (stalling) test
        s3.putObject(b -> b.bucket(BUCKET).key(key),
                RequestBody.fromBytes(zeiss));
    }

    @Test
    void transientSlowDownOnTheFirstReadIsRetriedAndTheUploadSucceeds() {
        upload("t/a.tif");
        // the first ranged GET stands in for HEAD (it also says size, ETag, version): its faults are retried
        faults.fail(Op.GET, "t/a.tif", 2, 503);
        JsonPath r = given().contentType("application/json").body(event("t/a.tif")).post().then().statusCode(200)
                .extract().jsonPath();
        assertEquals("partial", r.getString("outcomes[0].status"));
        assertTrue(faults.calls(Op.GET, "t/a.tif") >= 3, "GET retried past the two faults");
    }

    @Test
    void aFirstReadThatKeepsFailingIsDecidedByHeadAndTyped() throws IOException {
        upload("t/h.tif");
        // the first read and HEAD both fail: nothing is known about the object, so nothing is written, and the
        // failure is the store's (retriable), not the file's
        faults.fail(Op.GET, "t/h.tif", 1000, 503);
        faults.fail(Op.HEAD, "t/h.tif", 1000, 503);
        String body = given().contentType("application/json").body(event("t/h.tif")).post().then().statusCode(500)
                .extract().asString();
        assertTrue(body.contains("SOURCE_UNAVAILABLE"), body);
        assertTrue(faults.calls(Op.HEAD, "t/h.tif") >= 1, "HEAD asked once the first read failed");
        assertFalse(keyExists("t/h.tif.extraction.json"), "no record without knowing the object");
    }

    static boolean keyExists(String key) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents().stream().anyMatch(o -> o.key().equals(key));
    }

    @Test
    void persistentReadFailureIsATypedRetriableErrorTheTriggerSees() throws IOException {
        upload("p/b.tif");
        faults.fail(Op.GET, "p/b.tif", 1000, 503);
        long t0 = System.nanoTime();
        String body = given().contentType("application/json").body(event("p/b.tif")).post().then().statusCode(500)
                .extract().asString();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(body.contains("RetryableFailure") || body.contains("SOURCE_UNAVAILABLE"), body);
        int gets = faults.calls(Op.GET, "p/b.tif");
        assertTrue(gets >= 2 && gets <= 10, "bounded retries: " + gets + " GETs");
        assertTrue(ms < 30_000, "bounded time: " + ms + " ms");
        // the record says why, typed, and no schema document was invented
        JsonNode rec = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("p/b.tif.extraction.json")).asByteArray());
        assertEquals("SOURCE_UNAVAILABLE", rec.at("/errors/0/code").asText());
        // once the store recovers, the retry (same event) completes the upload
        faults.clear();
        given().contentType("application/json").body(event("p/b.tif")).post().then().statusCode(200);
        assertTrue(s3.headObject(b -> b.bucket(BUCKET).key("p/b.tif.metadata.json")).contentLength() > 0);
    }

    @Test
    void failingOutputWriteInAnSqsBatchFailsOnlyThatMessage() {
        upload("q/ok.tif");
        upload("q/nowrite.tif");
        faults.fail(Op.PUT, "q/nowrite.tif.extraction.json", 1000, 500);
        List<Map<String, Object>> records = List.of(
                Map.of("messageId", "m1", "eventSource", "aws:sqs", "body", event("q/ok.tif")),
                Map.of("messageId", "m2", "eventSource", "aws:sqs", "body", event("q/nowrite.tif")));
        JsonPath r = given().contentType("application/json").body(Map.of("Records", records)).post().then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("m2"), r.getList("batchItemFailures.itemIdentifier"));
        assertEquals("OUTPUT_FAILED", r.getString("outcomes.find { it.key == 'q/nowrite.tif' }.errorCode"));
    }

    @Test
    void prefixDefaultsSupplyContextMostSpecificWins() throws IOException {
        s3.putObject(b -> b.bucket(BUCKET).key("lab/.emmeta.json"), RequestBody.fromString("""
                {"technique": "SEM", "measurementPurpose": "exploratory (routine check of known properties)",
                 "userName": "facility",
                 "sem": {"entry": {"instrument": {"chamberPressure": {"value": 1, "unit": "Pa"},
                   "stage": {"preTilt": {"value": 0, "unit": "degree"}}}}}}"""));
        s3.putObject(b -> b.bucket(BUCKET).key("lab/alice/.emmeta.json"), RequestBody.fromString("""
                {"userName": "alice", "parentReference": "https://samples.example.org/S-17",
                 "sem": {"entry": {"instrument": {"stage": {"preTilt": {"value": 38, "unit": "degree"}}}}}}"""));
        upload("lab/alice/run1/img.tif");
        given().contentType("application/json").body(event("lab/alice/run1/img.tif")).post().then().statusCode(200);
        JsonNode rec = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET)
                .key("lab/alice/run1/img.tif.extraction.json")).asByteArray());
        JsonNode entry = rec.at("/mapped/entry");
        assertEquals("SEM", entry.get("technique").asText());
        assertEquals("alice", entry.at("/user/userName").asText(), "deeper folder wins");
        assertEquals("exploratory (routine check of known properties)", entry.get("measurementPurpose").asText());
        assertEquals("https://samples.example.org/S-17", entry.at("/parents/0/parentReference").asText());
        assertTrue(rec.at("/validation/missingContext").isEmpty(), rec.at("/validation").toString());
        // the instrument context: the deeper document's value, filling only what the file lacks
        assertEquals(38, entry.at("/instrument/stage/preTilt/value").asDouble(), 1e-12);
        assertEquals(1.87e-4, entry.at("/instrument/chamberPressure/value").asDouble(), 1e-9,
                "the file's own chamber pressure wins over the context's 1 Pa");
        // the defaults documents are configuration, not uploads
        JsonPath skip = given().contentType("application/json").body(event("lab/.emmeta.json")).post().then()
                .statusCode(200).extract().jsonPath();
        assertEquals("skipped", skip.getString("outcomes[0].status"));
    }
}
