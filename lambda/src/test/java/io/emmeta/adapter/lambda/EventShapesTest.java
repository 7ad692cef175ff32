package io.emmeta.adapter.lambda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emmeta.testing.Corpus;
import io.emmeta.testing.LoopbackS3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Every trigger shape through the real function, against the loopback S3 server. */
@QuarkusTest
@QuarkusTestResource(LoopbackS3Resource.class)
class EventShapesTest {

    static final String BUCKET = "shapes";
    static final ObjectMapper JSON = new ObjectMapper();
    static S3Client s3;
    static byte[] zeiss;

    @BeforeAll
    static void setUp() throws IOException {
        s3 = LoopbackS3Resource.server().client();
        s3.createBucket(b -> b.bucket(BUCKET));
        zeiss = Files.readAllBytes(Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"));
    }

    static void upload(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    static JsonPath post(Object event, int status) {
        return given().contentType("application/json").body(event instanceof String s ? s : JSON.valueToTree(event)
                .toString()).when().post().then().statusCode(status).extract().jsonPath();
    }

    static String etagOfRecord(String key) {
        return s3.headObject(b -> b.bucket(BUCKET).key(key + ".extraction.json")).eTag();
    }

    static String s3Notification(String encodedKey) {
        return """
                {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put",
                  "s3":{"bucket":{"name":"%s"},"object":{"key":"%s"}}}]}""".formatted(BUCKET, encodedKey);
    }

    @jakarta.inject.Inject
    io.emmeta.s3.S3UploadProcessor processor;

    final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.BeforeEach
    void captureLog() {
        processor.logSink(l -> {
            lines.add(l);
            System.out.println(l);
        });
    }

    @Test
    void eventBridgeObjectCreated() {
        String key = "eb/plain name.tif";
        upload(key, zeiss);
        Map<String, Object> event = Map.of("version", "0", "detail-type", "Object Created", "source", "aws.s3",
                "detail", Map.of("bucket", Map.of("name", BUCKET), "object", Map.of("key", key, "size", zeiss.length)));
        JsonPath r = post(event, 200);
        assertEquals("partial", r.getString("outcomes[0].status"));
        assertEquals(key, r.getString("outcomes[0].key"));
        // the same event with the key URL-encoded (as some senders do) finds the same object
        String encoded = "eb/plain+name.tif";
        JsonPath again = post(Map.of("detail-type", "Object Created", "source", "aws.s3", "detail",
                Map.of("bucket", Map.of("name", BUCKET), "object", Map.of("key", encoded))), 200);
        assertEquals(key, again.getString("outcomes[0].key"));
        assertTrue(again.getString("outcomes[0].message").startsWith("unchanged"), "idempotent: " + again.prettify());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"awsRequestId\":\"")), "log lines carry the request id");
    }

    @Test
    void sqsPartialBatchResponseRetriesOnlyTheBadMessage() {
        String key = "sqs/a%b é.tif";
        upload(key, zeiss);
        String good = s3Notification("sqs/a%25b+%C3%A9.tif");
        String test = "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"" + BUCKET + "\"}";
        String sns = JSON.createObjectNode().put("Type", "Notification").put("Message", good).toString();
        List<Map<String, Object>> records = List.of(
                Map.of("messageId", "m-good", "eventSource", "aws:sqs", "body", good),
                Map.of("messageId", "m-test", "eventSource", "aws:sqs", "body", test),
                Map.of("messageId", "m-garbage", "eventSource", "aws:sqs", "body", "{not json"),
                Map.of("messageId", "m-sns", "eventSource", "aws:sqs", "body", sns));
        JsonPath r = post(Map.of("Records", records), 200);
        List<String> failed = r.getList("batchItemFailures.itemIdentifier");
        assertEquals(List.of("m-garbage"), failed);
        assertEquals(key, r.getString("outcomes[0].key"), () -> "unicode and %25 decoded: " + r.prettify());
        assertTrue(s3.headObject(b -> b.bucket(BUCKET).key(key + ".metadata.json")).contentLength() > 100);
    }

    @Test
    void veryLongUnicodeKeyNearTheS3Limit() {
        StringBuilder k = new StringBuilder("long/");
        while (k.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 980) {
            k.append("Probe Ω µm + (1) ");
        }
        String key = k.append(".tif").toString();
        int bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(bytes + ".extraction.json".length() <= 1024, "outputs fit: " + bytes);
        upload(key, zeiss);
        String encoded = java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8).replace("%2F", "/");
        JsonPath r = post(s3Notification(encoded), 200);
        assertEquals(key, r.getString("outcomes[0].key"));
        assertEquals("partial", r.getString("outcomes[0].status"));
        // at the very limit the upload exists but our documents could not: a clear, final answer, nothing read
        String atLimit = "long/" + "x".repeat(1024 - "long/".length() - 4) + ".tif";
        upload(atLimit, zeiss);
        JsonPath full = post(s3Notification(atLimit), 200);
        assertEquals("OUTPUT_NAME_TOO_LONG", full.getString("outcomes[0].errorCode"));
    }

    @Test
    void batchOperationsTasksGetResultCodes() {
        upload("batch/old image.tif", zeiss);
        upload("batch/not-em.bin", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        ObjectNode event = JSON.createObjectNode().put("invocationSchemaVersion", "1.0").put("invocationId", "inv-1");
        event.putObject("job").put("id", "job-1");
        var tasks = event.putArray("tasks");
        tasks.addObject().put("taskId", "t1").put("s3Key", "batch/old+image.tif").put("s3BucketArn", "arn:aws:s3:::" + BUCKET);
        tasks.addObject().put("taskId", "t2").put("s3Key", "batch/not-em.bin").put("s3BucketArn", "arn:aws:s3:::" + BUCKET);
        tasks.addObject().put("taskId", "t3").put("s3Key", "batch/gone.tif").put("s3BucketArn", "arn:aws:s3:::" + BUCKET);
        JsonPath r = post(event.toString(), 200);
        assertEquals("inv-1", r.getString("invocationId"));
        assertEquals("Succeeded", r.getString("results[0].resultCode"));
        assertEquals("Succeeded", r.getString("results[1].resultCode"), "unsupported is a finished task with a reason");
        assertTrue(r.getString("results[1].resultString").contains("unsupported"));
        assertEquals("PermanentFailure", r.getString("results[2].resultCode"));
    }

    @Test
    void sidecarPairsCompleteWhicheverHalfArrivesSecond() throws IOException {
        byte[] tif = Files.readAllBytes(Corpus.file("public/odemis/jeol_example_sem.tif"));
        byte[] txt = Files.readAllBytes(Corpus.file("public/odemis/jeol_example_sem.txt"));
        // sidecar first: its record only; the document waits for the image
        upload("pair1/img 1.txt", txt);
        assertEquals("partial", post(s3Notification("pair1/img+1.txt"), 200).getString("outcomes[0].status"));
        assertTrue(keysUnder("pair1/").contains("pair1/img 1.txt.extraction.json"));
        assertTrue(!keysUnder("pair1/").contains("pair1/img 1.txt.metadata.json"));
        upload("pair1/img 1.tif", tif);
        JsonPath r = post(s3Notification("pair1/img+1.tif"), 200);
        assertEquals("pair1/img 1.tif.metadata.json", r.getString("outcomes[0].metadataKey"));
        // image first: no vendor metadata in it, so no document yet; the sidecar completes the pair beside the image
        upload("pair2/img.tif", tif);
        assertEquals(null, post(s3Notification("pair2/img.tif"), 200).getString("outcomes[0].metadataKey"));
        upload("pair2/img.txt", txt);
        JsonPath done = post(s3Notification("pair2/img.txt"), 200);
        assertEquals("pair2/img.tif", done.getString("outcomes[0].key"), "processed as the image's pair");
        assertEquals("pair2/img.tif.metadata.json", done.getString("outcomes[0].metadataKey"));
        var rec = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("pair2/img.tif.extraction.json")).asByteArray());
        assertEquals("pair2/img.txt", rec.at("/source/sidecar").asText());
        assertEquals(5000, rec.at("/mapped/entry/instrument/eBeamSource/accelerationVoltage/value").asInt());
        assertEquals(1280, rec.at("/mapped/entry/instrument/imaging/numberOfPixels/xPixels").asInt());
    }

    @Test
    void directElectronMovieAndInfoFileArePairedByDeServersNaming() throws IOException {
        byte[] mrc = Files.readAllBytes(Corpus.file("rosettasciio/HAADFscan.mrc"));
        byte[] info = Files.readAllBytes(Corpus.file("rosettasciio/info.txt"));
        upload("de/20230925_00012_movie.mrc", mrc);
        JsonPath first = post(s3Notification("de/20230925_00012_movie.mrc"), 200);
        assertEquals("de/20230925_00012_movie.mrc.metadata.json", first.getString("outcomes[0].metadataKey"),
                "the MRC alone: its own (thin) document");
        upload("de/20230925_00012_info.txt", info);
        JsonPath done = post(s3Notification("de/20230925_00012_info.txt"), 200);
        assertEquals("de/20230925_00012_movie.mrc", done.getString("outcomes[0].key"), "processed as the movie's pair");
        var rec = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("de/20230925_00012_movie.mrc.extraction.json"))
                .asByteArray());
        assertEquals("de/20230925_00012_info.txt", rec.at("/source/sidecar").asText());
        assertEquals("CeleritasXS", rec.at("/mapped/instrument/detector/detectorName").asText(), "from the info file");
        assertEquals(908.6610107421875 / 16 * 1e-10,
                rec.at("/mapped/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(), 1e-18,
                "from the MRC header");
        assertTrue(!keysUnder("de/").contains("de/20230925_00012_info.txt.metadata.json"), "one document, beside the movie");
    }

    /**
     * SerialEM's autodoc is the image's whole name plus .mdoc. The corpus autodocs' images are not published, so the
     * corpus MRC stands in for the image (pairing goes by name). Expected: "Voltage = 300" (kV) in the autodoc's text.
     */
    @Test
    void serialEmAutodocCompletesItsImageInEitherOrder() throws IOException {
        byte[] mrc = Files.readAllBytes(Corpus.file("rosettasciio/HAADFscan.mrc"));
        byte[] mdoc = Files.readAllBytes(Corpus.file("public/mdocfile/frame_set_single.mdoc"));
        // autodoc first: its record only; the document waits for the image
        upload("sem1/TS_01.mrc.mdoc", mdoc);
        assertEquals(null, post(s3Notification("sem1/TS_01.mrc.mdoc"), 200).getString("outcomes[0].metadataKey"));
        assertTrue(keysUnder("sem1/").contains("sem1/TS_01.mrc.mdoc.extraction.json"));
        upload("sem1/TS_01.mrc", mrc);
        JsonPath r = post(s3Notification("sem1/TS_01.mrc"), 200);
        assertEquals("sem1/TS_01.mrc.metadata.json", r.getString("outcomes[0].metadataKey"));
        var rec1 = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sem1/TS_01.mrc.extraction.json"))
                .asByteArray());
        assertEquals("sem1/TS_01.mrc.mdoc", rec1.at("/source/sidecar").asText());
        assertEquals(300000, rec1.at("/mapped/instrument/source/accelerationVoltage/value").asInt());
        // image first: the MRC's own thin document; the autodoc then completes the pair beside the image
        upload("sem2/TS_02.mrc", mrc);
        post(s3Notification("sem2/TS_02.mrc"), 200);
        upload("sem2/TS_02.mrc.mdoc", mdoc);
        JsonPath done = post(s3Notification("sem2/TS_02.mrc.mdoc"), 200);
        assertEquals("sem2/TS_02.mrc", done.getString("outcomes[0].key"), "processed as the image's pair");
        var rec2 = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sem2/TS_02.mrc.extraction.json"))
                .asByteArray());
        assertEquals("sem2/TS_02.mrc.mdoc", rec2.at("/source/sidecar").asText());
        assertEquals(300000, rec2.at("/mapped/instrument/source/accelerationVoltage/value").asInt());
        assertTrue(!keysUnder("sem2/").contains("sem2/TS_02.mrc.mdoc.metadata.json"), "one document, beside the image");
    }

    static java.util.Set<String> keysUnder(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void changedObjectIsExtractedAgainUnchangedIsNot() throws IOException {
        String key = "idem/sample.tif";
        upload(key, zeiss);
        post(s3Notification(key), 200);
        String first = etagOfRecord(key);
        JsonPath repeat = post(s3Notification(key), 200);
        assertEquals("skipped", repeat.getString("outcomes[0].status"));
        assertEquals(first, etagOfRecord(key), "repeat event rewrote nothing");
        upload(key, Files.readAllBytes(Corpus.file("SEM-Mapping-Tool/1-as-cast_16_Sch_10k_InLens.tif")));
        JsonPath changed = post(s3Notification(key), 200);
        assertEquals("partial", changed.getString("outcomes[0].status"));
        assertNotEquals(first, etagOfRecord(key), "new object, new record");
    }
}
