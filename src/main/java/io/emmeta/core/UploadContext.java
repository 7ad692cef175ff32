package io.emmeta.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the upload says about itself that no file can: the measurement's purpose, the sample it belongs to, who
 * measured. Comes from S3 user metadata ({@code x-amz-meta-emmeta-*}) or CLI options; written into the document
 * only where given, never defaulted.
 */
public record UploadContext(String title, String technique, String measurementPurpose, String userName,
        String parentReference) {

    public static final UploadContext NONE = new UploadContext(null, null, null, null, null);

    /** This context with every field the other one sets replaced by the other's value (the other is more specific). */
    public UploadContext overriddenBy(UploadContext o) {
        return new UploadContext(pick(o.title, title), pick(o.technique, technique),
                pick(o.measurementPurpose, measurementPurpose), pick(o.userName, userName),
                pick(o.parentReference, parentReference));
    }

    private static String pick(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }

    public boolean isEmpty() {
        return title == null && technique == null && measurementPurpose == null && userName == null
                && parentReference == null;
    }

    /**
     * From a defaults document ({@code .emmeta.json} in a prefix):
     * {@code {"technique", "measurementPurpose", "userName", "parentReference", "title"}}; unknown fields ignored.
     */
    public static UploadContext fromJson(com.fasterxml.jackson.databind.JsonNode n) {
        if (n == null || !n.isObject()) {
            return NONE;
        }
        return new UploadContext(text(n, "title"), text(n, "technique"), text(n, "measurementPurpose"),
                text(n, "userName"), text(n, "parentReference"));
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n, String f) {
        return n.hasNonNull(f) && n.get(f).isValueNode() ? n.get(f).asText() : null;
    }

    /** From S3 user metadata (keys without the x-amz-meta- prefix, any case). */
    public static UploadContext fromUserMetadata(Map<String, String> meta) {
        Map<String, String> m = new LinkedHashMap<>();
        meta.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
        return new UploadContext(m.get("emmeta-title"), m.get("emmeta-technique"), m.get("emmeta-measurement-purpose"),
                m.get("emmeta-user-name"), m.get("emmeta-parent"));
    }
}
