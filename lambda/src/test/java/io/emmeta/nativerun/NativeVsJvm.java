package io.emmeta.nativerun;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emmeta.core.output.OutputNames;
import io.emmeta.s3.ColdStart;
import io.emmeta.testing.LoopbackS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The function as Lambda runs it, native and JVM side by side (issue #11). For each build: an S3 server (S3Proxy over
 * a fresh folder, loopback, signed requests), a Lambda Runtime API emulator, and the function process started the
 * way Lambda starts it (the native {@code bootstrap}; the JVM zip's Quarkus main), with the deployment's environment.
 * Every corpus file is uploaded under its own relative path (spaces and odd characters as they are), announced with an
 * S3 {@code ObjectCreated:Put} notification (URL-encoded key) and answered; then the other trigger shapes
 * (EventBridge, SQS with a test event and a broken message, S3 Batch Operations, {@code s3:TestEvent}, a non-object
 * event) are sent once each. All {@code .metadata.json} / {@code .extraction.json} documents are read back.
 *
 * <p>Fails (exit 1) when a run breaks the protocol or crashes, when a shape gets the wrong answer, when the two builds
 * wrote different sets of documents, different {@code .metadata.json} bytes, or {@code .extraction.json} documents that
 * differ in anything but {@code provenance.extractedAt} / {@code provenance.durationMs}, or different answers (apart
 * from {@code durationMs}). Prints a table: start to first answer, warm ms per file, peak RSS, zip sizes, build figures.
 *
 * <pre>
 * NativeVsJvm --corpus DIR [--out DIR] [--native BOOTSTRAP] [--native-arg A]... [--jvm-task DIR] [--java BIN]
 *             [--jvm-arg A]... [--native-zip F] [--jvm-zip F] [--build-time F] [--limit N]
 *             [--cold-starts N] [--cold-start-file RELATIVE] [--cold-start-variant LABEL:NAME=VALUE]...
 *             [--cold-start-server-warm-up true|false]
 * </pre>
 *
 * <p>Then the native build's cold start again, {@code --cold-starts} times (5 by default, 0 for none): fresh processes
 * that each answer one event ({@code --cold-start-file}, by default the first corpus file, as in the full run), with
 * the medians of the first answer and of each part of the function's own cold-start line, per variant (the deployment
 * as it is and each {@code --cold-start-variant}, which adds one environment variable), and the PASS/FAIL line for
 * issue #15's 300 ms on the deployment's median. {@code --cold-start-server-warm-up false} leaves the S3 server as
 * the full run meets it (to measure what its own first calls cost).
 */
public final class NativeVsJvm {

    static final String BUCKET = "emmeta-uploads";
    static final long TIMEOUT_MS = 120_000;
    /** serverless.yml's handler for the java runtime. */
    static final String HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";
    static final ObjectMapper JSON = new ObjectMapper();

    /** What one build did. */
    static final class Run {
        final String name;
        long firstAnswerMs = -1;
        final List<Long> warmMs = new ArrayList<>();
        long hwmKb = -1;
        final Map<String, byte[]> documents = new TreeMap<>();
        final Map<String, JsonNode> answers = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        int fatalLines;
        /** The function's own account of its cold start (the ColdStart line it logs after its first event), by part. */
        final Map<String, Long> coldStart = new LinkedHashMap<>();

        Run(String name) {
            this.name = name;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> opt = parse(args);
        Path corpus = Path.of(one(opt, "corpus", null)).toAbsolutePath().normalize();
        Path out = Path.of(one(opt, "out", "target/native-run")).toAbsolutePath();
        int limit = Integer.parseInt(one(opt, "limit", "0"));
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> corpus.relativize(p).toString())).collect(Collectors.toList());
        }
        if (limit > 0 && files.size() > limit) {
            files = files.subList(0, limit);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files in " + corpus);
        }
        deleteTree(out);
        Files.createDirectories(out);

        List<Run> runs = new ArrayList<>();
        String nativeBin = one(opt, "native", null);
        if (nativeBin != null) {
            Path bin = Path.of(nativeBin).toAbsolutePath();
            List<String> cmd = new ArrayList<>(List.of(bin.toString()));
            cmd.addAll(opt.getOrDefault("native-arg", List.of()));
            runs.add(runOne("native", cmd, bin.getParent(), corpus, files, out.resolve("native")));
        }
        String jvmTask = one(opt, "jvm-task", null);
        if (jvmTask != null) {
            Path task = Path.of(jvmTask).toAbsolutePath();
            String java = one(opt, "java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(opt.getOrDefault("jvm-arg", List.of()));
            // As the java21 runtime runs it: AWS's Runtime API client polls and calls the deployment's handler with
            // the zip's contents (unpacked as /var/task is) first on the class path. Quarkus's own poll loop is
            // started only in a native build, so the JVM Quarkus main alone would never ask for an event.
            String ric = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(j -> j.contains("aws-lambda-java-runtime-interface-client")
                            || j.contains("aws-lambda-java-serialization") || j.contains("aws-lambda-java-core"))
                    .collect(Collectors.joining(File.pathSeparator));
            if (!ric.contains("aws-lambda-java-runtime-interface-client")) {
                throw new IllegalStateException("aws-lambda-java-runtime-interface-client is not on the class path");
            }
            cmd.addAll(List.of("-cp", task + ":" + task.resolve("lib") + "/*:" + ric,
                    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER));
            runs.add(runOne("jvm", cmd, task, corpus, files, out.resolve("jvm")));
        }

        // the cold start again, several times: one start is at the mercy of the machine's other work (issue #15)
        int coldStarts = Integer.parseInt(one(opt, "cold-starts", "5"));
        ColdStarts cold = null;
        if (nativeBin != null && coldStarts > 0) {
            Path bin = Path.of(nativeBin).toAbsolutePath();
            List<String> cmd = new ArrayList<>(List.of(bin.toString()));
            cmd.addAll(opt.getOrDefault("native-arg", List.of()));
            String coldFile = one(opt, "cold-start-file", null);
            cold = coldStarts(cmd, bin.getParent(), corpus, coldFile == null ? files.get(0) : corpus.resolve(coldFile),
                    out.resolve("cold-starts"), coldStarts,
                    opt.getOrDefault("cold-start-variant", List.of()),
                    Boolean.parseBoolean(one(opt, "cold-start-server-warm-up", "true")));
        }

        List<String> failures = new ArrayList<>();
        if (cold != null) {
            failures.addAll(cold.problems);
        }
        for (Run r : runs) {
            r.problems.forEach(p -> failures.add(r.name + ": " + p));
        }
        if (runs.size() == 2) {
            failures.addAll(compare(runs.get(0), runs.get(1), out.resolve("diff")));
        }
        String table = table(runs, files.size(), opt, cold);
        System.out.println();
        System.out.println(table);
        StringBuilder report = new StringBuilder("# Native vs JVM, the function as Lambda runs it\n\n")
                .append(files.size()).append(" corpus files, ").append(Instant.now()).append("\n\n").append(table);
        if (failures.isEmpty()) {
            report.append("\nAll documents equal (extraction records apart from provenance timings); all shapes answered.\n");
        } else {
            report.append("\nFAILURES\n");
            failures.forEach(f -> report.append("- ").append(f).append('\n'));
        }
        Files.writeString(out.resolve("report.md"), report);
        if (!failures.isEmpty()) {
            System.out.println("FAIL: " + failures.size() + " problem(s):");
            failures.stream().limit(60).forEach(f -> System.out.println("  " + f));
            System.exit(1);
        }
        System.out.println("native-run: OK (" + runs.stream().map(r -> r.name).collect(Collectors.joining(" + "))
                + ", " + files.size() + " corpus files, " + (runs.isEmpty() ? 0 : runs.get(0).documents.size())
                + " documents)");
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------------------------

    static Run runOne(String name, List<String> command, Path workDir, Path corpus, List<Path> files, Path dir)
            throws Exception {
        Run run = new Run(name);
        Files.createDirectories(dir);
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        System.out.println("== " + name + ": " + String.join(" ", command));
        try (LoopbackS3 s3 = LoopbackS3.start(new FilesystemNio2BlobStore(store.toString()));
                S3Client client = s3.client();
                RuntimeApiEmulator api = new RuntimeApiEmulator()) {
            client.createBucket(b -> b.bucket(BUCKET));

            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("function.log").toFile());
            lambdaEnvironment(pb.environment(), workDir, api, s3);

            // the first upload and its event are waiting when the process starts: start-up to first answer
            String firstKey = corpus.relativize(files.get(0)).toString();
            long size0 = upload(client, firstKey, files.get(0));
            CompletableFuture<RuntimeApiEmulator.Answer> first = api.enqueue(s3Put(firstKey, size0), TIMEOUT_MS);
            long started = System.nanoTime();
            Process proc = pb.start();
            try {
                RuntimeApiEmulator.Answer a = api.await(first, TIMEOUT_MS, proc::isAlive);
                run.firstAnswerMs = TimeUnit.NANOSECONDS.toMillis(a.answeredNanos() - started);
                record(run, firstKey, a, client);
                for (Path f : files.subList(1, files.size())) {
                    String key = corpus.relativize(f).toString();
                    long size = upload(client, key, f);
                    a = api.await(api.enqueue(s3Put(key, size), TIMEOUT_MS), TIMEOUT_MS, proc::isAlive);
                    run.warmMs.add(a.insideMillis());
                    record(run, key, a, client);
                }
                shapes(run, api, client, files.get(shapeSource(corpus, files)), proc);
                run.hwmKb = hwmKb(proc.pid());
            } catch (Exception e) {
                run.problems.add("run aborted: " + e.getMessage());
            } finally {
                stop(proc);
            }
            if (api.initError() != null) {
                run.problems.add("init error: " + api.initError());
            }
            if (api.violation() != null) {
                run.problems.add("Runtime API violation: " + api.violation());
            }
            run.coldStart.putAll(coldStartLine(dir.resolve("function.log")));
            for (String line : Files.readAllLines(dir.resolve("function.log"), StandardCharsets.UTF_8)) {
                if (line.contains("FATAL") || line.contains("is not supported (stub libjvm.so)")) {
                    run.fatalLines++;
                    if (run.fatalLines <= 3) {
                        run.problems.add("log: " + line);
                    }
                }
            }
            readBack(run, client, dir.resolve("documents"));
        }
        System.out.printf("   %s: %d answers, %d documents, first answer %d ms, %d problem(s)%n", name,
                run.answers.size(), run.documents.size(), run.firstAnswerMs, run.problems.size());
        System.out.printf("   %s cold start (ms, the function's own account): %s%n", name,
                run.coldStart.isEmpty() ? "no line logged" : run.coldStart);
        return run;
    }

    /** The environment Lambda gives the function (as serverless.yml configures it), its store our S3Proxy. */
    static void lambdaEnvironment(Map<String, String> env, Path workDir, RuntimeApiEmulator api, LoopbackS3 s3) {
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", workDir.toString());
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("AWS_REGION", LoopbackS3.REGION);
        env.put("AWS_DEFAULT_REGION", LoopbackS3.REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "emmeta-extract");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        env.put("_HANDLER", HANDLER);
        // as serverless.yml sets them
        env.put("EMMETA_OUTPUT_METADATA_SUFFIX", ".metadata.json");
        env.put("EMMETA_OUTPUT_EXTRACTION_SUFFIX", ".extraction.json");
        env.put("EMMETA_EXTRACT_TIMEOUT_MILLIS", "30000");
        env.put("DISABLE_SIGNAL_HANDLERS", "true");
        env.put("MALLOC_ARENA_MAX", "2");
        // the store: our S3Proxy instead of AWS
        env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", s3.endpoint().toString());
        env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
        env.put("QUARKUS_S3_AWS_REGION", LoopbackS3.REGION);
        env.put("QUARKUS_S3_AWS_CREDENTIALS_TYPE", "static");
        env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", LoopbackS3.ACCESS_KEY);
        env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", LoopbackS3.SECRET_KEY);
    }

    /** Keeps the answer for the comparison and checks that an upload's announced documents exist. */
    static void record(Run run, String key, RuntimeApiEmulator.Answer a, S3Client client) throws IOException {
        if (a.error()) {
            run.problems.add(key + ": error answer " + a.errorType() + " " + a.body());
            run.answers.put(key, JSON.createObjectNode().put("error", a.errorType()));
            return;
        }
        JsonNode answer = JSON.readTree(a.body());
        run.answers.put(key, answer);
        JsonNode outcomes = answer.path("outcomes");
        if (!outcomes.isArray() || outcomes.size() != 1) {
            run.problems.add(key + ": expected one outcome, got " + a.body());
            return;
        }
        JsonNode o = outcomes.get(0);
        String named = o.path("key").asText();
        int dot = key.lastIndexOf('.');
        boolean pairHalf = dot > key.lastIndexOf('/') && named.startsWith(key.substring(0, dot + 1))
                && named.indexOf('/', dot) < 0; // a sidecar completes its image (same folder and name, other extension)
        if (!key.equals(named) && !pairHalf) {
            run.problems.add(key + ": outcome names another key: " + o);
        }
        if (!"skipped".equals(o.path("status").asText()) && !o.hasNonNull("extractionKey")) {
            run.problems.add(key + ": processed but no extraction record announced: " + o);
        }
        if ("INTERNAL".equals(o.path("errorCode").asText())) {
            run.problems.add(key + ": INTERNAL error: " + o);
        }
    }

    /** The other trigger shapes, once each, on fresh copies of one corpus file. */
    static void shapes(Run run, RuntimeApiEmulator api, S3Client client, Path source, Process proc) throws Exception {
        long size;
        // EventBridge "Object Created" (key as S3 gives it to EventBridge: URL-encoded)
        String ebKey = "shapes/eventbridge/Probe 1 (β+α) #2.tif";
        size = upload(client, ebKey, source);
        ObjectNode eb = JSON.createObjectNode();
        eb.put("version", "0").put("id", "eb-1").put("detail-type", "Object Created").put("source", "aws.s3")
                .put("account", "000000000000").put("time", "2026-12-07T00:00:00Z").put("region", LoopbackS3.REGION);
        eb.putArray("resources").add("arn:aws:s3:::" + BUCKET);
        ObjectNode detail = eb.putObject("detail");
        detail.put("version", "0").putObject("bucket").put("name", BUCKET);
        detail.putObject("object").put("key", encodeKey(ebKey)).put("size", size).put("etag", "x")
                .put("sequencer", "0");
        detail.put("reason", "PutObject");
        JsonNode ans = invoke(run, api, proc, "EventBridge", eb.toString());
        expectProcessed(run, "EventBridge", ans, ebKey);

        // SQS: an S3 notification, an s3:TestEvent (dropped) and a broken message (reported failed)
        String sqsKey = "shapes/sqs/Probe 2 %20 + plus.tif";
        size = upload(client, sqsKey, source);
        ObjectNode sqs = JSON.createObjectNode();
        ArrayNode recs = sqs.putArray("Records");
        sqsRecord(recs, "m-1", s3Put(sqsKey, size));
        sqsRecord(recs, "m-2", testEvent());
        sqsRecord(recs, "m-3", "this is not JSON {");
        ans = invoke(run, api, proc, "SQS", sqs.toString());
        if (ans != null) {
            expectProcessed(run, "SQS", ans, sqsKey);
            JsonNode failures = ans.path("batchItemFailures");
            if (!failures.isArray() || failures.size() != 1
                    || !"m-3".equals(failures.get(0).path("itemIdentifier").asText())) {
                run.problems.add("SQS: expected batchItemFailures [m-3], got " + failures);
            }
        }

        // S3 Batch Operations task (keys URL-encoded, bucket as an ARN)
        String batchKey = "shapes/batch/Probe 3 ü.tif";
        upload(client, batchKey, source);
        ObjectNode batch = JSON.createObjectNode();
        batch.put("invocationSchemaVersion", "1.0").put("invocationId", "inv-1");
        batch.putObject("job").put("id", "job-1");
        batch.putArray("tasks").addObject().put("taskId", "task-1").put("s3Key", encodeKey(batchKey))
                .putNull("s3VersionId").put("s3BucketArn", "arn:aws:s3:::" + BUCKET);
        ans = invoke(run, api, proc, "Batch", batch.toString());
        if (ans != null) {
            JsonNode r = ans.path("results").path(0);
            if (!"task-1".equals(r.path("taskId").asText()) || !"Succeeded".equals(r.path("resultCode").asText())
                    || !"inv-1".equals(ans.path("invocationId").asText())) {
                run.problems.add("Batch: expected task-1 Succeeded, got " + ans);
            }
            if (client.listObjectsV2(b -> b.bucket(BUCKET).prefix(batchKey + ".extraction.json")).keyCount() != 1) {
                run.problems.add("Batch: no extraction record written for " + batchKey);
            }
        }

        // s3:TestEvent, sent directly when a notification is configured
        ans = invoke(run, api, proc, "TestEvent", testEvent());
        if (ans != null && (ans.path("records").asInt(-1) != 0 || ans.path("failed").asInt(-1) != 0)) {
            run.problems.add("TestEvent: expected an empty summary, got " + ans);
        }

        // not an object: an error answer, and the function keeps serving
        RuntimeApiEmulator.Answer bad = api.await(api.enqueue("[1, 2, 3]", TIMEOUT_MS), TIMEOUT_MS, proc::isAlive);
        if (!bad.error()) {
            run.problems.add("non-object event: expected an error answer, got " + bad.body());
        }
        run.answers.put("#bad-event", JSON.createObjectNode().put("error", bad.error()));
        ans = invoke(run, api, proc, "TestEvent after a bad event", testEvent());
        if (ans == null) {
            run.problems.add("the function stopped serving after a bad event");
        }
    }

    static JsonNode invoke(Run run, RuntimeApiEmulator api, Process proc, String label, String event) throws Exception {
        RuntimeApiEmulator.Answer a = api.await(api.enqueue(event, TIMEOUT_MS), TIMEOUT_MS, proc::isAlive);
        if (a.error()) {
            run.problems.add(label + ": error answer " + a.errorType() + " " + a.body());
            run.answers.put("#" + label, JSON.createObjectNode().put("error", a.errorType()));
            return null;
        }
        JsonNode n = JSON.readTree(a.body());
        run.answers.put("#" + label, n);
        return n;
    }

    static void expectProcessed(Run run, String label, JsonNode ans, String key) {
        if (ans == null) {
            return;
        }
        List<JsonNode> mine = new ArrayList<>();
        ans.path("outcomes").forEach(o -> {
            if (key.equals(o.path("key").asText())) {
                mine.add(o);
            }
        });
        if (mine.size() != 1 || "skipped".equals(mine.get(0).path("status").asText())
                || !mine.get(0).hasNonNull("extractionKey")) {
            run.problems.add(label + ": expected " + key + " processed, got " + ans);
        }
    }

    /** The shapes use the first corpus TIFF that is not a sidecar pair's half (any readable file would do). */
    static int shapeSource(Path corpus, List<Path> files) {
        for (int i = 0; i < files.size(); i++) {
            String n = files.get(i).getFileName().toString().toLowerCase();
            if (n.endsWith(".tif") && corpus.relativize(files.get(i)).toString().startsWith("public/")) {
                return i;
            }
        }
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).getFileName().toString().toLowerCase().endsWith(".tif")) {
                return i;
            }
        }
        return 0;
    }

    static void sqsRecord(ArrayNode recs, String id, String body) {
        ObjectNode m = recs.addObject();
        m.put("messageId", id).put("receiptHandle", "rh-" + id).put("body", body).put("md5OfBody", "")
                .put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:uploads")
                .put("awsRegion", LoopbackS3.REGION);
        m.putObject("attributes").put("ApproximateReceiveCount", "1");
        m.putObject("messageAttributes");
    }

    static String testEvent() {
        ObjectNode t = JSON.createObjectNode();
        t.put("Service", "Amazon S3").put("Event", "s3:TestEvent").put("Time", "2026-12-07T00:00:00.000Z")
                .put("Bucket", BUCKET).put("RequestId", "req").put("HostId", "host");
        return t.toString();
    }

    /** An S3 event notification as S3 sends it: one ObjectCreated:Put record, the key URL-encoded. */
    static String s3Put(String key, long size) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode r = n.putArray("Records").addObject();
        r.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", LoopbackS3.REGION)
                .put("eventTime", "2026-12-07T00:00:00.000Z").put("eventName", "ObjectCreated:Put");
        r.putObject("userIdentity").put("principalId", "EXAMPLE");
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0").put("configurationId", "emmeta");
        s3.putObject("bucket").put("name", BUCKET).put("arn", "arn:aws:s3:::" + BUCKET)
                .putObject("ownerIdentity").put("principalId", "EXAMPLE");
        s3.putObject("object").put("key", encodeKey(key)).put("size", size).put("eTag", "0")
                .put("sequencer", "0");
        return n.toString();
    }

    /** S3's spelling of a key in notifications: form-encoded (space as '+'), '/' kept. */
    static String encodeKey(String key) {
        return Arrays.stream(key.split("/", -1)).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/"));
    }

    static long upload(S3Client client, String key, Path file) throws IOException {
        client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromFile(file));
        return Files.size(file);
    }

    static void readBack(Run run, S3Client client, Path dir) throws IOException {
        for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
            String k = o.key();
            if (k.endsWith(".metadata.json") || k.endsWith(".extraction.json")) {
                byte[] bytes = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(k)).asByteArray();
                run.documents.put(k, bytes);
                Path p = dir.resolve(k).normalize();
                if (p.startsWith(dir)) {
                    Files.createDirectories(p.getParent());
                    Files.write(p, bytes);
                }
            }
        }
        if (run.documents.isEmpty()) {
            run.problems.add("no documents written");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The native build's repeated cold starts, by variant (the deployment as it is first, then any others). */
    static final class ColdStarts {
        final String firstKey;
        final int perVariant;
        final Map<String, List<Long>> firstAnswerMs = new LinkedHashMap<>();
        final Map<String, List<Map<String, Long>>> parts = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        final boolean serverWarm;

        ColdStarts(String firstKey, int perVariant, boolean serverWarm) {
            this.firstKey = firstKey;
            this.perVariant = perVariant;
            this.serverWarm = serverWarm;
        }

        /** The deployment's median first answer (its own variant, the first), or -1. */
        long median() {
            List<Long> ms = firstAnswerMs.values().stream().findFirst().orElse(List.of());
            return ms.isEmpty() ? -1 : percentile(ms, 50);
        }

        String render() {
            StringBuilder sb = new StringBuilder("Cold starts of the native build: ").append(perVariant)
                    .append(" fresh processes per variant, interleaved, each answering one event (")
                    .append(firstKey).append(") against an S3 server ")
                    .append(serverWarm ? "warmed up beforehand" : "not warmed up (its first calls cost it class loading)")
                    .append("; medians in ms, each run's first answer in brackets:\n\n| part |");
            firstAnswerMs.keySet().forEach(v -> sb.append(' ').append(v).append(" |"));
            sb.append("\n|---|").append("---:|".repeat(firstAnswerMs.size())).append('\n');
            sb.append("| process start → first answer (harness) |");
            firstAnswerMs.values().forEach(ms -> sb.append(' ').append(ms.isEmpty() ? "?" : percentile(ms, 50))
                    .append(" (").append(ms.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(") |"));
            sb.append('\n');
            for (String part : COLD_START_PARTS) {
                sb.append("| ").append(part).append(" |");
                for (List<Map<String, Long>> runs : parts.values()) {
                    List<Long> values = runs.stream().filter(m -> m.containsKey(part)).map(m -> m.get(part)).toList();
                    sb.append(' ').append(values.isEmpty() ? "-" : Long.toString(percentile(values, 50))).append(" |");
                }
                sb.append('\n');
            }
            long median = median();
            sb.append("\nCold start target, native process start → first answer ≤ ").append(COLD_START_TARGET_MS)
                    .append(" ms: ").append(median >= 0 && median <= COLD_START_TARGET_MS ? "PASS" : "FAIL")
                    .append(" (median ").append(median).append(" ms of ").append(perVariant)
                    .append(" starts as deployed; reported, not enforced)\n");
            return sb.toString();
        }
    }

    /**
     * The native build started afresh {@code n} times per variant (the deployment as it is, then each
     * {@code LABEL:NAME=VALUE} variant with that one environment variable added), interleaved so that the machine's
     * other work falls on all of them alike; each process answers the first corpus file's event and is stopped. The S3
     * server runs in this JVM and is warmed up first (the calls a first event makes, repeated), so that every start
     * meets a server as warm as real S3 is rather than one whose own first GET is still loading classes.
     */
    static ColdStarts coldStarts(List<String> command, Path workDir, Path corpus, Path first, Path dir, int n,
            List<String> variantSpecs, boolean serverWarmUp) throws Exception {
        Map<String, String[]> variants = new LinkedHashMap<>();
        variants.put("as deployed", null);
        for (String v : variantSpecs) {
            int colon = v.indexOf(':');
            int eq = v.indexOf('=', colon);
            if (colon <= 0 || eq <= colon + 1) {
                throw new IllegalArgumentException("--cold-start-variant LABEL:NAME=VALUE, got " + v);
            }
            variants.put(v.substring(0, colon), new String[] {v.substring(colon + 1, eq), v.substring(eq + 1)});
        }
        String key = corpus.relativize(first).toString();
        ColdStarts result = new ColdStarts(key, n, serverWarmUp);
        variants.keySet().forEach(v -> {
            result.firstAnswerMs.put(v, new ArrayList<>());
            result.parts.put(v, new ArrayList<>());
        });
        Files.createDirectories(dir);
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        System.out.println("== native cold starts: " + n + " per variant " + variants.keySet());
        try (LoopbackS3 s3 = LoopbackS3.start(new FilesystemNio2BlobStore(store.toString()));
                S3Client client = s3.client()) {
            client.createBucket(b -> b.bucket(BUCKET));
            long size = upload(client, key, first);
            if (serverWarmUp) {
                warmServer(client, key);
            }
            for (int i = 0; i < n; i++) {
                for (Map.Entry<String, String[]> v : variants.entrySet()) {
                    Path log = dir.resolve("function-" + (i + 1) + "-" + v.getKey().replaceAll("\\W+", "-") + ".log");
                    // the previous start's documents would be current for the same object: each start extracts and
                    // writes, as a first upload does
                    for (String k : List.of(OutputNames.DEFAULT.metadataKey(key), OutputNames.DEFAULT.extractionKey(key),
                            OutputNames.DEFAULT.previewKey(key))) {
                        client.deleteObject(b -> b.bucket(BUCKET).key(k));
                    }
                    try (RuntimeApiEmulator api = new RuntimeApiEmulator()) {
                        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                                .redirectErrorStream(true).redirectOutput(log.toFile());
                        lambdaEnvironment(pb.environment(), workDir, api, s3);
                        if (v.getValue() != null) {
                            pb.environment().put(v.getValue()[0], v.getValue()[1]);
                        }
                        CompletableFuture<RuntimeApiEmulator.Answer> answer = api.enqueue(s3Put(key, size), TIMEOUT_MS);
                        long started = System.nanoTime();
                        Process proc = pb.start();
                        try {
                            RuntimeApiEmulator.Answer a = api.await(answer, TIMEOUT_MS, proc::isAlive);
                            if (a.error()) {
                                result.problems.add("cold start " + (i + 1) + " (" + v.getKey() + "): error answer "
                                        + a.errorType() + " " + a.body());
                                continue;
                            }
                            result.firstAnswerMs.get(v.getKey())
                                    .add(TimeUnit.NANOSECONDS.toMillis(a.answeredNanos() - started));
                        } catch (Exception e) {
                            result.problems.add("cold start " + (i + 1) + " (" + v.getKey() + ") aborted: "
                                    + e.getMessage());
                            continue;
                        } finally {
                            stop(proc);
                        }
                    }
                    Map<String, Long> parts = coldStartLine(log);
                    if (parts.isEmpty()) {
                        result.problems.add("cold start " + (i + 1) + " (" + v.getKey() + "): no cold-start line in "
                                + log);
                    }
                    result.parts.get(v.getKey()).add(parts);
                }
            }
        }
        result.firstAnswerMs.forEach((v, ms) -> System.out.printf("   %s: first answers %s ms%n", v, ms));
        return result;
    }

    /**
     * The calls a first event makes (ranged GET, HEAD, LIST, PUT with metadata, DELETE), a few times over, on keys the
     * comparison never reads: the in-process S3 server loads and compiles its code for them before a start is timed.
     */
    static void warmServer(S3Client client, String key) {
        for (int i = 0; i < 20; i++) {
            client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key).range("bytes=0-16383"));
            client.headObject(b -> b.bucket(BUCKET).key(key));
            client.listObjectsV2(b -> b.bucket(BUCKET).prefix(key.contains("/") ? key.substring(0,
                    key.lastIndexOf('/') + 1) : "").delimiter("/"));
            String scratch = "harness-warm-up/" + i + ".json";
            client.putObject(b -> b.bucket(BUCKET).key(scratch).contentType("application/json")
                    .metadata(Map.of("emmeta-output", "warm-up")), RequestBody.fromString("{\"warm\":" + i + "}"));
            client.deleteObject(b -> b.bucket(BUCKET).key(scratch));
        }
    }

    /** The parts of the function's cold-start line in its log (empty when it logged none). */
    static Map<String, Long> coldStartLine(Path log) throws IOException {
        Map<String, Long> parts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int cs = line.indexOf(ColdStart.PREFIX);
            if (cs >= 0) {
                Matcher m = Pattern.compile("(\\w+)=(\\d+)").matcher(line.substring(cs));
                while (m.find()) {
                    parts.put(m.group(1), Long.parseLong(m.group(2)));
                }
                break;
            }
        }
        return parts;
    }

    static List<String> compare(Run a, Run b, Path diffDir) throws IOException {
        List<String> out = new ArrayList<>();
        TreeSet<String> onlyA = new TreeSet<>(a.documents.keySet());
        onlyA.removeAll(b.documents.keySet());
        TreeSet<String> onlyB = new TreeSet<>(b.documents.keySet());
        onlyB.removeAll(a.documents.keySet());
        onlyA.forEach(k -> out.add("document only from " + a.name + ": " + k));
        onlyB.forEach(k -> out.add("document only from " + b.name + ": " + k));
        for (Map.Entry<String, byte[]> e : a.documents.entrySet()) {
            String k = e.getKey();
            byte[] other = b.documents.get(k);
            if (other == null) {
                continue;
            }
            boolean same;
            if (k.endsWith(".metadata.json")) {
                same = Arrays.equals(e.getValue(), other);
            } else {
                same = withoutTimings(JSON.readTree(e.getValue())).equals(withoutTimings(JSON.readTree(other)));
            }
            if (!same) {
                out.add("documents differ: " + k + " (see " + diffDir + ")");
                Path pa = diffDir.resolve(a.name).resolve(k).normalize();
                Path pb = diffDir.resolve(b.name).resolve(k).normalize();
                if (pa.startsWith(diffDir) && pb.startsWith(diffDir)) {
                    Files.createDirectories(pa.getParent());
                    Files.createDirectories(pb.getParent());
                    Files.write(pa, e.getValue());
                    Files.write(pb, other);
                }
            }
        }
        if (!a.answers.keySet().equals(b.answers.keySet())) {
            out.add("different invocations answered: " + a.answers.keySet().size() + " vs " + b.answers.keySet().size());
        }
        for (Map.Entry<String, JsonNode> e : a.answers.entrySet()) {
            JsonNode other = b.answers.get(e.getKey());
            if (other != null && !withoutTimings(e.getValue()).equals(withoutTimings(other))) {
                out.add("answers differ for " + e.getKey() + ": " + a.name + " " + e.getValue() + " / " + b.name + " "
                        + other);
            }
        }
        return out;
    }

    /**
     * A copy without the timing fields, which differ on every run: {@code provenance.extractedAt},
     * {@code provenance.durationMs} and {@code preview.durationMs} in records, {@code durationMs} in answers' outcomes.
     * Nothing else is removed.
     */
    static JsonNode withoutTimings(JsonNode n) {
        JsonNode c = n.deepCopy();
        if (c.path("provenance").isObject()) {
            ((ObjectNode) c.get("provenance")).remove(List.of("extractedAt", "durationMs"));
        }
        if (c.path("preview").isObject()) {
            ((ObjectNode) c.get("preview")).remove("durationMs");
        }
        if (c.path("outcomes").isArray()) {
            for (JsonNode o : c.get("outcomes")) {
                if (o.isObject()) {
                    ((ObjectNode) o).remove("durationMs");
                }
            }
        }
        return c;
    }

    // ---------------------------------------------------------------------------------------------------------------

    static String table(List<Run> runs, int files, Map<String, List<String>> opt, ColdStarts cold)
            throws IOException {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "JVM", "native"});
        Run jvm = runs.stream().filter(r -> r.name.equals("jvm")).findFirst().orElse(null);
        Run nat = runs.stream().filter(r -> r.name.equals("native")).findFirst().orElse(null);
        rows.add(row("process start → first answer (ms)", jvm, nat, r -> Long.toString(r.firstAnswerMs)));
        for (String part : COLD_START_PARTS) {
            rows.add(row("  cold start: " + part + " (ms)", jvm, nat,
                    r -> r.coldStart.containsKey(part) ? Long.toString(r.coldStart.get(part)) : "?"));
        }
        rows.add(row("warm ms per file, median (" + (files - 1) + " files)", jvm, nat,
                r -> Long.toString(percentile(r.warmMs, 50))));
        rows.add(row("warm ms per file, p90", jvm, nat, r -> Long.toString(percentile(r.warmMs, 90))));
        rows.add(row("warm ms per file, max", jvm, nat, r -> Long.toString(percentile(r.warmMs, 100))));
        rows.add(row("peak RSS, VmHWM (MB)", jvm, nat, r -> r.hwmKb < 0 ? "?" : String.format("%.0f", r.hwmKb / 1024.0)));
        rows.add(new String[] {"function zip (MB)", zipMb(one(opt, "jvm-zip", null)), zipMb(one(opt, "native-zip", null))});
        rows.add(row("documents written", jvm, nat, r -> Integer.toString(r.documents.size())));
        String build = buildFigures(one(opt, "build-time", null));
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", rows.get(0))).append(" |\n|---|---:|---:|\n");
        for (String[] r : rows.subList(1, rows.size())) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        if (build != null) {
            sb.append("\nNative build: ").append(build).append('\n');
        }
        if (cold != null) {
            sb.append('\n').append(cold.render());
        } else if (nat != null) {
            sb.append("\nCold start target, native process start → first answer ≤ ").append(COLD_START_TARGET_MS)
                    .append(" ms: ").append(nat.firstAnswerMs >= 0 && nat.firstAnswerMs <= COLD_START_TARGET_MS
                            ? "PASS" : "FAIL")
                    .append(" (").append(nat.firstAnswerMs).append(" ms, one start; reported, not enforced)\n");
        }
        return sb.toString();
    }

    /** Issue #15's target for the native build's first answer, on loopback. */
    static final long COLD_START_TARGET_MS = 300;
    /**
     * The parts of the function's cold-start line, in order: the framework's start, the S3 client, the chain's tables
     * and schemas, the first event (and inside it the first GET, the extraction, the writing: the record's
     * serialisation and the PUT calls), the rest (polling, bean wiring) and the total to the first event's end (which
     * the answer's post follows). The client and the tables may be built beside the runtime's polling (the function
     * warms up on a thread of its own), so parts can overlap; "other" is what the listed parts leave of the total.
     */
    static final List<String> COLD_START_PARTS = List.of("runtime", "s3client", "tables", "event", "get", "getPrep",
            "getWire", "extraction", "put", "json", "putCalls", "putPrep", "putWire", "other", "total", "warmUp");

    interface Cell {
        String of(Run r);
    }

    static String[] row(String label, Run jvm, Run nat, Cell cell) {
        return new String[] {label, jvm == null ? "-" : cell.of(jvm), nat == null ? "-" : cell.of(nat)};
    }

    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> s = new ArrayList<>(values);
        s.sort(null);
        int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, idx)));
    }

    static String zipMb(String file) throws IOException {
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            return "-";
        }
        return String.format("%.1f", Files.size(Path.of(file)) / 1e6);
    }

    /** Wall time and peak RSS from a {@code /usr/bin/time -v} report. */
    static String buildFigures(String file) throws IOException {
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            return null;
        }
        String t = Files.readString(Path.of(file));
        Matcher wall = Pattern.compile("Elapsed \\(wall clock\\) time.*?: ([0-9:.]+)").matcher(t);
        Matcher rss = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)").matcher(t);
        return (wall.find() ? wall.group(1) + " wall" : "? wall") + ", peak RSS of the largest process "
                + (rss.find() ? String.format("%.2f GB", Long.parseLong(rss.group(1)) / 1024.0 / 1024.0) : "?");
    }

    static long hwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return -1;
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            m.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        return m;
    }

    static String one(Map<String, List<String>> opt, String name, String dflt) {
        List<String> v = opt.get(name);
        if (v == null || v.isEmpty()) {
            if (dflt == null && name.equals("corpus")) {
                throw new IllegalArgumentException("--corpus DIR is required");
            }
            return dflt;
        }
        return v.get(v.size() - 1);
    }
}
