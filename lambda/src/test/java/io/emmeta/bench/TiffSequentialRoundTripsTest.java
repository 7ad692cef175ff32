package io.emmeta.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.OutputNames;
import io.emmeta.s3.ProcessorSettings;
import io.emmeta.s3.S3UploadProcessor;
import io.emmeta.s3.UploadOutcome;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.LoopbackS3;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The S3 calls and sequential round trips of TIFF uploads through the real upload processor (issue #15's TIFF target:
 * at most 3, the first ranged GET, one wave for the IFD and its values, the PUTs side by side), measured as
 * {@link Hdf5RoundTripsTest} measures the Velox files: S3Proxy behind a {@link LatencyProxy} that delays every response,
 * preview off. The JEOL SightX files took 4 before their IFD's window reached back to the values that precede it.
 */
class TiffSequentialRoundTripsTest {

    static final String BUCKET = "tifftrips";
    /** As in {@link Hdf5RoundTripsTest}: long enough that calls issued together overlap on a loaded machine. */
    static final long DELAY_MS = 150;
    static LoopbackS3 server;
    static LatencyProxy proxy;
    static S3Client plain;
    static S3Client logged;
    static final CallLog LOG = new CallLog();
    static S3UploadProcessor processor;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackS3.start();
        plain = server.client();
        plain.createBucket(b -> b.bucket(BUCKET));
        proxy = new LatencyProxy(server.endpoint().getPort());
        logged = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + proxy.port()))
                .region(Region.of(LoopbackS3.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LoopbackS3.ACCESS_KEY, LoopbackS3.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(c -> c.addExecutionInterceptor(LOG))
                .httpClient(UrlConnectionHttpClient.create()).build();
        processor = new S3UploadProcessor(logged, Extractor.standard(new ObjectMapper()),
                new ProcessorSettings(OutputNames.DEFAULT, null, "", true, true, 60_000,
                        ProcessorSettings.DEFAULT.maxObjectSize(), true, ProcessorSettings.DEFAULT.prefixDefaultsTtl(),
                        false));
        processor.logSink(line -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        logged.close();
        proxy.close();
        server.close();
    }

    /** Each file once warm (connections open, as in a warm Lambda), then once counted with the delay. */
    @ParameterizedTest
    @CsvSource({
        "rosettasciio/JEOL-SightX-TEM-mag-dummy.tif",
        "public/rosettasciio/JEOL-SightX-Ronchigram-dummy.tif",
        "tomo_mapper/SEM_Image-SliceImage-001.tif",
        "public/odemis/jeol_example_sem.tif"})
    void aTiffCostsAtMostThreeSequentialRoundTrips(String file) throws Exception {
        String key = "t/" + file.substring(file.lastIndexOf('/') + 1);
        plain.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(Files.readAllBytes(Corpus.file(file))));
        proxy.delay(0);
        run(key);
        proxy.delay(DELAY_MS);
        LOG.clear();
        UploadOutcome o = run(key);
        proxy.delay(0);
        List<CallLog.Call> calls = LOG.calls();
        Map<String, Integer> byType = CallLog.byType(calls);
        int trips = CallLog.sequentialRoundTrips(calls);
        assertTrue(o.format().startsWith("tiff/"), o.format() + " " + o.message());
        assertTrue(o.status().equals("ok") || o.status().equals("partial"), o.status() + " " + o.message());
        System.out.printf("%s: %s, %d sequential round trips, %d bytes read%n", file, byType, trips, o.bytesRead());
        assertTrue(trips <= 3, file + ": " + trips + " sequential round trips " + byType);
    }

    private static UploadOutcome run(String key) {
        for (String k : List.of(OutputNames.DEFAULT.metadataKey(key), OutputNames.DEFAULT.extractionKey(key),
                OutputNames.DEFAULT.previewKey(key))) {
            plain.deleteObject(b -> b.bucket(BUCKET).key(k));
        }
        return processor.process(BUCKET, key);
    }
}
