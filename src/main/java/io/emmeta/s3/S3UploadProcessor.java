package io.emmeta.s3;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emmeta.core.Extractor;
import io.emmeta.core.SidecarNames;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.OutputNames;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.source.CachingByteSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One upload, start to end: recursion guard, HEAD, ranged extraction, the two documents written beside the object,
 * one JSON log line. Framework-free; the Lambda adapter and the local runner both call it.
 */
public final class S3UploadProcessor {

    /** User metadata we put on our own outputs: the recursion guard's second test. */
    public static final String OUTPUT_MARKER = "emmeta-output";
    /** User metadata on our outputs: the source object's ETag and version they were made from (idempotency). */
    public static final String SOURCE_ETAG = "emmeta-source-etag";
    public static final String SOURCE_VERSION = "emmeta-source-version";
    /** The sidecar's ETag when a pair was extracted: a sidecar arriving later makes the pair "changed". */
    public static final String SIDECAR_ETAG = "emmeta-sidecar-etag";

    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
    /** S3's limit on a key's UTF-8 length. */
    static final int MAX_KEY_BYTES = 1024;

    private final S3Client s3;
    private final Extractor extractor;
    private final OutputNames names;
    private final ProcessorSettings settings;
    private final long timeoutMillis;
    private final ObjectMapper pretty;
    private final PrefixDefaults defaults;
    private volatile java.util.function.Consumer<String> logSink = line -> System.out.println(line);
    private final ExecutorService worker = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "emmeta-extract");
        t.setDaemon(true);
        return t;
    });

    public S3UploadProcessor(S3Client s3, Extractor extractor, OutputNames names, long timeoutMillis) {
        this(s3, extractor, new ProcessorSettings(names, null, "", true, true, timeoutMillis,
                ProcessorSettings.DEFAULT.maxObjectSize(), true, ProcessorSettings.DEFAULT.prefixDefaultsTtl()));
    }

    public S3UploadProcessor(S3Client s3, Extractor extractor, ProcessorSettings settings) {
        this.s3 = s3;
        this.extractor = extractor;
        this.settings = settings;
        this.names = settings.names();
        this.timeoutMillis = settings.timeoutMillis();
        this.pretty = extractor.json().copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.defaults = new PrefixDefaults(s3, extractor.json(), settings.prefixDefaultsTtl(),
                java.time.Clock.systemUTC());
    }

    public OutputNames names() {
        return names;
    }

    /**
     * One record of an S3 event notification: the key arrives URL-encoded ('+' for space), and only ObjectCreated
     * events are uploads. Never throws: whatever goes wrong stays with this record's outcome.
     */
    public UploadOutcome processEventRecord(String bucket, String encodedKey, String eventName) {
        String key = encodedKey;
        try {
            key = encodedKey == null ? null : URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
            if (eventName != null && !eventName.startsWith("ObjectCreated")) {
                return log(UploadOutcome.skipped(bucket, key, "event " + eventName + " is not an upload"));
            }
            return process(bucket, key);
        } catch (RuntimeException e) {
            // a bug, never a property of the file: the stack goes to the log, the cause into the outcome
            org.jboss.logging.Logger.getLogger(S3UploadProcessor.class).errorf(e, "INTERNAL error for %s/%s", bucket, key);
            Throwable cause = e.getCause();
            return log(UploadOutcome.failed(bucket, key, ErrorCode.INTERNAL.name(),
                    e.getClass().getSimpleName() + ": " + e.getMessage()
                            + (cause == null ? "" : " (" + cause.getClass().getName() + ": " + cause.getMessage() + ")")));
        }
    }

    /** One upload by its (decoded) key. */
    public UploadOutcome process(String bucket, String key) {
        return process(bucket, List.of(key == null ? "" : key));
    }

    /**
     * One upload whose key may be spelled more than one way (EventBridge and Batch Operations keys: as given, or
     * URL-decoded): the first spelling that exists is the object.
     */
    public UploadOutcome process(String bucket, List<String> candidateKeys) {
        String key = candidateKeys.isEmpty() ? null : candidateKeys.get(0);
        if (bucket == null || bucket.isBlank() || key == null || key.isBlank()) {
            return log(UploadOutcome.failed(bucket, key, "BAD_EVENT", "event record without bucket or key"));
        }
        HeadObjectResponse head = null;
        for (String candidate : new java.util.LinkedHashSet<>(candidateKeys)) {
            key = candidate;
            if (PrefixDefaults.isDefaultsDocument(key)) {
                return log(UploadOutcome.skipped(bucket, key, "context defaults document, not an upload"));
            }
            if (settings.isOutput(key)) {
                return log(UploadOutcome.skipped(bucket, key, "own output (by its name)"));
            }
            try {
                String k = key;
                head = StaleConnections.retry(() -> s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(k).build()));
                break;
            } catch (NoSuchKeyException e) {
                head = null;
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    return log(UploadOutcome.failed(bucket, key, ErrorCode.SOURCE_UNAVAILABLE.name(), "HEAD failed: "
                            + e.getMessage()));
                }
            } catch (SdkException | java.io.UncheckedIOException e) {
                return log(UploadOutcome.failed(bucket, key, ErrorCode.SOURCE_UNAVAILABLE.name(), "HEAD failed: "
                        + e.getMessage()));
            }
        }
        if (head == null) {
            return log(UploadOutcome.skipped(bucket, candidateKeys.get(0), "object no longer exists"));
        }
        Map<String, String> meta = head.metadata();
        if (meta != null && meta.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(OUTPUT_MARKER))) {
            return log(UploadOutcome.skipped(bucket, key, "own output (" + OUTPUT_MARKER + " metadata)"));
        }
        // Sidecar pairs: whichever half arrives second completes the pair, and the documents go beside the image.
        if (SidecarNames.isSidecarName(key)) {
            for (String image : SidecarNames.imagesOf(key)) {
                if (headOrNull(bucket, image) != null) {
                    return process(bucket, List.of(image));
                }
            }
        }
        String sidecarKey = null;
        HeadObjectResponse sidecar = null;
        if (SidecarNames.isImageName(key)) {
            for (String candidate : SidecarNames.sidecarsOf(key)) {
                sidecar = headOrNull(bucket, candidate);
                if (sidecar != null) {
                    sidecarKey = candidate;
                    break;
                }
            }
        }
        if (unchangedSinceLastExtraction(bucket, key, head, sidecar)) {
            return log(UploadOutcome.skipped(bucket, key, "unchanged since its last extraction (ETag " + head.eTag() + ")"));
        }
        long size = head.contentLength() == null ? 0 : head.contentLength();
        SourceInfo info = SourceInfo.s3(bucket, key, size, head.eTag(), head.versionId());
        String longest = settings.extractionKey(key).length() > settings.metadataKey(key).length()
                ? settings.extractionKey(key) : settings.metadataKey(key);
        if (longest.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return log(UploadOutcome.failed(bucket, key, ErrorCode.OUTPUT_NAME_TOO_LONG.name(), "'" + longest
                    + "' would exceed S3's " + MAX_KEY_BYTES + "-byte key limit; shorten the suffixes or the key"));
        }
        if (size > settings.maxObjectSize()) {
            return log(UploadOutcome.failed(bucket, key, ErrorCode.TOO_LARGE.name(), size + " bytes exceeds the limit of "
                    + settings.maxObjectSize()));
        }
        UploadContext context = (settings.prefixDefaults() ? defaults.forKey(bucket, key) : UploadContext.NONE)
                .overriddenBy(meta == null ? UploadContext.NONE : UploadContext.fromUserMetadata(meta));
        CachingByteSource source = new CachingByteSource(
                new S3RangeFetcher(s3, bucket, key, head.versionId(), head.eTag(), size));
        CachingByteSource companion = sidecar == null ? null : new CachingByteSource(new S3RangeFetcher(s3, bucket,
                sidecarKey, sidecar.versionId(), sidecar.eTag(), sidecar.contentLength() == null ? 0 : sidecar.contentLength()));
        SourceInfo companionInfo = sidecar == null ? null
                : SourceInfo.s3(bucket, sidecarKey, sidecar.contentLength(), sidecar.eTag(), sidecar.versionId());
        Extractor.Result result = extractWithin(source, info, context, companion, companionInfo);
        ExtractionRecord rec = result.record();
        String metadataKey = null;
        try {
            String out = settings.documentBucket(bucket);
            // a sidecar whose image has not arrived gets its record; the document waits for the pair, beside the image
            if (result.document() != null && settings.writeMetadata() && !Extractor.isLoneSidecar(rec)) {
                metadataKey = settings.metadataKey(key);
                put(out, metadataKey, result.document(), "metadata", head, sidecar);
            }
            // A record of a store failure must not make the retry look like a repeat: it carries no source ETag.
            boolean storeFailed = rec.errors().stream().anyMatch(p -> p.code() == ErrorCode.SOURCE_UNAVAILABLE);
            if (settings.writeExtraction()) {
                put(out, settings.extractionKey(key), rec, "extraction", storeFailed ? null : head, sidecar);
            }
        } catch (SdkException | JsonProcessingException | java.io.UncheckedIOException e) {
            return log(new UploadOutcome(bucket, key, "error", format(rec), ErrorCode.OUTPUT_FAILED.name(),
                    "writing documents failed: " + e.getMessage(), null, null, rec.provenance().bytesRead(),
                    rec.provenance().requests(), rec.provenance().durationMs()));
        }
        List<Problem> errors = rec.errors();
        return log(new UploadOutcome(bucket, key, rec.status().json(), format(rec),
                errors.isEmpty() ? null : errors.get(0).code().name(), errors.isEmpty() ? null : errors.get(0).message(),
                metadataKey, settings.writeExtraction() ? settings.extractionKey(key) : null, rec.provenance().bytesRead(),
                rec.provenance().requests(),
                rec.provenance().durationMs()));
    }

    /** Bounded time per file: a reader stuck on hostile bytes ends as a TIMEOUT record, not a hung invocation. */
    private Extractor.Result extractWithin(CachingByteSource source, SourceInfo info, UploadContext context,
            CachingByteSource companion, SourceInfo companionInfo) {
        Future<Extractor.Result> f = worker.submit(() -> extractor.extract(source, info, context, companion,
                companionInfo));
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return timeoutRecord(source, info);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return timeoutRecord(source, info);
        } catch (ExecutionException e) {
            throw new IllegalStateException("extractor threw despite its contract", e.getCause());
        } finally {
            try {
                source.close();
            } catch (IOException ignored) {
                // nothing to release beyond memory
            }
        }
    }

    private Extractor.Result timeoutRecord(CachingByteSource source, SourceInfo info) {
        ExtractionRecord rec = new ExtractionRecord(info, null, io.emmeta.core.output.Status.ERROR,
                List.of(new Problem(ErrorCode.TIMEOUT, "extraction exceeded " + timeoutMillis + " ms and was stopped")),
                List.of(), List.of(), null, null, null, null,
                new ExtractionRecord.Provenance(Extractor.NAME, Extractor.VERSION, java.time.Instant.now().toString(),
                        source.stats().bytesRead(), source.stats().requests(), timeoutMillis));
        return new Extractor.Result(rec, null);
    }

    private HeadObjectResponse headOrNull(String bucket, String key) {
        try {
            return StaleConnections.retry(() -> s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build()));
        } catch (SdkException | java.io.UncheckedIOException e) {
            return null; // absent (or unreadable: then the upload is handled on its own)
        }
    }

    /**
     * Idempotency: a repeated event for an object whose ETag (and version) match those our last record was made
     * from rewrites nothing. One HEAD on the record; a changed object, or no record yet, is extracted.
     */
    private boolean unchangedSinceLastExtraction(String bucket, String key, HeadObjectResponse head,
            HeadObjectResponse sidecar) {
        if (head.eTag() == null) {
            return false;
        }
        try {
            if (!settings.writeExtraction()) {
                return false; // no record to compare with: every event is extracted
            }
            Map<String, String> m = StaleConnections.retry(() -> s3.headObject(HeadObjectRequest.builder()
                    .bucket(settings.documentBucket(bucket)).key(settings.extractionKey(key)).build())).metadata();
            return head.eTag().equals(m.get(SOURCE_ETAG))
                    && java.util.Objects.equals(head.versionId() == null ? "" : head.versionId(),
                            m.getOrDefault(SOURCE_VERSION, ""))
                    && (sidecar == null ? "" : sidecar.eTag()).equals(m.getOrDefault(SIDECAR_ETAG, ""));
        } catch (SdkException | java.io.UncheckedIOException e) {
            return false; // no record yet (404), or it cannot be read: extract
        }
    }

    private void put(String bucket, String key, Object body, String kind, HeadObjectResponse source,
            HeadObjectResponse sidecar) throws JsonProcessingException {
        byte[] bytes = pretty.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        Map<String, String> meta = new java.util.HashMap<>();
        meta.put(OUTPUT_MARKER, kind);
        if (source != null && source.eTag() != null) {
            meta.put(SOURCE_ETAG, source.eTag());
            meta.put(SOURCE_VERSION, source.versionId() == null ? "" : source.versionId());
            if (sidecar != null && sidecar.eTag() != null) {
                meta.put(SIDECAR_ETAG, sidecar.eTag());
            }
        }
        StaleConnections.retry(() -> s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key)
                .contentType("application/json").metadata(meta).build(), RequestBody.fromBytes(bytes)));
    }

    private static String format(ExtractionRecord rec) {
        return rec.detected() == null ? null : rec.detected().format();
    }

    /** The Lambda request id of the invocation being handled on this thread, for the log lines. */
    public void requestId(String id) {
        if (id == null) {
            REQUEST_ID.remove();
        } else {
            REQUEST_ID.set(id);
        }
    }

    /**
     * One JSON line per upload on stdout — what operators search for — which is also a CloudWatch Embedded Metric
     * Format document: CloudWatch turns its {@code _aws} block into the metrics Uploads (by Status and by Format),
     * BytesRead, Requests and DurationMs without any agent or API call.
     */
    private UploadOutcome log(UploadOutcome o) {
        ObjectNode line = extractor.json().createObjectNode();
        line.put("event", "emmeta.upload");
        String id = REQUEST_ID.get();
        if (id != null) {
            line.put("awsRequestId", id);
        }
        line.setAll((ObjectNode) extractor.json().valueToTree(o));
        line.put("Status", o.status());
        line.put("Format", o.format() == null ? "none" : o.format());
        line.put("Uploads", 1);
        line.put("BytesRead", o.bytesRead() == null ? 0 : o.bytesRead());
        line.put("Requests", o.requests() == null ? 0 : o.requests());
        line.put("DurationMs", o.durationMs() == null ? 0 : o.durationMs());
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode metrics = aws.putArray("CloudWatchMetrics").addObject();
        metrics.put("Namespace", "emmeta");
        var dims = metrics.putArray("Dimensions");
        dims.addArray().add("Status");
        dims.addArray().add("Format");
        var m = metrics.putArray("Metrics");
        m.addObject().put("Name", "Uploads").put("Unit", "Count");
        m.addObject().put("Name", "BytesRead").put("Unit", "Bytes");
        m.addObject().put("Name", "Requests").put("Unit", "Count");
        m.addObject().put("Name", "DurationMs").put("Unit", "Milliseconds");
        logSink.accept(line.toString());
        return o;
    }

    /** Where log lines go (stdout by default; tests may capture them). */
    public void logSink(java.util.function.Consumer<String> sink) {
        this.logSink = sink;
    }
}
