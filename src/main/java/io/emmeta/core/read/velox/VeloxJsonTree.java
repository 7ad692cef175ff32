package io.emmeta.core.read.velox;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;

/**
 * Turns one Velox metadata JSON document into a {@link MetadataTree}: objects become sections, string leaves
 * become typed values with the unit Velox implies ({@link VeloxUnits}). Empty strings are omitted. The
 * CustomProperties entries keep their {type, value} shape; the value is typed as declared.
 */
final class VeloxJsonTree {

    /** Velox nests 5 levels deep; anything far deeper is not Velox and is refused before it costs stack. */
    static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build());

    private final VeloxUnits units;

    VeloxJsonTree(VeloxUnits units) {
        this.units = units;
    }

    /** Parses UTF-8 JSON; throws {@link JsonProcessingException} for anything that is not one JSON object. */
    static JsonNode parseObject(byte[] json, int length) throws JsonProcessingException {
        JsonNode root = MAPPER.readTree(new String(json, 0, length, StandardCharsets.UTF_8));
        if (root == null || !root.isObject()) {
            throw new JsonProcessingException("not a JSON object") {
            };
        }
        return root;
    }

    /** The tree of one metadata document; {@code percentDecode} for Velox Text items, whose strings are URL-encoded. */
    MetadataTree convert(JsonNode root, boolean typed, boolean percentDecode) {
        MetadataTree tree = new MetadataTree();
        fill(tree, root, root, "", typed, percentDecode);
        return tree;
    }

    private void fill(MetadataTree target, JsonNode root, JsonNode node, String path, boolean typed,
            boolean percentDecode) {
        if (node.isArray()) {
            int i = 0;
            for (JsonNode element : node) {
                put(target, root, Integer.toString(i++), element, path, typed, percentDecode);
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            put(target, root, e.getKey(), e.getValue(), path, typed, percentDecode);
        }
    }

    private void put(MetadataTree target, JsonNode root, String rawKey, JsonNode child, String parentPath,
            boolean typed, boolean percentDecode) {
        // '/' is the tree's path separator; a key containing it would be unreachable by path.
        String key = rawKey.isEmpty() ? "_" : rawKey.replace("/", "%2F");
        String path = parentPath.isEmpty() ? key : parentPath + "/" + key;
        if (child.isObject() || child.isArray()) {
            MetadataTree section = new MetadataTree();
            if (typed && parentPath.equals("CustomProperties") && isCustomProperty(child)) {
                customProperty(section, child, path);
            } else {
                fill(section, root, child, path, typed, percentDecode);
            }
            if (!section.isEmpty()) {
                target.put(key, section);
            }
            return;
        }
        Value v = leaf(root, child, path, typed, percentDecode);
        if (v != null) {
            target.add(key, v);
        }
    }

    private static boolean isCustomProperty(JsonNode n) {
        return n.size() == 2 && n.path("type").isTextual() && n.has("value") && n.get("value").isValueNode();
    }

    private void customProperty(MetadataTree section, JsonNode prop, String path) {
        String type = prop.get("type").asText();
        section.add("type", Value.text(type));
        JsonNode raw = prop.get("value");
        Object typedValue = raw.isTextual() ? VeloxValues.typed(type, raw.asText()) : scalar(raw);
        if (typedValue != null) {
            section.add("value", new Value(typedValue, units.unitOf(path + "/value"), null));
        }
    }

    private Value leaf(JsonNode root, JsonNode n, String path, boolean typed, boolean percentDecode) {
        Object value;
        if (n.isTextual()) {
            String s = percentDecode ? percentDecode(n.asText()) : n.asText();
            if (!typed || units.isText(path)) {
                value = s.isBlank() ? null : s;
            } else {
                value = VeloxValues.parse(s);
            }
        } else {
            value = scalar(n);
        }
        if (value == null) {
            return null;
        }
        String unit = null;
        if (value instanceof Number) {
            unit = units.unitOf(path);
            if (unit == null) {
                String from = units.unitSourceOf(path);
                if (from != null) {
                    JsonNode u = root.at("/" + from);
                    unit = u.isTextual() ? u.asText() : null;
                }
            }
        }
        return new Value(value, unit, null);
    }

    private static Object scalar(JsonNode n) {
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : n.asText();
        }
        if (n.isNull() || n.isMissingNode()) {
            return null;
        }
        String s = n.asText();
        return s.isBlank() ? null : s;
    }

    /**
     * Velox URL-encodes its Text items ("2019-12-05%2011%3A03%3A44%20Started..."). '+' is left alone (Velox
     * encodes it as %2B); a malformed escape is kept as written.
     */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
