package io.emmeta.core.map;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One vendor family's mapping into one schema, as read from a resource file: which source path goes to which
 * target path, in which unit, through which converter. Adding an instrument is adding a table.
 */
public record MappingTable(String name, String schema, List<String> formats, Map<String, JsonNode> constants,
        List<Field> fields) {

    /** One row: {@code to} ← {@code from} (one path, fallbacks, or converter arguments). */
    public record Field(String to, List<String> from, String unit, String sourceUnit, String unitTo, String type,
            String convert) {
    }

    static MappingTable parse(String name, JsonNode root, Converters converters) {
        String schema = text(root, "schema");
        if (!"SEM".equals(schema) && !"TEM".equals(schema)) {
            throw new IllegalArgumentException(name + ": schema must be SEM or TEM, is " + schema);
        }
        List<String> formats = new ArrayList<>();
        root.path("formats").forEach(f -> formats.add(f.asText()));
        Map<String, JsonNode> constants = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("constants").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            constants.put(e.getKey(), e.getValue());
        }
        List<Field> fields = new ArrayList<>();
        int row = 0;
        for (JsonNode f : root.path("fields")) {
            row++;
            String to = text(f, "to");
            if (to == null) {
                throw new IllegalArgumentException(name + " row " + row + ": no 'to'");
            }
            List<String> from = new ArrayList<>();
            JsonNode fromNode = f.path("from");
            if (fromNode.isArray()) {
                fromNode.forEach(x -> from.add(x.asText()));
            } else if (fromNode.isTextual()) {
                from.add(fromNode.asText());
            }
            if (from.isEmpty()) {
                throw new IllegalArgumentException(name + " row " + row + " (" + to + "): no 'from'");
            }
            String convert = text(f, "convert");
            if (convert != null && !converters.has(convert)) {
                throw new IllegalArgumentException(name + " row " + row + ": unknown converter '" + convert + "'");
            }
            String unit = text(f, "unit");
            if (unit != null && Units.parse(unit) == null) {
                throw new IllegalArgumentException(name + " row " + row + ": unknown target unit '" + unit + "'");
            }
            String sourceUnit = text(f, "sourceUnit");
            if (sourceUnit != null && Units.parse(sourceUnit) == null) {
                throw new IllegalArgumentException(name + " row " + row + ": unknown source unit '" + sourceUnit + "'");
            }
            fields.add(new Field(to, List.copyOf(from), unit, sourceUnit, text(f, "unitTo"), text(f, "type"), convert));
        }
        return new MappingTable(name, schema, List.copyOf(formats), constants, List.copyOf(fields));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
