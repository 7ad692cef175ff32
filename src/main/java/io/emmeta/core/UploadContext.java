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

    /** From S3 user metadata (keys without the x-amz-meta- prefix, any case). */
    public static UploadContext fromUserMetadata(Map<String, String> meta) {
        Map<String, String> m = new LinkedHashMap<>();
        meta.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
        return new UploadContext(m.get("emmeta-title"), m.get("emmeta-technique"), m.get("emmeta-measurement-purpose"),
                m.get("emmeta-user-name"), m.get("emmeta-parent"));
    }
}
