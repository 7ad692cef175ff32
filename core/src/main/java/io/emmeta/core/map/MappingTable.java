package io.emmeta.core.map;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.core.model.JsonContract;
import io.emmeta.core.model.Units;

/**
 * One vendor family's mapping into one schema, as read from a resource file: which source path goes to which
 * target path, in which unit, through which converter. Adding an instrument is adding a table.
 */
public record MappingTable(String name, String schema, List<String> formats, Map<String, JsonNode> constants,
        Map<String, List<Check>> conditions, List<Field> fields, List<Unmapped> unmapped) {

    public MappingTable(String name, String schema, List<String> formats, Map<String, JsonNode> constants,
            Map<String, List<Check>> conditions, List<Field> fields) {
        this(name, schema, formats, constants, conditions, fields, List.of());
    }

    /**
     * A key fact the format holds that the schema has no place for (an EDS live time, an SEM magnification): when one
     * of its {@code from} paths is present the mapper notes it once, naming the fact, where it stays and {@code why},
     * so a gap in the document is never silent. Data, not reader code: one rule for every format.
     */
    public record Unmapped(String fact, List<String> from, String why) {
    }

    /**
     * One row: {@code to} ← {@code from} (source paths in order of preference: the first present value is used) or
     * ← {@code convert(args)} (a converter's inputs in its order; absent ones passed as null). Exactly one of
     * {@code from} and {@code args} is non-empty. {@code when} names a condition that must hold; {@code skip} lists
     * source texts that mean "absent" ("None"); {@code values} maps source texts onto the schema's enumeration.
     */
    public record Field(String to, List<String> from, List<String> args, List<String> units, String sourceUnit,
            String unitTo, String type, String convert, String when, Set<String> skip, Map<String, String> values,
            boolean skipUnmatched) {

        /** The row's source paths, fallbacks or arguments alike (for messages and path checks). */
        public List<String> sources() {
            return args.isEmpty() ? from : args;
        }

        /** The row's (first) target unit, or null for a row that writes no quantity. */
        public String unit() {
            return units.isEmpty() ? null : units.get(0);
        }

        /**
         * The target unit for a value in {@code sourceUnit}: the row's unit of the same dimension (a row may name one
         * per dimension, as a calibration may be a length, a reciprocal length or an energy); null when none matches.
         */
        public String unitFor(String sourceUnit) {
            Units.Unit u = Units.parse(sourceUnit);
            if (u == null) {
                return null;
            }
            for (String target : units) {
                if (Units.parse(target).dimension() == u.dimension()) {
                    return target;
                }
            }
            return null;
        }
    }

    /** What every table must look like (keys, shapes): checked before a table is parsed. */
    static final JsonContract CONTRACT = new JsonContract("emmeta/mapping/table.schema.json");

    /** One test of a named condition: the value at {@code path} equals, is not in, or is a number. */
    public record Check(String path, String equals, Set<String> notIn, boolean isNumber) {
    }

    static MappingTable parse(String name, JsonNode root, Converters converters) {
        CONTRACT.check(name, root);
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
        Map<String, List<Check>> conditions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("conditions").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            List<Check> checks = new ArrayList<>();
            for (JsonNode c : e.getValue()) {
                String path = text(c, "path");
                if (path == null) {
                    throw new IllegalArgumentException(name + ": condition " + e.getKey() + " has a check without path");
                }
                checks.add(new Check(path, c.has("equals") ? c.get("equals").asText() : null, strings(c.get("notIn")),
                        c.path("isNumber").asBoolean(false)));
            }
            conditions.put(e.getKey(), List.copyOf(checks));
        }
        List<Field> fields = new ArrayList<>();
        int row = 0;
        for (JsonNode f : root.path("fields")) {
            row++;
            String to = text(f, "to");
            if (to == null) {
                throw new IllegalArgumentException(name + " row " + row + ": no 'to'");
            }
            List<String> from = paths(f.path("from"));
            List<String> args = paths(f.path("args"));
            String convert = text(f, "convert");
            if (convert != null) {
                checkConverter(name + " row " + row + " (" + to + ")", convert, args, converters);
            }
            List<String> units = paths(f.path("unit"));
            checkUnits(name + " row " + row, units);
            String sourceUnit = text(f, "sourceUnit");
            if (sourceUnit != null && Units.parse(sourceUnit) == null) {
                throw new IllegalArgumentException(name + " row " + row + ": unknown source unit '" + sourceUnit + "'");
            }
            String when = text(f, "when");
            if (when != null && !conditions.containsKey(when)) {
                throw new IllegalArgumentException(name + " row " + row + ": unknown condition '" + when + "'");
            }
            Map<String, String> values = null;
            if (f.has("values")) {
                values = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = f.get("values").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    values.put(e.getKey(), e.getValue().asText());
                }
            }
            fields.add(new Field(to, from, args, units, sourceUnit, text(f, "unitTo"), text(f, "type"), convert,
                    when, strings(f.get("skip")), values, "skip".equals(text(f, "unmatched"))));
        }
        List<Unmapped> unmapped = new ArrayList<>();
        for (JsonNode u : root.path("unmapped")) {
            unmapped.add(new Unmapped(text(u, "fact"), paths(u.path("from")), text(u, "why")));
        }
        return new MappingTable(name, schema, List.copyOf(formats), constants, conditions, List.copyOf(fields),
                List.copyOf(unmapped));
    }

    /**
     * A converter of one input reads the row's {@code from} (its fallbacks); one of several inputs reads exactly as
     * many {@code args}. A row that gave a two-input converter one path (or fallbacks to a positional converter) would
     * run with inputs shifted or missing and map nothing, or the wrong thing, without a word.
     */
    private static void checkConverter(String where, String convert, List<String> args, Converters converters) {
        if (!converters.has(convert)) {
            throw new IllegalArgumentException(where + ": unknown converter '" + convert + "'");
        }
        int arity = converters.arity(convert);
        if (arity == 1 && !args.isEmpty()) {
            throw new IllegalArgumentException(where + ": converter '" + convert + "' takes one value: give its"
                    + " fallbacks as 'from', not 'args'");
        }
        if (arity > 1 && args.isEmpty()) {
            throw new IllegalArgumentException(where + ": converter '" + convert + "' takes " + arity
                    + " inputs in order: give them as 'args' ('from' lists fallbacks for one value)");
        }
        if (arity > 1 && args.size() != arity) {
            throw new IllegalArgumentException(where + ": converter '" + convert + "' takes " + arity
                    + " 'args' in order, the row gives " + args.size());
        }
    }

    /** Every target unit known, and no two of one dimension (the value's own dimension picks its target). */
    private static void checkUnits(String where, List<String> units) {
        Set<Units.Dimension> seen = new LinkedHashSet<>();
        for (String unit : units) {
            Units.Unit u = Units.parse(unit);
            if (u == null) {
                throw new IllegalArgumentException(where + ": unknown target unit '" + unit + "'");
            }
            if (!seen.add(u.dimension())) {
                throw new IllegalArgumentException(where + ": two target units of dimension " + u.dimension());
            }
        }
    }

    /** A path or a list of paths ({@code "from": "A/B"} is {@code "from": ["A/B"]}); empty when absent. */
    private static List<String> paths(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(x -> out.add(x.asText()));
        } else if (node.isTextual()) {
            out.add(node.asText());
        }
        return List.copyOf(out);
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        if (array != null) {
            array.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
