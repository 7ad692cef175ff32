package io.emmeta.core.map;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Units;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;

/**
 * Applies the mapping tables: picks values from a reader's tree and writes them, in our one unit per quantity,
 * at their schema paths. Tables are resources listed in {@value #INDEX} (listed, not scanned, so a native image
 * knows every resource it needs).
 */
public final class Mapper {

    public static final String INDEX = "emmeta/mapping/index.txt";
    private static final Pattern INDIRECTION = Pattern.compile("\\$\\{([^}]+)}");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, MappingTable> byFormat = new HashMap<>();
    private final Converters converters;
    /**
     * Every document path the tables write, split at its dots once: has/put split each row's path per file, a few
     * hundred arrays and strings per document (issue #15). Filled here, only read afterwards.
     */
    private final Map<String, String[]> paths = new HashMap<>();

    public Mapper(List<MappingTable> tables, Converters converters) {
        this.converters = converters;
        for (MappingTable t : tables) {
            for (String f : t.formats()) {
                if (byFormat.put(f, t) != null) {
                    throw new IllegalArgumentException("two mapping tables for format " + f);
                }
            }
            for (String c : t.constants().keySet()) {
                paths.computeIfAbsent(c, Mapper::split);
            }
            for (MappingTable.Field f : t.fields()) {
                paths.computeIfAbsent(f.to(), Mapper::split);
                if (f.unitTo() != null) {
                    paths.computeIfAbsent(f.unitTo(), Mapper::split);
                }
            }
        }
    }

    private static String[] split(String dotted) {
        return dotted.split("\\.");
    }

    /** The path's parts: split once when a table names it, else now (a path no table has). */
    private String[] parts(String dotted) {
        String[] p = paths.get(dotted);
        return p != null ? p : split(dotted);
    }

    /** Loads every table named in the index from the class path. */
    public static Mapper fromClasspath(ObjectMapper json) {
        Converters converters = new Converters();
        List<MappingTable> tables = new ArrayList<>();
        for (String name : readLines(INDEX)) {
            String resource = "emmeta/mapping/" + name;
            try (InputStream in = resource(resource)) {
                tables.add(MappingTable.parse(name, json.readTree(in), converters));
            } catch (IOException e) {
                throw new IllegalStateException("mapping table " + resource + ": " + e.getMessage(), e);
            }
        }
        return new Mapper(tables, converters);
    }

    public MappingTable tableFor(String formatId) {
        return byFormat.get(formatId);
    }

    /** The outcome of mapping one file. */
    public record Result(ObjectNode document, List<Problem> problems, List<String> notes, int fieldsFilled) {
    }

    public Result map(MappingTable table, MetadataTree primary, MetadataTree original) {
        ObjectNode doc = JSON.objectNode();
        List<Problem> problems = new ArrayList<>();
        MappingContext ctx = new MappingContext(primary, original);
        int filled = 0;
        for (Map.Entry<String, JsonNode> c : table.constants().entrySet()) {
            put(doc, parts(c.getKey()), c.getValue().deepCopy());
        }
        for (MappingTable.Field f : table.fields()) {
            if (has(doc, parts(f.to()))) {
                continue; // an earlier row (higher priority) already filled it
            }
            if (f.when() != null && !holds(table.conditions().get(f.when()), primary)) {
                continue;
            }
            try {
                JsonNode out = mapField(f, primary, ctx);
                if (out != null && !out.isNull()) {
                    if (f.unitTo() != null && out.isObject() && out.has("unit")) {
                        put(doc, parts(f.to()), out.get("value"));
                        put(doc, parts(f.unitTo()), out.get("unit"));
                    } else {
                        put(doc, parts(f.to()), out);
                    }
                    filled++;
                }
            } catch (MappingException e) {
                problems.add(new Problem(ErrorCode.MAPPING, f.to() + " <- " + String.join(", ", f.sources()) + ": "
                        + e.getMessage()));
            }
        }
        for (MappingTable.Unmapped u : table.unmapped()) {
            String note = unmappedNote(u, primary);
            if (note != null) {
                ctx.note(note);
            }
        }
        return new Result(doc, problems, ctx.notes(), filled);
    }

    /**
     * One note for a fact the schema cannot hold, when the file holds it (the first of its paths present): the fact,
     * its value, where it stays, and why it has no place. One per fact kind, so a record is not flooded. A note, not a
     * warning: nothing went wrong (the value is kept in the original tree), and a warning would make every document
     * of the format partial for good — a Zeiss SEM image could never be ok, as the SEM schema has no magnification.
     */
    static String unmappedNote(MappingTable.Unmapped u, MetadataTree tree) {
        for (String path : u.from()) {
            Value v = lookup(tree, path);
            if (v != null) {
                return u.fact() + " " + v.asText() + (v.unit() == null ? "" : " " + v.unit()) + " stays in " + path
                        + ", not mapped: " + u.why();
            }
        }
        return null;
    }

    /** All checks of a condition hold; a missing value fails its check. */
    static boolean holds(List<MappingTable.Check> checks, MetadataTree tree) {
        for (MappingTable.Check c : checks) {
            Value v = lookup(tree, c.path());
            if (v == null) {
                return false;
            }
            if (c.equals() != null && !c.equals().equals(v.asText())) {
                return false;
            }
            if (c.notIn().contains(v.asText())) {
                return false;
            }
            if (c.isNumber() && !v.isNumber()) {
                return false;
            }
        }
        return true;
    }

    /** The value of the row's first {@code from} path that is present (and not a "means absent" text), or null. */
    private Value firstPresent(MappingTable.Field f, MetadataTree tree, MappingContext ctx) {
        for (String p : f.from()) {
            Value v = source(f, tree, p, ctx);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * The value at {@code path}, or null when absent or one of the row's "means absent" texts: a placeholder a file
     * writes when it does not know the value (a probe current of 0) stays out of the document, and for a number a note
     * says so, so the gap is never silent.
     */
    private Value source(MappingTable.Field f, MetadataTree tree, String path, MappingContext ctx) {
        Value v = lookup(tree, path);
        if (v != null && f.skip().contains(v.asText())) {
            if (v.isNumber()) {
                // a number that means "not recorded" (0) reads like a value: say why it is absent; a text such as
                // "None" says so itself
                ctx.note(f.to() + ": " + path + " = " + v.asText() + " is the placeholder the file writes when the"
                        + " value is not recorded: left out");
            }
            return null;
        }
        return v;
    }

    private JsonNode mapField(MappingTable.Field f, MetadataTree tree, MappingContext ctx) throws MappingException {
        if (f.convert() != null) {
            List<Value> args = new ArrayList<>();
            if (f.args().isEmpty()) {
                args.add(firstPresent(f, tree, ctx));
            } else {
                for (String p : f.args()) {
                    args.add(source(f, tree, p, ctx));
                }
            }
            if (args.stream().allMatch(a -> a == null)) {
                return null;
            }
            JsonNode out = converters.get(f.convert()).convert(args, ctx);
            return out == null ? null : coerceUnit(f, out);
        }
        Value v = firstPresent(f, tree, ctx);
        if (v == null) {
            return null;
        }
        if (f.values() != null) {
            String mapped = f.values().get(v.asText());
            if (mapped == null && f.skipUnmatched()) {
                return null;
            }
            if (mapped == null) {
                throw new MappingException("'" + v.asText() + "' is not one of " + f.values().keySet());
            }
            return JSON.textNode(mapped);
        }
        if (f.unit() != null) {
            return quantity(f, v);
        }
        return scalar(f, v);
    }

    /**
     * A converter's number on a unit row is converted like a source value: its own unit (an object's "unit"), else
     * the table's sourceUnit, else it is taken to be in the row's unit already.
     */
    private JsonNode coerceUnit(MappingTable.Field f, JsonNode out) throws MappingException {
        if (f.unit() == null) {
            return out;
        }
        JsonNode number = out.isNumber() ? out : out.path("value");
        if (!number.isNumber()) {
            return out;
        }
        String from = out.hasNonNull("unit") ? out.get("unit").asText() : f.sourceUnit() != null ? f.sourceUnit() : f.unit();
        return converted(f, number.asDouble(), from);
    }

    private JsonNode quantity(MappingTable.Field f, Value v) throws MappingException {
        if (!v.isNumber()) {
            throw new MappingException("'" + v.asText() + "' is not a number");
        }
        String from = v.unit() != null ? v.unit() : f.sourceUnit();
        if (from == null) {
            throw new MappingException("value " + v.asText() + " has no unit and the table names none");
        }
        return converted(f, v.asDouble(), from);
    }

    /**
     * {value, unit} in the row's unit for the value's dimension (one unit per quantity: lengths in m, reciprocal
     * lengths in 1/m, energies in eV, whatever the file wrote); a unit we cannot convert is a warning, never a value
     * written in a unit the row did not choose.
     */
    private static JsonNode converted(MappingTable.Field f, double value, String from) throws MappingException {
        String target = f.units().size() == 1 ? f.unit() : f.unitFor(from);
        if (target == null) {
            throw new MappingException("value " + Units.clean(value) + " is in '" + from + "', which is none of the"
                    + " quantities this field takes (" + String.join(", ", f.units()) + ")");
        }
        try {
            ObjectNode q = JSON.objectNode();
            q.set("value", number(Units.convert(value, from, target)));
            q.put("unit", target);
            return q;
        } catch (IllegalArgumentException e) {
            throw new MappingException(e.getMessage());
        }
    }

    private JsonNode scalar(MappingTable.Field f, Value v) throws MappingException {
        String type = f.type();
        if (type == null) {
            Object o = v.value();
            if (o instanceof Boolean b) {
                return JSON.booleanNode(b);
            }
            if (o instanceof Long l) {
                return JSON.numberNode(l);
            }
            if (o instanceof Double d) {
                return number(d);
            }
            return JSON.textNode(v.asText());
        }
        switch (type) {
            case "string":
                return JSON.textNode(v.asText());
            case "number":
                if (!v.isNumber()) {
                    throw new MappingException("'" + v.asText() + "' is not a number");
                }
                return number(v.asDouble());
            case "integer":
                if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble())) {
                    throw new MappingException("'" + v.asText() + "' is not an integer");
                }
                return JSON.numberNode((long) v.asDouble());
            case "boolean":
                return Converters.bool(v);
            default:
                throw new MappingException("unknown type '" + type + "'");
        }
    }

    /** Integers as integers (1024, not 1024.0); everything else as a double. */
    static JsonNode number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return JSON.numberNode((long) d);
        }
        return JSON.numberNode(d);
    }

    /** Resolves ${path} indirections (FEI "[Beam] Beam=EBeam") and looks the value up. */
    static Value lookup(MetadataTree tree, String path) {
        String resolved = path;
        if (!path.contains("${")) {
            return tree.get(path); // nearly every path: no matcher made per lookup (issue #15)
        }
        Matcher m = INDIRECTION.matcher(path);
        if (m.find()) {
            StringBuilder sb = new StringBuilder();
            m.reset();
            while (m.find()) {
                String inner = tree.text(m.group(1));
                if (inner == null || inner.isBlank() || inner.contains("/")) {
                    return null;
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(inner.strip()));
            }
            m.appendTail(sb);
            resolved = sb.toString();
        }
        return tree.get(resolved);
    }

    private static boolean has(ObjectNode doc, String[] parts) {
        JsonNode n = doc;
        for (String part : parts) {
            n = n.get(part);
            if (n == null) {
                return false;
            }
        }
        return true;
    }

    private static void put(ObjectNode doc, String[] parts, JsonNode value) {
        ObjectNode n = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = n.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = JSON.objectNode();
                n.set(parts[i], child);
            }
            n = (ObjectNode) child;
        }
        n.set(parts[parts.length - 1], value);
    }

    static InputStream resource(String name) throws IOException {
        InputStream in = Mapper.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " not found");
        }
        return in;
    }

    static List<String> readLines(String resource) {
        try (InputStream in = resource(resource)) {
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
