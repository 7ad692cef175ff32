package io.emmeta.core.output;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.core.map.ValidationReport;
import io.emmeta.core.problem.Problem;

/**
 * The extraction record written as {@code <key>.extraction.json}: what was read, what was found, what was written,
 * and what went wrong. {@code mapped} is the same document as {@code <key>.metadata.json}; {@code original} the
 * complete vendor tree.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "detected", "status", "errors", "warnings", "notes", "schema", "preview", "mapped",
        "validation", "original", "provenance"})
public record ExtractionRecord(
        SourceInfo source,
        DetectedInfo detected,
        Status status,
        List<Problem> errors,
        List<Problem> warnings,
        List<String> notes,
        String schema,
        JsonNode mapped,
        ValidationReport validation,
        JsonNode original,
        Provenance provenance,
        PreviewInfo preview) {

    public ExtractionRecord(SourceInfo source, DetectedInfo detected, Status status, List<Problem> errors,
            List<Problem> warnings, List<String> notes, String schema, JsonNode mapped, ValidationReport validation,
            JsonNode original, Provenance provenance) {
        this(source, detected, status, errors, warnings, notes, schema, mapped, validation, original, provenance, null);
    }

    /**
     * The preview picture written beside the object.
     *
     * @param key       where it was written (null until the caller has written it)
     * @param source    {@code decoded} from the pixels, {@code embedded} (the file's own thumbnail), {@code plotted}
     * @param scaleBar  the scale bar's label; absent when the pixel size is not known
     * @param bytesRead bytes of the object fetched for the preview, beyond those read for the metadata (the
     *                  provenance's bytesRead counts the metadata's alone)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"key", "source", "width", "height", "bytes", "scaleBar", "bytesRead", "durationMs"})
    public record PreviewInfo(String key, String source, int width, int height, long bytes, String scaleBar,
            long bytesRead, double durationMs) {
        public PreviewInfo withKey(String k) {
            return new PreviewInfo(k, source, width, height, bytes, scaleBar, bytesRead, durationMs);
        }
    }

    /** The same record naming the preview as written at {@code key}; without a preview when key is null. */
    public ExtractionRecord withPreviewKey(String key) {
        return new ExtractionRecord(source, detected, status, errors, warnings, notes, schema, mapped, validation,
                original, provenance, preview == null || key == null ? null : preview.withKey(key));
    }

    /** Where the object came from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceInfo(String bucket, String key, String path, Long size, String etag, String versionId,
            String sidecar) {
        public static SourceInfo s3(String bucket, String key, Long size, String etag, String versionId) {
            return new SourceInfo(bucket, key, null, size, etag, versionId, null);
        }

        public static SourceInfo file(String path, long size) {
            return new SourceInfo(null, null, path, size, null, null, null);
        }

        /** The same source, naming the sidecar object whose metadata completed it. */
        public SourceInfo withSidecar(String name) {
            return new SourceInfo(bucket, key, path, size, etag, versionId, name);
        }

        /** The object's display name: its key or path. */
        public String name() {
            return key != null ? key : path;
        }
    }

    /** What detection concluded, with the evidence. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DetectedInfo(String format, String vendor, String technique, String container,
            List<String> evidence) {
    }

    /**
     * Who extracted it, when, and at what cost. {@code durationMs} is a decimal to the microsecond: a warm extraction
     * takes well under a millisecond, which whole milliseconds would round away.
     */
    public record Provenance(String extractor, String version, String extractedAt, long bytesRead, long requests,
            double durationMs) {
    }
}
