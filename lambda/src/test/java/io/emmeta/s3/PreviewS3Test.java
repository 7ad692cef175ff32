package io.emmeta.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.TriggerSuffixes;
import io.emmeta.core.output.OutputNames;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.LoopbackS3;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The preview end to end over the real loopback S3 (S3Proxy in process): the PNG lands beside the upload before the
 * record that names it, carries our output marker, is never extracted itself (by name, by marker, and not matched by
 * the trigger), follows its object on removal, and is switched off by configuration or by a folder's .emmeta.json.
 */
class PreviewS3Test {

    static LoopbackS3 server;
    static S3Client s3;
    static byte[] zeiss;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackS3.start();
        s3 = server.client();
        s3.createBucket(x -> x.bucket("previews"));
        zeiss = Files.readAllBytes(Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Set<String> keys(String prefix) {
        return s3.listObjectsV2(b -> b.bucket("previews").prefix(prefix)).contents().stream().map(S3Object::key)
                .collect(Collectors.toSet());
    }

    static S3UploadProcessor processor(ProcessorSettings settings) {
        S3UploadProcessor p = new S3UploadProcessor(s3, Extractor.standard(JSON), settings);
        p.logSink(line -> { });
        return p;
    }

    static JsonNode record(String key) throws Exception {
        return JSON.readTree(s3.getObjectAsBytes(b -> b.bucket("previews").key(key + ".extraction.json")).asByteArray());
    }

    @Test
    void thePreviewLandsBesideTheUploadAndIsNeverExtractedItself() throws Exception {
        s3.putObject(b -> b.bucket("previews").key("on/img.tif"), RequestBody.fromBytes(zeiss));
        S3UploadProcessor p = processor(ProcessorSettings.DEFAULT);
        UploadOutcome first = p.process("previews", "on/img.tif");
        assertTrue(Set.of("ok", "partial").contains(first.status()), first.toString());
        assertEquals(Set.of("on/img.tif", "on/img.tif.metadata.json", "on/img.tif.extraction.json",
                "on/img.tif.preview.png"), keys("on/"));

        ResponseBytes<GetObjectResponse> png = s3.getObjectAsBytes(b -> b.bucket("previews").key("on/img.tif.preview.png"));
        assertEquals("image/png", png.response().contentType());
        assertEquals("preview", png.response().metadata().get(S3UploadProcessor.OUTPUT_MARKER));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.asByteArray()));
        assertNotNull(img, "the PNG decodes");
        assertTrue(Math.max(img.getWidth(), img.getHeight()) <= 512);

        JsonNode preview = record("on/img.tif").get("preview");
        assertEquals("on/img.tif.preview.png", preview.get("key").asText());
        assertEquals("decoded", preview.get("source").asText());
        assertEquals(png.asByteArray().length, preview.get("bytes").asLong());
        assertEquals(img.getWidth(), preview.get("width").asInt());
        assertTrue(preview.has("scaleBar"), "the Zeiss file states its pixel size");

        // the PNG's own event: skipped by name, and the deployment's trigger does not even deliver it
        UploadOutcome again = p.process("previews", "on/img.tif.preview.png");
        assertEquals("skipped", again.status());
        assertFalse(TriggerSuffixes.matches("on/img.tif.preview.png"));
        assertFalse(TriggerSuffixes.matches("on/img.tif.PREVIEW.PNG"));
        assertEquals(4, keys("on/").size(), "no output of an output");

        // and by its marker, should a deployment rename it to a name that is not ours
        S3UploadProcessor renamed = processor(new ProcessorSettings(new OutputNames(".m.json", ".x.json", ".p.png"),
                null, "", true, true, 30_000, 1L << 40, true, 60_000, true));
        assertEquals("skipped", renamed.process("previews", "on/img.tif.preview.png").status());
    }

    @Test
    void removingTheObjectRemovesItsPreview() throws Exception {
        s3.putObject(b -> b.bucket("previews").key("gone/img.tif"), RequestBody.fromBytes(zeiss));
        S3UploadProcessor p = processor(ProcessorSettings.DEFAULT);
        p.process("previews", "gone/img.tif");
        assertTrue(keys("gone/").contains("gone/img.tif.preview.png"));
        s3.deleteObject(b -> b.bucket("previews").key("gone/img.tif"));
        p.remove("previews", List.of("gone/img.tif"), new ObjectEvent("ObjectRemoved:Delete", null, null));
        assertEquals(Set.of(), keys("gone/"));
    }

    @Test
    void aFoldersDefaultsDocumentSwitchesThePreviewOff() throws Exception {
        s3.putObject(b -> b.bucket("previews").key("quiet/.emmeta.json"), RequestBody.fromString("{\"preview\": false}"));
        s3.putObject(b -> b.bucket("previews").key("quiet/deeper/img.tif"), RequestBody.fromBytes(zeiss));
        processor(ProcessorSettings.DEFAULT).process("previews", "quiet/deeper/img.tif");
        assertEquals(Set.of("quiet/.emmeta.json", "quiet/deeper/img.tif", "quiet/deeper/img.tif.metadata.json",
                "quiet/deeper/img.tif.extraction.json"), keys("quiet/"));
        assertFalse(record("quiet/deeper/img.tif").has("preview"));
    }

    @Test
    void theDeploymentsSettingSwitchesThePreviewOff() throws Exception {
        s3.putObject(b -> b.bucket("previews").key("off/img.tif"), RequestBody.fromBytes(zeiss));
        ProcessorSettings off = EnvironmentSettings.fromEnvironment(java.util.Map.of("EMMETA_OUTPUT_WRITE_PREVIEW",
                "false")).processor();
        processor(off).process("previews", "off/img.tif");
        assertEquals(Set.of("off/img.tif", "off/img.tif.metadata.json", "off/img.tif.extraction.json"), keys("off/"));
        assertFalse(record("off/img.tif").has("preview"));
    }

    @Test
    void theNameIsConfigurable() throws Exception {
        s3.putObject(b -> b.bucket("previews").key("named/img.tif"), RequestBody.fromBytes(zeiss));
        ProcessorSettings named = EnvironmentSettings.fromEnvironment(java.util.Map.of("EMMETA_OUTPUT_PREVIEW_SUFFIX",
                ".thumb.png")).processor();
        processor(named).process("previews", "named/img.tif");
        assertTrue(keys("named/").contains("named/img.tif.thumb.png"), keys("named/").toString());
        assertEquals("named/img.tif.thumb.png", record("named/img.tif").at("/preview/key").asText());
    }
}
