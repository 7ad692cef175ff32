package io.emmeta.core.output;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;

/**
 * The vendor tree as JSON: a value without unit or label is a bare JSON scalar; one with either is
 * {@code {"value": …, "unit": …, "label": …}}. Numbers stay numbers.
 */
public final class TreeJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TreeJson() {
    }

    public static ObjectNode toJson(MetadataTree tree) {
        ObjectNode o = JSON.objectNode();
        for (Map.Entry<String, Object> e : tree.entries().entrySet()) {
            o.set(e.getKey(), e.getValue() instanceof MetadataTree t ? toJson(t) : toJson((Value) e.getValue()));
        }
        return o;
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
