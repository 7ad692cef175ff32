package io.emmeta.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the upload says about itself that no file can: the measurement's purpose, the sample it belongs to, who
 * measured, and what the facility knows about the instrument that its files do not record (apertures, detector
 * orientation, a TEM's voltage for a camera format that has none). Comes from S3 user metadata
 * ({@code x-amz-meta-emmeta-*}), from defaults documents per prefix ({@code .emmeta.json}) or CLI options; written
 * into the document only where given, never invented.
 *
 * @param sem a partial SEM document ({@code {"entry": {...}}}) whose fields fill what the file left absent
 * @param tem the same for TEM documents
 * @param preview whether a preview picture is wanted: true, false, or null (not said: the deployment decides);
 *                {@code "preview": false} in a folder's {@code .emmeta.json} switches it off below that folder
 */
public record UploadContext(String title, String technique, String measurementPurpose, String userName,
        String parentReference, ObjectNode sem, ObjectNode tem, Boolean preview) {

    public UploadContext(String title, String technique, String measurementPurpose, String userName,
            String parentReference, ObjectNode sem, ObjectNode tem) {
        this(title, technique, measurementPurpose, userName, parentReference, sem, tem, null);
    }

    /** This context with the preview wanted unless it says otherwise (the deployment's default applied). */
    public UploadContext withPreviewDefault(boolean wanted) {
        return new UploadContext(title, technique, measurementPurpose, userName, parentReference, sem, tem,
                preview != null ? preview : wanted);
    }

    /** True when the upload's preview is to be made. */
    public boolean wantsPreview() {
        return Boolean.TRUE.equals(preview);
    }

    public static final UploadContext NONE = new UploadContext(null, null, null, null, null);

    public UploadContext(String title, String technique, String measurementPurpose, String userName,
            String parentReference) {
        this(title, technique, measurementPurpose, userName, parentReference, null, null);
    }

    /** This context with every field the other one sets replaced by the other's value (the other is more specific). */
    public UploadContext overriddenBy(UploadContext o) {
        return new UploadContext(pick(o.title, title), pick(o.technique, technique),
                pick(o.measurementPurpose, measurementPurpose), pick(o.userName, userName),
                pick(o.parentReference, parentReference), merged(sem, o.sem), merged(tem, o.tem),
                o.preview != null ? o.preview : preview);
    }

    /** {@code base} deep-merged with {@code over} (over wins, objects merge, anything else replaces); both untouched. */
    static ObjectNode merged(ObjectNode base, ObjectNode over) {
        if (base == null) {
            return over == null ? null : over.deepCopy();
        }
        ObjectNode out = base.deepCopy();
        if (over != null) {
            mergeInto(out, over);
        }
        return out;
    }

    private static void mergeInto(ObjectNode into, ObjectNode over) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode mine = into.get(e.getKey());
            if (mine instanceof ObjectNode mo && e.getValue() instanceof ObjectNode oo) {
                mergeInto(mo, oo);
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    /**
     * Copies into {@code doc} every field of {@code defaults} that {@code doc} does not have (the file's values win);
     * returns the dotted paths filled. Objects merge field by field, except a quantity ({@code {value, unit, ...}})
     * the file wrote, which stays as written; arrays and values are taken whole.
     */
    public static List<String> fillAbsent(ObjectNode doc, ObjectNode defaults) {
        List<String> filled = new ArrayList<>();
        if (defaults != null) {
            fill(doc, defaults, "", filled);
        }
        return filled;
    }

    private static void fill(ObjectNode doc, ObjectNode defaults, String prefix, List<String> filled) {
        Iterator<Map.Entry<String, JsonNode>> it = defaults.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode mine = doc.get(e.getKey());
            if (mine == null || mine.isNull()) {
                doc.set(e.getKey(), e.getValue().deepCopy());
                filled.add(path);
            } else if (mine instanceof ObjectNode mo && e.getValue() instanceof ObjectNode dv && !mo.has("value")) {
                // a quantity the file wrote ({value, unit, ...}) is whole: no facility note or unit joins it
                fill(mo, dv, path, filled);
            }
        }
    }

    private static String pick(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }

    public boolean isEmpty() {
        return title == null && technique == null && measurementPurpose == null && userName == null
                && parentReference == null && sem == null && tem == null;
    }

    /**
     * From a defaults document ({@code .emmeta.json} in a prefix, or the CLI's {@code --context} file):
     * {@code {"technique", "measurementPurpose", "userName", "parentReference", "title", "sem": {...}, "tem": {...}}}
     * where {@code sem}/{@code tem} are partial schema documents; unknown fields ignored.
     */
    public static UploadContext fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            return NONE;
        }
        return new UploadContext(text(n, "title"), text(n, "technique"), text(n, "measurementPurpose"),
                text(n, "userName"), text(n, "parentReference"), object(n, "sem"), object(n, "tem"),
                n.get("preview") != null && n.get("preview").isBoolean() ? n.get("preview").booleanValue() : null);
    }

    private static ObjectNode object(JsonNode n, String f) {
        return n.get(f) instanceof ObjectNode o && !o.isEmpty() ? o.deepCopy() : null;
    }

    private static String text(JsonNode n, String f) {
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
