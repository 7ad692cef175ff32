package io.emmeta.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.OutputNames;
import io.emmeta.s3.ProcessorSettings;
import io.emmeta.s3.S3UploadProcessor;
import io.emmeta.testing.LoopbackS3;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The latency figures of chosen files, without the whole benchmark: each file through the real upload processor
 * (preview off, as the benchmark's targets judge the documents) over S3Proxy behind a {@link LatencyProxy}, measured
 * as {@link LatencyFigures#measure} does (median of three runs at no delay and at the delay). For before/after
 * comparisons of one change, e.g. the HDF5 prefetch (issue #15): {@code ./mvnw -q -Pbench test-compile
 * -Dbench.main=io.emmeta.bench.EmdLatency -Dbench.args="30 FILE..."}.
 */
public final class EmdLatency {

    public static void main(String[] args) throws Exception {
        long delay = Long.parseLong(args[0]);
        String bucket = "emdlatency";
        CallLog log = new CallLog();
        try (LoopbackS3 server = LoopbackS3.start(); S3Client plain = server.client();
                LatencyProxy proxy = new LatencyProxy(server.endpoint().getPort());
                S3Client logged = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + proxy.port()))
                        .region(Region.of(LoopbackS3.REGION))
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(LoopbackS3.ACCESS_KEY, LoopbackS3.SECRET_KEY)))
                        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                        .overrideConfiguration(c -> c.addExecutionInterceptor(log))
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
            plain.createBucket(b -> b.bucket(bucket));
            S3UploadProcessor processor = new S3UploadProcessor(logged, Extractor.standard(new ObjectMapper()),
                    new ProcessorSettings(OutputNames.DEFAULT, null, "", true, true, 60_000,
                            ProcessorSettings.DEFAULT.maxObjectSize(), true,
                            ProcessorSettings.DEFAULT.prefixDefaultsTtl(), false));
            processor.logSink(line -> { });
            LatencyFigures figures = new LatencyFigures(processor, proxy, log, delay, bucket, key -> {
                for (String k : List.of(OutputNames.DEFAULT.metadataKey(key), OutputNames.DEFAULT.extractionKey(key),
                        OutputNames.DEFAULT.previewKey(key))) {
                    plain.deleteObject(b -> b.bucket(bucket).key(k));
                }
            });
            System.out.printf("| file | calls | GETs | round trips | ms at 0 | ms at %d |%n|---|---|---:|---:|---:|---:|%n",
                    delay);
            for (int i = 1; i < args.length; i++) {
                Path p = Path.of(args[i]);
                String key = "f/" + p.getFileName();
                plain.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(Files.readAllBytes(p)));
                LatencyFigures.FileLatency f = figures.measure(key, "emd", 3);
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.1f |%n", p.getFileName(),
                        f.callSummary(), f.calls().getOrDefault("GET", 0), f.roundTrips(), f.msAtZero(),
                        f.msAtDelay());
            }
        }
    }
}
