package io.emmeta.core.output;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;

/**
 * The vendor tree as JSON: a value without unit or label is a bare JSON scalar; one with either is
 * {@code {"value": …, "unit": …, "label": …}}. Numbers stay numbers. A section is a JSON object.
 *
 * <p>So that the two cannot be confused, an object is a typed value exactly when it has a member {@code value} that is
 * not an object or array, and no members besides {@code unit} and {@code label} holding strings. A vendor section of
 * that shape (a JSON document's own {@code {"value": 5, "unit": "nm"}}) is written wrapped, as
 * {@code {"@section": {"value": 5, "unit": "nm"}}}; so is a vendor section whose only member is a section named
 * {@code @section}, which keeps the encoding reversible. No other section changes.
 */
public final class TreeJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The member that wraps a section which would otherwise read as a typed value. */
    public static final String SECTION = "@section";

    private TreeJson() {
    }

    /**
     * The tree as JSON, keeping at most {@code maxValues} values and {@code maxChars} characters of names and text, in
     * the tree's order; what is left out is counted, with the first section it came from.
     */
    public static Bounded toJson(MetadataTree tree, int maxValues, long maxChars) {
        Limit limit = new Limit(maxValues, maxChars);
        ObjectNode json = bounded(tree, "", limit);
        return new Bounded(json, limit.values, limit.droppedValues, limit.droppedSections, limit.firstDropped);
    }

    /** A bounded conversion: the JSON and what did not fit (0 dropped when the whole tree is there). */
    public record Bounded(ObjectNode json, int valuesKept, long valuesDropped, long sectionsDropped,
            String firstDropped) {
        public boolean complete() {
            return valuesDropped == 0 && sectionsDropped == 0;
        }
    }

    private static final class Limit {
        final int maxValues;
        final long maxChars;
        int values;
        long chars;
        long droppedValues;
        long droppedSections;
        String firstDropped;

        Limit(int maxValues, long maxChars) {
            this.maxValues = maxValues;
            this.maxChars = maxChars;
        }

        boolean full() {
            return values >= maxValues || chars >= maxChars;
        }

        void drop(String path, Object node) {
            if (firstDropped == null) {
                firstDropped = path;
            }
            if (node instanceof MetadataTree t) {
                droppedSections++;
                droppedValues += t.leafCount();
            } else {
                droppedValues++;
            }
        }
    }

    private static ObjectNode bounded(MetadataTree tree, String path, Limit limit) {
        ObjectNode o = JSON.objectNode();
        for (Map.Entry<String, Object> e : tree.entries().entrySet()) {
            if (limit.full()) {
                limit.drop(at(path, e.getKey()), e.getValue());
                continue;
            }
            limit.chars += e.getKey().length();
            if (e.getValue() instanceof MetadataTree t) {
                o.set(e.getKey(), section(bounded(t, at(path, e.getKey()), limit)));
            } else {
                Value v = (Value) e.getValue();
                limit.values++;
                limit.chars += v.value() instanceof String s ? s.length() : 8;
                o.set(e.getKey(), toJson(v));
            }
        }
        return o;
    }

    /** A member's path, made only for a section or a drop: not once per value (issue #15). */
    private static String at(String path, String key) {
        return path.isEmpty() ? key : path + "/" + key;
    }

    public static ObjectNode toJson(MetadataTree tree) {
        ObjectNode o = JSON.objectNode();
        for (Map.Entry<String, Object> e : tree.entries().entrySet()) {
            o.set(e.getKey(), e.getValue() instanceof MetadataTree t ? section(toJson(t)) : toJson((Value) e.getValue()));
        }
        return o;
    }

    /** A nested section's JSON, wrapped in {@link #SECTION} when it would otherwise read as a typed value. */
    static ObjectNode section(ObjectNode o) {
        if (!looksLikeValue(o) && !(o.size() == 1 && o.has(SECTION) && o.get(SECTION).isObject())) {
            return o;
        }
        ObjectNode wrapped = JSON.objectNode();
        wrapped.set(SECTION, o);
        return wrapped;
    }

    /** The rule a reader of the record applies: {"value": scalar} plus at most string "unit" and "label". */
    public static boolean looksLikeValue(JsonNode o) {
        if (!o.isObject() || !o.has("value") || o.get("value").isContainerNode()) {
            return false;
        }
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean ok = e.getKey().equals("value")
                    || ((e.getKey().equals("unit") || e.getKey().equals("label")) && e.getValue().isTextual());
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static JsonNode toJson(Value v) {
        JsonNode scalar = scalar(v.value());
        if (v.unit() == null && v.label() == null) {
            return scalar;
        }
        ObjectNode o = JSON.objectNode();
        o.set("value", scalar);
        if (v.unit() != null) {
            o.put("unit", v.unit());
        }
        if (v.label() != null) {
            o.put("label", v.label());
        }
        return o;
    }

    private static JsonNode scalar(Object value) {
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? JSON.numberNode(d) : JSON.textNode(d.toString());
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        return JSON.textNode(String.valueOf(value));
    }
}
