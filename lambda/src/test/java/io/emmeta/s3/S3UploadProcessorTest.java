package io.emmeta.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.OutputNames;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.LoopbackS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The processor's settings against the real loopback server: where documents go, which, and the limits. */
class S3UploadProcessorTest {

    static LoopbackS3 server;
    static S3Client s3;
    static byte[] zeiss;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackS3.start();
        s3 = server.client();
        for (String b : List.of("inbox", "outbox")) {
            s3.createBucket(x -> x.bucket(b));
        }
        zeiss = Files.readAllBytes(Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Set<String> keys(String bucket) {
        return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).collect(Collectors.toSet());
    }

    static S3UploadProcessor processor(ProcessorSettings settings, Set<String> disabled, List<String> log) {
        S3UploadProcessor p = new S3UploadProcessor(s3, Extractor.standard(JSON, disabled), settings);
        p.logSink(log::add);
        return p;
    }

    @Test
    void documentsToAnotherBucketUnderAPrefixAndOnlyTheRecord() throws Exception {
        s3.putObject(b -> b.bucket("inbox").key("a/img.tif"), RequestBody.fromBytes(zeiss));
        List<String> log = new ArrayList<>();
        ProcessorSettings settings = new ProcessorSettings(OutputNames.DEFAULT, "outbox", "emmeta/", false, true,
                30_000, 1L << 40, false, 0, false);
        UploadOutcome o = processor(settings, Set.of(), log).process("inbox", "a/img.tif");
        assertEquals("partial", o.status());
        assertEquals(Set.of("emmeta/a/img.tif.extraction.json"), keys("outbox"));
        assertEquals(Set.of("a/img.tif"), keys("inbox"), "nothing written beside the upload");
        // the output prefix is guarded too
        assertEquals("skipped", processor(settings, Set.of(), log).process("outbox", "emmeta/a/img.tif.extraction.json")
                .status());
        JsonNode line = JSON.readTree(log.get(0));
        assertEquals("emmeta.upload", line.get("event").asText());
        assertEquals("emmeta", line.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals(1, line.get("Uploads").asInt());
        assertTrue(line.get("BytesRead").asLong() > 0);
    }

    @Test
    void disabledReaderAndSizeLimit() throws Exception {
        s3.putObject(b -> b.bucket("inbox").key("b/img.tif"), RequestBody.fromBytes(zeiss));
        List<String> log = new ArrayList<>();
        ProcessorSettings plain = new ProcessorSettings(OutputNames.DEFAULT, null, "", true, true, 30_000, 1L << 40,
                false, 0);
        UploadOutcome off = processor(plain, Set.of("tiff/zeiss-smartsem"), log).process("inbox", "b/img.tif");
        assertEquals("unsupported", off.status());
        assertFalse(keys("inbox").contains("b/img.tif.metadata.json"));
        s3.putObject(b -> b.bucket("inbox").key("c/img.tif"), RequestBody.fromBytes(zeiss));
        ProcessorSettings small = new ProcessorSettings(OutputNames.DEFAULT, null, "", true, true, 30_000, 1000, false, 0);
        UploadOutcome big = processor(small, Set.of(), log).process("inbox", "c/img.tif");
        assertEquals("TOO_LARGE", big.errorCode());
        assertFalse(big.isRetriable());
    }
}
