package io.emmeta.s3;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every trigger shape the function is wired to, recognised by content and answered in the shape its caller
 * expects:
 * <ul>
 * <li>S3 event notifications ({@code Records[].eventSource = aws:s3}), keys URL-encoded: {@code ObjectCreated:*}
 * extracts, {@code ObjectRemoved:*} removes the object's documents; {@code versionId} and {@code sequencer} go
 * along, so events older than our documents are skipped;</li>
 * <li>EventBridge "Object Created" / "Object Deleted" events ({@code detail.bucket.name}, {@code detail.object.key},
 * {@code version-id}, {@code sequencer});</li>
 * <li>SQS messages wrapping S3 notifications (directly or inside an SNS envelope), answered with
 * {@code batchItemFailures} so only failed messages are retried; {@code s3:TestEvent} messages are dropped;</li>
 * <li>S3 Batch Operations tasks, answered with per-task result codes.</li>
 * </ul>
 * For the direct shapes (S3, EventBridge) a failure worth retrying raises {@link RetryableFailure} after every
 * record has been handled, so Lambda's retry / on-failure destination sees it; records already done are skipped on
 * the retry because their ETag is unchanged.
 */
public final class EventDispatcher {

    /**
     * Does ahead of the first event what it would otherwise do on its way, without any call to the store (see
     * {@link S3UploadProcessor#warmUp}): also the answer's serialisation.
     */
    public void warmUp() {
        processor.warmUp();
        json.valueToTree(List.of(UploadOutcome.skipped("warm-up", "warm-up", "warm-up")));
    }

    /** Thrown after a direct invocation in which at least one upload failed for a reason a retry may cure. */
    public static final class RetryableFailure extends RuntimeException {
        public RetryableFailure(String message) {
            super(message);
        }
    }

    private final S3UploadProcessor processor;
    private final ObjectMapper json;

    public EventDispatcher(S3UploadProcessor processor, ObjectMapper json) {
        this.processor = processor;
        this.json = json;
    }

    public JsonNode handle(JsonNode event) {
        return handle(event, null);
    }

    /** Handles one invocation; {@code requestId} (an id of the invocation) goes into every log line it causes. */
    public JsonNode handle(JsonNode event, String requestId) {
        processor.requestId(requestId);
        try {
            return dispatch(event);
        } finally {
            processor.requestId(null);
        }
    }

    private JsonNode dispatch(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("event is not a JSON object");
        }
        if (event.has("invocationSchemaVersion") && event.has("tasks")) {
            return batchOperations(event);
        }
        if ("aws.s3".equals(event.path("source").asText()) && event.has("detail")) {
            return direct(List.of(eventBridge(event)));
        }
        JsonNode records = event.path("Records");
        if (records.isArray() && !records.isEmpty() && "aws:sqs".equals(records.get(0).path("eventSource").asText())) {
            return sqs(records);
        }
        if (isTestEvent(event)) {
            return summary(List.of());
        }
        return direct(s3Records(event));
    }

    // ---- S3 event notifications ----

    private List<UploadOutcome> s3Records(JsonNode notification) {
        List<UploadOutcome> out = new ArrayList<>();
        for (JsonNode r : notification.path("Records")) {
            String bucket = text(r.path("s3").path("bucket").path("name"));
            JsonNode object = r.path("s3").path("object");
            out.add(processor.processEventRecord(bucket, text(object.path("key")), text(r.path("eventName")),
                    text(object.path("versionId")), text(object.path("sequencer"))));
        }
        return out;
    }

    private JsonNode direct(List<UploadOutcome> outcomes) {
        ObjectNode summary = summary(outcomes);
        List<String> retry = outcomes.stream().filter(UploadOutcome::isRetriable)
                .map(o -> o.bucket() + "/" + o.key() + ": " + o.errorCode()).toList();
        if (!retry.isEmpty()) {
            throw new RetryableFailure(retry.size() + " upload(s) to retry: " + String.join("; ", retry));
        }
        return summary;
    }

    // ---- EventBridge ----

    private UploadOutcome eventBridge(JsonNode event) {
        String type = event.path("detail-type").asText();
        String bucket = text(event.path("detail").path("bucket").path("name"));
        JsonNode object = event.path("detail").path("object");
        String key = text(object.path("key"));
        ObjectEvent e = new ObjectEvent(type, text(object.path("version-id")), text(object.path("sequencer")));
        if ("Object Deleted".equals(type)) {
            return processor.remove(bucket, spellings(key), e);
        }
        if (!"Object Created".equals(type)) {
            return UploadOutcome.skipped(bucket, key, "EventBridge event '" + type + "' is not an upload or a removal");
        }
        return processor.process(bucket, spellings(key), e);
    }

    // ---- SQS (partial batch response) ----

    private JsonNode sqs(JsonNode records) {
        ArrayNode failures = json.createArrayNode();
        List<UploadOutcome> all = new ArrayList<>();
        for (JsonNode m : records) {
            String id = text(m.path("messageId"));
            try {
                JsonNode body = json.readTree(m.path("body").asText(""));
                if (body != null && "Notification".equals(body.path("Type").asText()) && body.has("Message")) {
                    body = json.readTree(body.path("Message").asText("")); // SNS → SQS fan-out envelope
                }
                if (body == null || isTestEvent(body)) {
                    continue;
                }
                if (!body.path("Records").isArray()) {
                    throw new IllegalArgumentException("message body is not an S3 event notification");
                }
                List<UploadOutcome> outcomes = s3Records(body);
                all.addAll(outcomes);
                if (outcomes.stream().anyMatch(UploadOutcome::isRetriable)) {
                    failures.addObject().put("itemIdentifier", id);
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                // Unreadable message: report it failed so the queue retries it and, at last, parks it in the DLQ.
                all.add(UploadOutcome.failed(null, null, "BAD_EVENT", "SQS message " + id + ": " + e.getMessage()));
                failures.addObject().put("itemIdentifier", id);
            }
        }
        ObjectNode response = summary(all);
        response.set("batchItemFailures", failures);
        return response;
    }

    // ---- S3 Batch Operations ----

    private JsonNode batchOperations(JsonNode event) {
        String version = event.path("invocationSchemaVersion").asText("1.0");
        ObjectNode response = json.createObjectNode();
        response.put("invocationSchemaVersion", version);
        response.put("treatMissingKeysAs", "PermanentFailure");
        response.put("invocationId", event.path("invocationId").asText());
        ArrayNode results = response.putArray("results");
        for (JsonNode task : event.path("tasks")) {
            String bucket = text(task.path("s3Bucket"));
            if (bucket == null) {
                String arn = text(task.path("s3BucketArn"));
                bucket = arn == null ? null : arn.substring(arn.lastIndexOf(':') + 1);
            }
            String key = text(task.path("s3Key"));
            UploadOutcome o = processor.process(bucket, spellings(key));
            ObjectNode r = results.addObject();
            r.put("taskId", task.path("taskId").asText());
            if (o.isRetriable()) {
                r.put("resultCode", "TemporaryFailure");
            } else if ("error".equals(o.status()) && "BAD_EVENT".equals(o.errorCode())) {
                r.put("resultCode", "PermanentFailure");
            } else if ("skipped".equals(o.status()) && String.valueOf(o.message()).startsWith("object no longer")) {
                r.put("resultCode", "PermanentFailure");
            } else {
                // a file we could not read is a finished task with a recorded reason, not a failed one
                r.put("resultCode", "Succeeded");
            }
            r.put("resultString", o.status() + (o.format() == null ? "" : " " + o.format())
                    + (o.errorCode() == null ? "" : " " + o.errorCode()) + (o.message() == null ? "" : ": " + o.message()));
        }
        return response;
    }

    // ---- helpers ----

    /** A key as given and URL-decoded, in that order (both shapes are seen in the wild). */
    static List<String> spellings(String key) {
        if (key == null) {
            return List.of();
        }
        try {
            String decoded = URLDecoder.decode(key, StandardCharsets.UTF_8);
            return decoded.equals(key) ? List.of(key) : List.of(key, decoded);
        } catch (IllegalArgumentException e) {
            return List.of(key);
        }
    }

    private static boolean isTestEvent(JsonNode n) {
        return "s3:TestEvent".equals(n.path("Event").asText());
    }

    private ObjectNode summary(List<UploadOutcome> outcomes) {
        int skipped = (int) outcomes.stream().filter(o -> "skipped".equals(o.status())).count();
        int failed = (int) outcomes.stream().filter(o -> "error".equals(o.status())).count();
        ObjectNode s = json.createObjectNode();
        s.put("records", outcomes.size());
        s.put("processed", outcomes.size() - skipped);
        s.put("skipped", skipped);
        s.put("failed", failed);
        s.set("outcomes", json.valueToTree(outcomes));
        return s;
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
