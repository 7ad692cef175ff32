package io.emmeta.adapter.lambda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.testing.Corpus;
import io.emmeta.testing.LoopbackS3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * End to end through the real function: uploads to a real S3 API on loopback, an S3 event posted to the Lambda mock
 * event server, documents read back from the server.
 */
@QuarkusTest
@QuarkusTestResource(LoopbackS3Resource.class)
class ExtractFunctionTest {

    static final String BUCKET = "facility-uploads";
    static final ObjectMapper JSON = new ObjectMapper();

    static S3Client s3;

    @BeforeAll
    static void bucket() {
        s3 = LoopbackS3Resource.server().client();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    static void upload(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    static void upload(String key, byte[] bytes, Map<String, String> userMetadata) {
        s3.putObject(b -> b.bucket(BUCKET).key(key).metadata(userMetadata), RequestBody.fromBytes(bytes));
    }

    static byte[] corpus(String relative) throws IOException {
        return Files.readAllBytes(Corpus.file(relative));
    }

    /** Keys as S3 puts them into notifications: URL-encoded, '+' for space. */
    static String encoded(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    static String event(String... keys) {
        String records = Arrays.stream(keys).map(k -> """
                {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                 "eventTime":"2026-11-25T10:00:00.000Z","eventName":"ObjectCreated:Put",
                 "s3":{"s3SchemaVersion":"1.0","configurationId":"emmeta",
                       "bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},
                       "object":{"key":"%s","size":1,"eTag":"x","sequencer":"0"}}}"""
                .formatted(BUCKET, BUCKET, encoded(k))).collect(Collectors.joining(","));
        return "{\"Records\":[" + records + "]}";
    }

    static JsonPath post(String event) {
        return given().contentType("application/json").accept("application/json").body(event)
                .when().post().then().statusCode(200).extract().jsonPath();
    }

    static JsonNode read(String key) throws IOException {
        return JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
    }

    static Set<String> keys() {
        return s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).collect(Collectors.toSet());
    }

    @Test
    void uploadsWithSpacesBecomeDocumentsBesideThemAndABadFileFailsAlone() throws IOException {
        String zeiss = "raw/2026/Na3FePO43 -04-Zeiss IAM-ESS.tif";
        String fei = "raw/2026/Helios slice (1).tif";
        String velox = "raw/2026/TEM stack.emd";
        String corrupt = "raw/2026/cut off upload.tif";
        String dicom = "raw/2026/not an em file.dcm";
        byte[] zeissBytes = corpus("SEM-Mapping-Tool/1-as-cast_16_Sch_10k_InLens.tif");
        upload(zeiss, zeissBytes);
        upload(fei, corpus("tomo_mapper/SEM_Image-SliceImage-001.tif"));
        upload(velox, corpus("rosettasciio/fei_example_tem_stack.emd"));
        upload(corrupt, Arrays.copyOf(zeissBytes, 3000));
        upload(dicom, corpus("not-microscopy/MRIm1.dcm"));

        JsonPath summary = post(event(zeiss, fei, velox, corrupt, dicom));
        assertEquals(5, summary.getInt("records"));
        List<Map<String, Object>> outcomes = summary.getList("outcomes");
        Map<String, String> statusByKey = outcomes.stream()
                .collect(Collectors.toMap(o -> (String) o.get("key"), o -> (String) o.get("status")));
        assertEquals(Set.of(zeiss, fei, velox, corrupt, dicom), statusByKey.keySet(), "keys are URL-decoded");

        // Zeiss: schema document beside the upload, numbers as numbers, SI units
        JsonNode doc = read(zeiss + ".metadata.json");
        JsonNode kv = doc.at("/entry/instrument/eBeamSource/accelerationVoltage");
        assertEquals("V", kv.get("unit").asText());
        assertEquals(10000.0, kv.get("value").asDouble(), 1e-6);
        assertTrue(doc.at("/entry/instrument/stage/eBeamWorkingDistance/value").isNumber());
        assertEquals("m", doc.at("/entry/instrument/stage/eBeamWorkingDistance/unit").asText());
        JsonNode zrec = read(zeiss + ".extraction.json");
        assertEquals("tiff/zeiss-smartsem", zrec.at("/detected/format").asText());
        assertEquals(doc, zrec.get("mapped"), "record.mapped is the metadata document");
        assertTrue(zrec.at("/original/AP_ACTUALKV/value").isNumber());
        assertTrue(zrec.at("/provenance/bytesRead").asLong() > 0);
        assertTrue(zrec.at("/provenance/bytesRead").asLong() < zeissBytes.length, "ranged reads, not the whole object");
        assertTrue(Set.of("ok", "partial").contains(zrec.get("status").asText()));

        // FEI and Velox through the same function
        JsonNode frec = read(fei + ".extraction.json");
        assertEquals("tiff/thermofisher-xt", frec.at("/detected/format").asText());
        assertEquals(15000.0, read(fei + ".metadata.json")
                .at("/entry/instrument/eBeamSource/accelerationVoltage/value").asDouble(), 1e-6);
        JsonNode vrec = read(velox + ".extraction.json");
        assertEquals("hdf5/velox-emd", vrec.at("/detected/format").asText());
        assertEquals(300000.0, read(velox + ".metadata.json").at("/instrument/source/accelerationVoltage/value")
                .asDouble(), 1e-6);

        // the cut-off upload: a typed error in its own record, the others unaffected
        assertEquals("error", statusByKey.get(corrupt));
        JsonNode crec = read(corrupt + ".extraction.json");
        assertEquals("error", crec.get("status").asText());
        assertTrue(Set.of("TRUNCATED", "CORRUPT").contains(crec.at("/errors/0/code").asText()), crec.toString());
        assertFalse(keys().contains(corrupt + ".metadata.json"));

        // not microscopy: unsupported, with what was detected
        JsonNode drec = read(dicom + ".extraction.json");
        assertEquals("unsupported", drec.get("status").asText());
        assertEquals("dicom", drec.at("/detected/format").asText());
        assertEquals("UNSUPPORTED_FORMAT", drec.at("/errors/0/code").asText());
    }

    @Test
    void ownOutputsAreNeverProcessedWhateverTheirName() throws IOException {
        String image = "guard/sample.tif";
        upload(image, corpus("SEM-Mapping-Tool/1-as-cast_17_Sch_10k_SESI.tif"));
        post(event(image));
        Set<String> before = keys();
        assertTrue(before.contains(image + ".metadata.json"));
        String recordBefore = new String(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(image + ".extraction.json"))
                .asByteArray(), StandardCharsets.UTF_8);

        // the trigger fires for our own outputs (a misconfigured suffix filter) ...
        JsonPath summary = post(event(image + ".metadata.json", image + ".extraction.json"));
        assertEquals(2, summary.getInt("skipped"));
        // ... and for an output copied under an image-like name: the metadata marker stops it
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(image + ".extraction.json").destinationBucket(BUCKET)
                .destinationKey("guard/renamed.tif"));
        JsonPath renamed = post(event("guard/renamed.tif"));
        assertEquals("skipped", renamed.getString("outcomes[0].status"));
        assertTrue(renamed.getString("outcomes[0].message").contains("emmeta-output"));

        Set<String> after = keys();
        after.remove("guard/renamed.tif");
        assertEquals(before, after, "no new objects: no recursion");
        assertEquals(recordBefore, new String(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(image
                + ".extraction.json")).asByteArray(), StandardCharsets.UTF_8), "record not rewritten");
    }

    @Test
    void vanishedObjectIsSkippedAndContextComesFromUploadMetadata() throws IOException {
        given().contentType("application/json").body(event("gone/never-uploaded.tif")).when().post().then()
                .statusCode(200).body("outcomes[0].status", equalTo("skipped"));
        assertThrows404("gone/never-uploaded.tif.extraction.json");

        String key = "context/SCeO5 00.tif";
        upload(key, corpus("Metadata-Schemas-for-Materials-Science/SCeO5_00.tif"), Map.of(
                "emmeta-technique", "SEM",
                "emmeta-measurement-purpose", "feasibility (quick check, rough estimate)",
                "emmeta-user-name", "SABINE",
                "emmeta-parent", "https://metarepo.example.org/api/v1/metadata/sample-42"));
        post(event(key));
        JsonNode rec = read(key + ".extraction.json");
        JsonNode entry = rec.at("/mapped/entry");
        assertEquals("SEM", entry.get("technique").asText());
        assertEquals("https://metarepo.example.org/api/v1/metadata/sample-42",
                entry.at("/parents/0/parentReference").asText());
        assertTrue(rec.at("/validation/missingContext").isEmpty(), rec.at("/validation").toString());
    }

    static void assertThrows404(String key) {
        try {
            s3.headObject(b -> b.bucket(BUCKET).key(key));
            throw new AssertionError(key + " exists");
        } catch (NoSuchKeyException e) {
            // expected
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            assertEquals(404, e.statusCode());
        }
    }

}
