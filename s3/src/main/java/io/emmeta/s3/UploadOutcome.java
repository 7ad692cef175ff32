package io.emmeta.s3;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What happened to one upload: processed (with status), removed (the object and its documents are gone), or skipped
 * with the reason. One per event record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadOutcome(String bucket, String key, String status, String format, String errorCode,
        String message, String metadataKey, String extractionKey, Long bytesRead, Long requests, Double durationMs) {

    /**
     * True when trying again later may succeed: the store could not be read or written. Content errors (a cut or
     * corrupt file) and timeouts give the same answer on every try, so they are final and recorded instead.
     */
    public boolean isRetriable() {
        return "error".equals(status) && ("SOURCE_UNAVAILABLE".equals(errorCode) || "OUTPUT_FAILED".equals(errorCode));
    }

    public static UploadOutcome skipped(String bucket, String key, String reason) {
        return new UploadOutcome(bucket, key, "skipped", null, null, reason, null, null, null, null, null);
    }

    /** The object is gone and so are its documents (their keys in the message). */
    public static UploadOutcome removed(String bucket, String key, String message) {
        return new UploadOutcome(bucket, key, "removed", null, null, message, null, null, null, null, null);
    }

    /** The same outcome, its message starting with why it happened (a removal event, a sidecar's change). */
    public UploadOutcome withMessagePrefix(String prefix) {
        String m = message == null ? prefix.replaceFirst("[:;,]\\s*$", "") + "; extracted again" : prefix + message;
        return new UploadOutcome(bucket, key, status, format, errorCode, m,
                metadataKey, extractionKey, bytesRead, requests, durationMs);
    }

    public static UploadOutcome failed(String bucket, String key, String code, String message) {
        return new UploadOutcome(bucket, key, "error", null, code, message, null, null, null, null, null);
    }
}
