package io.emmeta.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.OutputNames;
import io.emmeta.s3.ProcessorSettings;
import io.emmeta.s3.S3UploadProcessor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;

/**
 * Where the time of one upload goes at a given latency (issue #15): a few objects of an existing benchmark store
 * ({@code target/bench/store}, left by {@code bench/run}) through the real upload processor, documents only, over the
 * {@link LatencyProxy}; per object the median end-to-end time over N runs, and the timeline of the median run's S3
 * calls (start and end in ms after the upload began), so the gaps between round trips (our own time) show. A
 * diagnostic, not a target: {@code bench/run} judges.
 *
 * <p>Run: {@code ./mvnw -B -q -Pbench test-compile -Dbench.main=io.emmeta.bench.LatencyProbe
 * -Dbench.args="--latency 30 --runs 15 synthetic/zeiss-2MB.tif ..."}. Arguments: {@code [--store DIR] [--latency MS]
 * [--runs N] KEY...}.
 */
public final class LatencyProbe {

    public static void main(String[] args) throws Exception {
        Path store = Path.of("target/bench/store");
        long latency = 30;
        int runs = 15;
        LatencyProxy.Model model = LatencyProxy.Model.TTFB;
        int puts = 0;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--store" -> store = Path.of(args[++i]);
                case "--latency" -> latency = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--puts" -> puts = Integer.parseInt(args[++i]);
                case "--model" -> model = LatencyProxy.Model.valueOf(args[++i].toUpperCase(Locale.ROOT));
                default -> keys.add(args[i]);
            }
        }
        if (!Files.isDirectory(store.resolve(Benchmark.BUCKET))) {
            throw new IllegalStateException("no benchmark store at " + store + ": run bench/run once first");
        }
        Process server = Benchmark.startServer(store);
        try {
            int port = Benchmark.readPort(server);
            try (S3Client plain = Benchmark.client(port, new CallLog()); LatencyProxy proxy = new LatencyProxy(port)) {
                proxy.model(model);
                CallLog log = new CallLog();
                S3Client slow = Benchmark.client(proxy.port(), log);
                S3UploadProcessor processor = new S3UploadProcessor(slow, Extractor.standard(new ObjectMapper()),
                        new ProcessorSettings(OutputNames.DEFAULT, null, "", true, true, 60_000,
                                ProcessorSettings.DEFAULT.maxObjectSize(), true,
                                ProcessorSettings.DEFAULT.prefixDefaultsTtl(), false));
                processor.logSink(line -> { });
                if (puts > 0) {
                    try (S3Client defaults = S3Client.builder()
                            .endpointOverride(java.net.URI.create("http://127.0.0.1:" + proxy.port()))
                            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                            .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
                                    .create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                            io.emmeta.testing.LoopbackS3.ACCESS_KEY,
                                            io.emmeta.testing.LoopbackS3.SECRET_KEY)))
                            .forcePathStyle(true)
                            .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                            .build()) {
                        putTimes(proxy, defaults, "SDK defaults", puts, latency);
                    }
                    putTimes(proxy, slow, "S3CallTuning", puts, latency);
                }
                for (String key : keys) {
                    for (int i = 0; i < 20; i++) { // warm: JIT, connections, the prefix defaults' cache
                        clear(plain, key);
                        processor.process(Benchmark.BUCKET, key);
                    }
                    for (long delay : new long[] {0, latency}) {
                        proxy.delay(delay);
                        double[] ms = new double[runs];
                        List<List<CallLog.Call>> timelines = new ArrayList<>();
                        long[] starts = new long[runs];
                        int[] responses = new int[runs];
                        for (int r = 0; r < runs; r++) {
                            clear(plain, key);
                            log.clear();
                            proxy.takeResponses();
                            long t0 = System.nanoTime();
                            processor.process(Benchmark.BUCKET, key);
                            ms[r] = (System.nanoTime() - t0) / 1e6;
                            responses[r] = proxy.takeResponses();
                            starts[r] = t0;
                            timelines.add(log.calls());
                        }
                        double[] sorted = ms.clone();
                        Arrays.sort(sorted);
                        int median = 0;
                        for (int r = 0; r < runs; r++) {
                            if (ms[r] == sorted[runs / 2]) {
                                median = r;
                            }
                        }
                        List<CallLog.Call> calls = timelines.get(median);
                        System.out.printf(Locale.ROOT, "%s at %d ms (%s): median %.1f ms (min %.1f, max %.1f); %s, %d"
                                + " responses; %d round trips%n", key, delay, model, sorted[runs / 2], sorted[0],
                                sorted[runs - 1], CallLog.byType(calls), responses[median],
                                CallLog.sequentialRoundTrips(calls));
                        long t0 = starts[median];
                        calls.stream().sorted(java.util.Comparator.comparingLong(CallLog.Call::startNanos))
                                .forEach(c -> System.out.printf(Locale.ROOT, "    %-6s %7.1f .. %7.1f  (%.1f ms)%n",
                                        CallLog.shortName(c.op()), (c.startNanos() - t0) / 1e6,
                                        (c.endNanos() - t0) / 1e6, (c.endNanos() - c.startNanos()) / 1e6));
                    }
                    proxy.delay(0);
                    clear(plain, key);
                }
                slow.close();
            }
        } finally {
            server.destroy();
        }
        System.exit(0);
    }

    /** PUTs of a 3 KB document, one after another: median ms and responses per PUT at no delay and at the delay. */
    private static void putTimes(LatencyProxy proxy, S3Client s3, String what, int n, long latency) {
        byte[] body = new byte[3000];
        java.util.Arrays.fill(body, (byte) 'x');
        for (long delay : new long[] {0, latency}) {
            proxy.delay(delay);
            double[] ms = new double[n];
            proxy.takeResponses();
            for (int i = -10; i < n; i++) {
                long t0 = System.nanoTime();
                s3.putObject(b -> b.bucket(Benchmark.BUCKET).key("probe/put.json").contentType("application/json"),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(body));
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                } else {
                    proxy.takeResponses();
                }
            }
            int responses = proxy.takeResponses();
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "PUT 3 KB (%s) at %d ms: median %.1f ms (min %.1f), %.1f responses per PUT%n",
                    what, delay, ms[n / 2], ms[0], responses / (double) n);
        }
        proxy.delay(0);
    }

    private static void clear(S3Client s3, String key) {
        for (String k : List.of(OutputNames.DEFAULT.metadataKey(key), OutputNames.DEFAULT.extractionKey(key),
                OutputNames.DEFAULT.previewKey(key))) {
            s3.deleteObject(DeleteObjectRequest.builder().bucket(Benchmark.BUCKET).key(k).build());
        }
    }
}
