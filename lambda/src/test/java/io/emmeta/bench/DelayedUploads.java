package io.emmeta.bench;

import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

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
 * The rig the round-trip tests measure uploads with: S3Proxy on loopback behind a {@link LatencyProxy} that delays
 * every response, and the real upload processor (preview off, as the benchmark's targets judge the documents) on an
 * SDK client whose calls a {@link CallLog} records. Calls issued side by side then overlap, so
 * {@link CallLog#sequentialRoundTrips} counts request waves exactly.
 */
final class DelayedUploads implements AutoCloseable {

    /** What one delayed upload cost: the outcome, the S3 calls by type, the sequential round trips. */
    record Measured(UploadOutcome outcome, Map<String, Integer> byType, int roundTrips) {
        int gets() {
            return byType.getOrDefault("GET", 0);
        }
    }

    private final String bucket;
    private final long delayMs;
    private final LoopbackS3 server;
    private final LatencyProxy proxy;
    private final S3Client plain;
    private final S3Client logged;
    private final CallLog log = new CallLog();
    private final S3UploadProcessor processor;

    DelayedUploads(String bucket, long delayMs) throws Exception {
        this.bucket = bucket;
        this.delayMs = delayMs;
        server = LoopbackS3.start();
        plain = server.client();
        plain.createBucket(b -> b.bucket(bucket));
        proxy = new LatencyProxy(server.endpoint().getPort());
        logged = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + proxy.port()))
                .region(Region.of(LoopbackS3.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LoopbackS3.ACCESS_KEY, LoopbackS3.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(c -> c.addExecutionInterceptor(log))
                .httpClient(UrlConnectionHttpClient.create()).build();
        processor = new S3UploadProcessor(logged, Extractor.standard(new ObjectMapper()),
                new ProcessorSettings(OutputNames.DEFAULT, null, "", true, true, 60_000,
                        ProcessorSettings.DEFAULT.maxObjectSize(), true, ProcessorSettings.DEFAULT.prefixDefaultsTtl(),
                        false));
        processor.logSink(line -> { });
    }

    /**
     * Uploads the corpus file under {@code key}, runs it once warm (connections open, as in a warm Lambda), then once
     * counted with the delay before every response.
     */
    Measured measure(String corpusFile, String key) throws Exception {
        plain.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(Files.readAllBytes(Corpus.file(corpusFile))));
        proxy.delay(0);
        run(key);
        proxy.delay(delayMs);
        log.clear();
        UploadOutcome o = run(key);
        proxy.delay(0);
        List<CallLog.Call> calls = log.calls();
        Measured m = new Measured(o, CallLog.byType(calls), CallLog.sequentialRoundTrips(calls));
        System.out.printf("%s: %s, %d sequential round trips, %d bytes read%n", corpusFile, m.byType(), m.roundTrips(),
                o.bytesRead());
        return m;
    }

    /** One upload event for {@code key}, its earlier documents removed first so that it is extracted again. */
    private UploadOutcome run(String key) {
        for (String k : List.of(OutputNames.DEFAULT.metadataKey(key), OutputNames.DEFAULT.extractionKey(key),
                OutputNames.DEFAULT.previewKey(key))) {
            plain.deleteObject(b -> b.bucket(bucket).key(k));
        }
        return processor.process(bucket, key);
    }

    @Override
    public void close() throws Exception {
        logged.close();
        proxy.close();
        server.close();
    }
}
