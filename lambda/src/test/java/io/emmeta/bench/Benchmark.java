package io.emmeta.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.commons.imaging.formats.tiff.TiffField;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.OutputNames;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.s3.ProcessorSettings;
import io.emmeta.s3.S3CallTuning;
import io.emmeta.s3.S3UploadProcessor;
import io.emmeta.s3.UploadOutcome;
import io.emmeta.testing.LoopbackS3;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;

/**
 * The range-read benchmark (issue #5). Generates multi-GB files in the vendors' layouts (sparse: their pixels are
 * never written), copies the corpus beside them, serves both from S3Proxy in a separate process, and runs every
 * object through the real upload processor (first ranged GET, LIST or HEAD, further GETs, extraction, documents PUT back) in this JVM,
 * which the launcher starts with the memory of a 256 MB Lambda. Prints per file: size, bytes read, GETs, warm
 * milliseconds, heap high-water; then the targets with PASS/FAIL. Exits 1 when a byte or memory target fails
 * (those are deterministic); time is printed, never enforced, because it depends on the machine.
 *
 * <p>Then the latency-true figures ({@link LatencyFigures}): every object again over a proxy that delays each
 * response by {@code --latency MS} (30 by default; 0 skips them), with S3 calls, sequential round trips and times per
 * file kind, and their targets: the synthetic files and each kind's costliest corpus file, or all with
 * {@code --latency-all}.
 *
 * <p>Arguments: {@code [--corpus DIR] [--work DIR] [--reps N] [--report FILE] [--no-huge] [--latency MS]
 * [--latency-all]}.
 */
public final class Benchmark {

    static final long TIFF_OVERHEAD_TARGET = 64 * 1024;
    static final long VELOX_TARGET = 1024 * 1024;
    static final long LAMBDA_MB = 256;
    static final String BUCKET = "bench";

    record Row(String group, String key, long size, long bytesRead, long gets, double medianMs, double heapMb,
            String status, long vendorPayload, String kind, String calls) {
    }

    /** Counts the S3 calls the processor makes, by operation (HeadObject, GetObject, PutObject, ...). */
    static final class CallCounter implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        final java.util.concurrent.ConcurrentSkipListMap<String, java.util.concurrent.atomic.AtomicInteger> calls =
                new java.util.concurrent.ConcurrentSkipListMap<>();

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            String op = attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME);
            calls.computeIfAbsent(op == null ? "?" : op, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            attributes.putAttribute(START, System.nanoTime());
        }

        @Override
        public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            String op = attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME);
            Long start = attributes.getAttribute(START);
            if (start != null) {
                long[] t = time.computeIfAbsent(op == null ? "?" : op, k -> new long[2]);
                synchronized (t) {
                    t[0]++;
                    t[1] += System.nanoTime() - start;
                }
            }
        }

        static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Long> START =
                new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("emmeta.bench.start");
        final java.util.concurrent.ConcurrentSkipListMap<String, long[]> time = new java.util.concurrent.ConcurrentSkipListMap<>();

        String latencies() {
            StringBuilder sb = new StringBuilder();
            time.forEach((op, t) -> sb.append(String.format(Locale.ROOT, "%s%s %.2f ms", sb.length() == 0 ? "" : ", ",
                    op, t[1] / 1e6 / Math.max(1, t[0]))));
            return sb.toString();
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            calls.forEach((op, n) -> sb.append(sb.length() == 0 ? "" : " ").append(n.get()).append(' ')
                    .append(op.replace("Object", "")));
            return sb.toString();
        }
    }

    static final CallCounter CALLS = new CallCounter();

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of("../shared/corpus");
        Path work = Path.of("target/bench");
        Path report = null;
        int reps = 3;
        boolean huge = true;
        long latency = 30;
        boolean latencyAll = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--corpus" -> corpus = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--report" -> report = Path.of(args[++i]);
                case "--no-huge" -> huge = false;
                case "--latency" -> latency = Long.parseLong(args[++i]);
                case "--latency-all" -> latencyAll = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path store = work.resolve("store");
        deleteTree(store);
        Path bucket = Files.createDirectories(store.resolve(BUCKET));
        System.out.printf("emmeta benchmark: JVM max heap %d MB, %d cores, work dir %s%n",
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), work);

        List<String> synthetic = generate(corpus, bucket.resolve("synthetic"), huge);
        int corpusFiles = copyCorpus(corpus, bucket.resolve("corpus"));
        System.out.printf("generated %d synthetic files, copied %d corpus files%n", synthetic.size(), corpusFiles);

        Process server = startServer(store);
        int port = readPort(server);
        try (S3Client s3 = client(port)) {
            S3UploadProcessor processor = new S3UploadProcessor(s3, Extractor.standard(new ObjectMapper()),
                    OutputNames.DEFAULT, 60_000);
            processor.logSink(line -> { });
            // One untimed pass over everything first, so both JVMs (ours and the server's) are warm when we time.
            List<String> keys = new ArrayList<>();
            synthetic.forEach(n -> keys.add("synthetic/" + n));
            try (Stream<Path> files = Files.walk(bucket.resolve("corpus"))) {
                files.filter(Files::isRegularFile).sorted()
                        .forEach(p -> keys.add(bucket.relativize(p).toString().replace('\\', '/')));
            }
            for (String key : keys) {
                processor.process(BUCKET, key);
                deleteOutputs(s3, key);
            }
            List<Row> rows = new ArrayList<>();
            for (String name : synthetic) {
                rows.add(measure(processor, s3, bucket, "synthetic/" + name, "synthetic", reps));
            }
            try (Stream<Path> files = Files.walk(bucket.resolve("corpus"))) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    String key = bucket.relativize(p).toString().replace('\\', '/');
                    if (!OutputNames.DEFAULT.isOutput(key)) {
                        rows.add(measure(processor, s3, bucket, key, "corpus", reps));
                    }
                }
            }
            List<Double> chainMs = chainTimes(corpus, reps);
            double getMs = getLatencyMs(s3, "synthetic/" + synthetic.get(0));
            String table = render(rows, chainMs) + PreviewFigures.render() + String.format(Locale.ROOT,
                    "one 1 KiB ranged GET on this loopback S3 server: median %.2f ms; mean per call during the runs: %s%n",
                    getMs, CALLS.latencies());
            List<LatencyFigures.FileLatency> latencies = List.of();
            LatencyFigures figures = null;
            if (latency > 0) {
                try (LatencyProxy proxy = new LatencyProxy(port)) {
                    CallLog log = new CallLog();
                    S3Client slow = client(proxy.port(), log);
                    // issue #15's targets are for the documents: measured with the preview off, then the same files
                    // again with it on (the default), whose extra GETs and time are printed beside them, not judged
                    S3UploadProcessor overProxy = new S3UploadProcessor(slow, Extractor.standard(new ObjectMapper()),
                            new ProcessorSettings(OutputNames.DEFAULT, null, "", true, true, 60_000,
                                    ProcessorSettings.DEFAULT.maxObjectSize(), true,
                                    ProcessorSettings.DEFAULT.prefixDefaultsTtl(), false));
                    overProxy.logSink(line -> { });
                    S3UploadProcessor withPreview = new S3UploadProcessor(slow,
                            Extractor.standard(new ObjectMapper()), OutputNames.DEFAULT, 60_000);
                    withPreview.logSink(line -> { });
                    figures = new LatencyFigures(overProxy, proxy, log, latency, BUCKET, k -> deleteOutputs(s3, k));
                    LatencyFigures previewFigures = new LatencyFigures(withPreview, proxy, log, latency, BUCKET,
                            k -> deleteOutputs(s3, k));
                    latencies = new ArrayList<>();
                    List<LatencyFigures.FileLatency> previewLatencies = new ArrayList<>();
                    for (Row r : latencyRows(rows, latencyAll)) {
                        latencies.add(figures.measure(r.key(), r.kind(), 3));
                        previewLatencies.add(previewFigures.measure(r.key(), r.kind(), 1));
                    }
                    slow.close();
                    table += "\ndocuments only (preview off): the targets below judge these" + figures.render(latencies)
                            + "\nthe same files with the preview on (the default): printed, not judged"
                            + previewFigures.render(previewLatencies);
                }
            }
            System.out.println(table);
            if (report != null) {
                Files.writeString(report, table);
                System.out.println("report written to " + report);
            }
            boolean ok = verdict(rows, chainMs) & PreviewFigures.verdict();
            if (figures != null) {
                ok &= figures.verdict(latencies, Benchmark::report);
            }
            server.destroy();
            System.exit(ok ? 0 : 1);
        } finally {
            server.destroy();
        }
    }

    /**
     * The objects the latency figures run: every synthetic file, and of the corpus the file of each kind that took the
     * most GETs (the worst case the targets are about), so the default run stays short; all of them with
     * {@code --latency-all}.
     */
    static List<Row> latencyRows(List<Row> rows, boolean all) {
        if (all) {
            return rows;
        }
        List<Row> out = new ArrayList<>(rows.stream().filter(r -> r.group().equals("synthetic")).toList());
        java.util.Map<String, Row> worst = new java.util.TreeMap<>();
        rows.stream().filter(r -> r.group().equals("corpus"))
                .forEach(r -> worst.merge(r.kind(), r, (a, b) -> b.gets() > a.gets() ? b : a));
        out.addAll(worst.values());
        return out;
    }

    /** The synthetic files' names. Each is modelled on a real corpus file of that vendor. */
    static List<String> generate(Path corpus, Path dir, boolean huge) throws Exception {
        Files.createDirectories(dir);
        List<String> out = new ArrayList<>();
        List<SyntheticTiff.Tag> zeiss = SyntheticTiff.vendorTags(corpus.resolve("rosettasciio/test_tiff_Zeiss_SEM_1k.tif"));
        List<SyntheticTiff.Tag> fei = SyntheticTiff.vendorTags(corpus.resolve("rosettasciio/FEI-Helios-Ebeam-8bits.tif"));
        long[] sizes = huge ? new long[] {2L << 20, 2L << 30, 20L << 30} : new long[] {2L << 20, 2L << 30};
        for (long size : sizes) {
            String label = size >= 1L << 30 ? (size >> 30) + "GB" : (size >> 20) + "MB";
            String z = "zeiss-" + label + ".tif";
            SyntheticTiff.write(dir.resolve(z), size, zeiss);
            out.add(z);
            String f = "thermo-" + label + ".tif";
            SyntheticTiff.write(dir.resolve(f), size, fei);
            out.add(f);
        }
        Path model = corpus.resolve("rosettasciio/fei_example_tem_stack.emd");
        int[][] stacks = huge ? new int[][] {{10, 256}, {1000, 2048}, {1000, 3200}} : new int[][] {{10, 256}, {1000, 2048}};
        for (int[] s : stacks) {
            String name = "velox-" + s[0] + "x" + s[1] + "px.emd";
            python(model, dir.resolve(name), s[0], s[1]);
            out.add(name);
        }
        return out;
    }

    private static void python(Path model, Path out, int frames, int side) throws Exception {
        Path script = Path.of("bench/make_velox.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), model.toString(), out.toString(),
                String.valueOf(frames), String.valueOf(side), String.valueOf(side)).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("make_velox.py failed for " + out + " (python3-h5py installed? bench/run "
                    + "installs it)");
        }
    }

    static int copyCorpus(Path corpus, Path dir) throws IOException {
        int n = 0;
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                Path target = dir.resolve(corpus.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                n++;
            }
        }
        return n;
    }

    /**
     * One object through the real processor: a first (cold) pass, then {@code reps} warm passes, each after deleting
     * the documents the previous pass wrote (otherwise the idempotency check would skip the file).
     */
    static Row measure(S3UploadProcessor processor, S3Client s3, Path bucketDir, String key, String group, int reps)
            throws IOException {
        UploadOutcome outcome = null;
        double[] ms = new double[reps];
        double heap = 0;
        for (int r = -1; r < reps; r++) {
            deleteOutputs(s3, key);
            System.gc();
            resetHeapPeaks();
            CALLS.calls.clear();
            long t0 = System.nanoTime();
            outcome = processor.process(BUCKET, key);
            long t1 = System.nanoTime();
            heap = Math.max(heap, heapPeakMb());
            if (r >= 0) {
                ms[r] = (t1 - t0) / 1e6;
            }
        }
        String calls = CALLS.summary();
        PreviewFigures.capture(s3, BUCKET, key, Files.size(bucketDir.resolve(key)));
        deleteOutputs(s3, key);
        Arrays.sort(ms);
        Path local = bucketDir.resolve(key);
        long size = Files.size(local);
        String format = outcome.format() == null ? "-" : outcome.format();
        long payload = format.startsWith("tiff/") ? vendorPayload(local) : 0;
        String status = outcome.status() + (outcome.errorCode() == null ? "" : " " + outcome.errorCode());
        return new Row(group, key, size, nz(outcome.bytesRead()), nz(outcome.requests()), reps == 0 ? 0 : ms[reps / 2],
                heap, status, payload, format, calls);
    }

    /** Median time of a 1 KiB ranged GET: the unit cost that multiplies each file's GET count. */
    static double getLatencyMs(S3Client s3, String key) {
        double[] ms = new double[101];
        for (int i = -20; i < ms.length; i++) {
            long t0 = System.nanoTime();
            s3.getObjectAsBytes(software.amazon.awssdk.services.s3.model.GetObjectRequest.builder().bucket(BUCKET)
                    .key(key).range("bytes=" + (i + 20) * 1024 + "-" + ((i + 21) * 1024 - 1)).build());
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    private static void deleteOutputs(S3Client s3, String key) {
        for (String k : List.of(OutputNames.DEFAULT.metadataKey(key), OutputNames.DEFAULT.extractionKey(key),
                OutputNames.DEFAULT.previewKey(key))) {
            s3.deleteObject(DeleteObjectRequest.builder().bucket(BUCKET).key(k).build());
        }
    }

    /**
     * The chain alone (detection, reading, mapping, validation) on the corpus from local files: the in-JVM time per
     * file that issue #5 compares with HyperSpy's in-process load. Median over all files of each file's median.
     */
    static List<Double> chainTimes(Path corpus, int reps) throws IOException {
        Extractor extractor = Extractor.standard(new ObjectMapper());
        List<Double> perFile = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList()) {
                double[] ms = new double[Math.max(1, reps)];
                for (int r = -1; r < ms.length; r++) {
                    long t0 = System.nanoTime();
                    try (CachingByteSource src = CachingByteSource.ofFile(p)) {
                        extractor.extract(src, SourceInfo.file(p.toString(), Files.size(p)), UploadContext.NONE);
                    }
                    if (r >= 0) {
                        ms[r] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                Arrays.sort(ms);
                perFile.add(ms[ms.length / 2]);
            }
        }
        perFile.sort(Comparator.naturalOrder());
        return perFile;
    }

    /** Bytes of the tag payloads stored outside the IFDs, minus the strip/tile tables: what a TIFF must read. */
    static long vendorPayload(Path file) {
        try (CachingByteSource src = CachingByteSource.ofFile(file)) {
            TiffContainer tiff = TiffContainer.read(src);
            int inline = tiff.bigTiff() ? 8 : 4;
            long total = 0;
            for (TiffPage page : tiff.pages()) {
                for (TiffField f : page.fields().values()) {
                    int t = f.getTag();
                    boolean layout = t == 273 || t == 279 || t == 324 || t == 325;
                    if (!layout && f.getBytesLength() > inline) {
                        total += f.getBytesLength();
                    }
                }
            }
            return total;
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * The JVM's peak RSS once every file has gone through the function, taken before the latency figures: those run
     * a delaying proxy (threads, buffers) inside this JVM, which is the harness's memory, not the function's.
     */
    private static long functionRssMb = -1;

    static String render(List<Row> rows, List<Double> chainMs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| file | format | size | bytes read | GETs | all S3 calls | warm ms (median) | heap high-water MB"
                + " | status |\n");
        sb.append("|---|---|---:|---:|---:|---|---:|---:|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %.1f | %.0f | %s |%n", r.key(), r.kind(),
                    human(r.size()), human(r.bytesRead()), r.gets(), r.calls(), r.medianMs(), r.heapMb(), r.status()));
        }
        List<Row> corpus = rows.stream().filter(r -> r.group().equals("corpus")).toList();
        long size = corpus.stream().mapToLong(Row::size).sum();
        long read = corpus.stream().mapToLong(Row::bytesRead).sum();
        double[] e2e = corpus.stream().mapToDouble(Row::medianMs).sorted().toArray();
        sb.append(String.format(Locale.ROOT, "%ncorpus: %d files, %s stored, %s read (%.1f %%), %d GETs; "
                + "end-to-end over S3 (first GET with LIST or HEAD, GETs, extraction, PUTs) median %.1f ms, p90 %.1f ms per file%n",
                corpus.size(), human(size), human(read), 100.0 * read / Math.max(1, size),
                corpus.stream().mapToLong(Row::gets).sum(), pct(e2e, 50), pct(e2e, 90)));
        double[] chain = chainMs.stream().mapToDouble(Double::doubleValue).toArray();
        sb.append(String.format(Locale.ROOT, "chain alone (detect, read, map, validate; local file, warm): median %.2f ms,"
                + " p90 %.2f ms, max %.1f ms per file%n", pct(chain, 50), pct(chain, 90), pct(chain, 100)));
        functionRssMb = peakRssMb();
        sb.append(String.format(Locale.ROOT, "function JVM peak RSS %d MB (max heap %d MB)%n", functionRssMb,
                Runtime.getRuntime().maxMemory() >> 20));
        return sb.toString();
    }

    /** Prints each target with PASS/FAIL; false when a deterministic (bytes, memory) target fails. */
    static boolean verdict(List<Row> rows, List<Double> chainMs) {
        boolean ok = true;
        System.out.println("targets:");
        long worstTiff = 0;
        String worstTiffKey = "";
        long worstVelox = 0;
        String worstVeloxKey = "";
        for (Row r : rows) {
            if (r.kind().startsWith("tiff/")) {
                long over = r.bytesRead() - r.vendorPayload();
                if (over > worstTiff) {
                    worstTiff = over;
                    worstTiffKey = r.key();
                }
            }
            if (r.kind().equals("hdf5/velox-emd") && r.bytesRead() > worstVelox) {
                worstVelox = r.bytesRead();
                worstVeloxKey = r.key();
            }
        }
        ok &= report(worstTiff <= TIFF_OVERHEAD_TARGET, "TIFF: bytes read beyond the vendor tag payloads <= 64 KiB",
                "worst " + human(worstTiff) + " (" + worstTiffKey + ")");
        ok &= report(worstVelox <= VELOX_TARGET, "Velox EMD: bytes read <= 1 MiB",
                "worst " + human(worstVelox) + " (" + worstVeloxKey + ")");
        for (String family : List.of("zeiss-", "thermo-", "velox-1000")) {
            List<Row> fam = rows.stream().filter(r -> r.key().startsWith("synthetic/" + family)).toList();
            // A TIFF past 4 GB must be a BigTIFF, whose IFD entries are 20 bytes instead of 12: compare like with like,
            // and allow the BigTIFF exactly its larger IFD (plus its 16-byte header) over the classic files.
            List<Row> classic = fam.stream().filter(r -> !r.kind().startsWith("tiff/") || r.size() < 0xF000_0000L).toList();
            List<Row> big = fam.stream().filter(r -> r.kind().startsWith("tiff/") && r.size() >= 0xF000_0000L).toList();
            if (fam.size() > 1) {
                long min = classic.stream().mapToLong(Row::bytesRead).min().orElse(0);
                long max = classic.stream().mapToLong(Row::bytesRead).max().orElse(0);
                long bigMax = big.stream().mapToLong(Row::bytesRead).max().orElse(max);
                ok &= report(min == max && bigMax - max <= 1024, family + "*: the same bytes read whatever the file size",
                        fam.stream().map(r -> human(r.size()) + (big.contains(r) ? " BigTIFF" : "") + " -> "
                                + r.bytesRead() + " B").reduce((a, b) -> a + ", " + b).orElse(""));
            }
        }
        double maxHeap = rows.stream().mapToDouble(Row::heapMb).max().orElse(0);
        long maxHeapLimit = Runtime.getRuntime().maxMemory() >> 20;
        ok &= report(maxHeap < maxHeapLimit && functionRssMb < LAMBDA_MB,
                "memory: every file within a " + LAMBDA_MB + " MB Lambda (JVM sized as one)", String.format(Locale.ROOT,
                        "heap high-water %.0f MB of %d MB, peak RSS %d MB", maxHeap, maxHeapLimit, functionRssMb));
        double[] chain = chainMs.stream().mapToDouble(Double::doubleValue).toArray();
        report(pct(chain, 50) <= 5.0, "warm per-file time on the corpus <= 5 ms median (printed, not enforced)",
                String.format(Locale.ROOT, "%.2f ms", pct(chain, 50)));
        long failed = rows.stream().filter(r -> r.status().contains("INTERNAL") || r.status().contains("TIMEOUT")).count();
        ok &= report(failed == 0, "no INTERNAL or TIMEOUT outcome", failed + " found");
        return ok;
    }

    private static boolean report(boolean pass, String target, String detail) {
        System.out.printf("  %s  %s: %s%n", pass ? "PASS" : "FAIL", target, detail);
        return pass;
    }

    static Process startServer(Path store) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                BenchS3Server.class.getName(), store.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static int readPort(Process server) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            if (line.startsWith("port=")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("the S3 server process ended without serving");
    }

    private static S3Client client(int port) {
        return client(port, CALLS);
    }

    static S3Client client(int port, software.amazon.awssdk.core.interceptor.ExecutionInterceptor counter) {
        return clientBuilder(port, counter).build();
    }

    static software.amazon.awssdk.services.s3.S3ClientBuilder clientBuilder(int port,
            software.amazon.awssdk.core.interceptor.ExecutionInterceptor counter) {
        // configured as the function's own client is (S3CallTuning: one round trip per PUT, one body over HTTP)
        return S3CallTuning.configure(S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LoopbackS3.ACCESS_KEY, LoopbackS3.SECRET_KEY)))
                .serviceConfiguration(S3CallTuning.serviceConfiguration().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                .httpClient(UrlConnectionHttpClient.create()));
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since the reset: an upper bound of the heap in use, garbage included. */
    private static double heapPeakMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / 1048576.0;
    }

    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: unknown
        }
        return -1;
    }

    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        double[] s = sorted.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return bytes + " B";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
