package io.emmeta.core.read.velox;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Notices;
import io.emmeta.core.read.text.NumberText;
import io.emmeta.core.read.text.TextLimits;

/**
 * Turns one Velox metadata JSON document into a {@link MetadataTree}: objects become sections, string leaves
 * become typed values with the unit Velox implies ({@link VeloxUnits}). Empty strings are omitted. The
 * CustomProperties entries keep their {type, value} shape; the value is typed as declared.
 */
final class VeloxJsonTree {

    /** Velox nests 5 levels deep; anything far deeper is not Velox and is refused before it costs stack. */
    static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final VeloxUnits units;

    VeloxJsonTree(VeloxUnits units) {
        this.units = units;
    }

    /**
     * Parses UTF-8 JSON; throws {@link JsonProcessingException} for anything that is not one JSON object. Built from
     * the token stream rather than by {@code ObjectMapper.readTree}, which keeps only the last of a key written twice
     * in one object and reads {@code 1e309} as Infinity and {@code 1e-400} as 0, all silently: here a repeated key
     * keeps every value ({@code key}, {@code key#2}, ... as {@link MetadataTree#uniqueKey} names them) and a number
     * outside a double's range keeps its text, each with a warning (through {@link Notices}).
     */
    static JsonNode parseObject(byte[] json, int length) throws JsonProcessingException {
        try (JsonParser p = FACTORY.createParser(new String(json, 0, length, StandardCharsets.UTF_8))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonProcessingException("not a JSON object") {
                };
            }
            return object(p, "");
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new JsonProcessingException(e.getMessage()) { // reading a String: not an I/O failure
            };
        }
    }

    /** The object whose START_OBJECT was just read. Depth is bounded by the factory's {@link #MAX_DEPTH}. */
    private static ObjectNode object(JsonParser p, String path) throws java.io.IOException {
        ObjectNode o = NODES.objectNode();
        Map<String, Integer> repeated = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            Deadline.check();
            String key = p.currentName();
            p.nextToken();
            String at = path.isEmpty() ? key : path + "/" + key;
            JsonNode value = node(p, at);
            if (o.has(key)) {
                if (repeated == null) {
                    repeated = new java.util.LinkedHashMap<>();
                }
                int n = repeated.getOrDefault(key, 2);
                while (o.has(key + "#" + n)) {
                    n++;
                }
                repeated.put(key, n + 1);
                o.set(key + "#" + n, value);
            } else {
                o.set(key, value);
            }
        }
        if (repeated != null) {
            for (Map.Entry<String, Integer> r : repeated.entrySet()) {
                Notices.add(ErrorCode.MALFORMED_TEXT, "JSON object '" + TextLimits.excerpt(path) + "' repeats the key '"
                        + TextLimits.excerpt(r.getKey()) + "'; every value kept (" + r.getKey() + "#2 ...)");
            }
        }
        return o;
    }

    private static JsonNode node(JsonParser p, String path) throws java.io.IOException {
        switch (p.currentToken()) {
            case START_OBJECT:
                return object(p, path);
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    Deadline.check();
                    a.add(node(p, path + "/" + i++));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? NODES.numberNode(p.getBigIntegerValue())
                        : p.getNumberType() == JsonParser.NumberType.LONG ? NODES.numberNode(p.getLongValue())
                        : NODES.numberNode(p.getIntValue());
            case VALUE_NUMBER_FLOAT: {
                String text = p.getText();
                Double d = NumberText.inRange(text);
                // outside a double's range: the text, kept apart from a string so typed parsing does not warn twice
                return d == null ? NODES.pojoNode(new OutOfRange(text)) : NODES.numberNode(d.doubleValue());
            }
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                return NODES.textNode(p.getText());
        }
    }

    /** A JSON number outside a double's range, as written. */
    record OutOfRange(String text) {
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
        if (n instanceof com.fasterxml.jackson.databind.node.POJONode pojo && pojo.getPojo() instanceof OutOfRange o) {
            return o.text();
        }
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
