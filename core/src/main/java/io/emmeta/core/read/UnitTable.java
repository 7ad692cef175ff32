package io.emmeta.core.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.model.JsonContract;

/**
 * What a format implies but does not write beside its values (TESCAN, JEOL, Thermo Fisher xT, Velox write bare
 * numbers): the unit of a key, the sibling that holds its unit, the keys that stay text, the On/Off switches. One
 * shape for every vendor ({@value #SCHEMA}), so a new key is a line in a table and a misspelt section fails at
 * start-up. Keys are '/'-separated path patterns, '*' matching within one segment; a pattern without '*' wins over
 * wildcards (a section's own entry over the "any section" one), else the first matching pattern in table order.
 */
public final class UnitTable {

    static final String SCHEMA = "emmeta/unit-table.schema.json";
    private static final JsonContract CONTRACT = new JsonContract(SCHEMA);

    private final Rules<String> units;
    private final Rules<String> unitFrom;
    private final Rules<Boolean> text;
    private final Rules<Boolean> onOff;

    private UnitTable(Rules<String> units, Rules<String> unitFrom, Rules<Boolean> text, Rules<Boolean> onOff) {
        this.units = units;
        this.unitFrom = unitFrom;
        this.text = text;
        this.onOff = onOff;
    }

    /** Loads a class-path table; a missing or broken resource is a packaging bug, so it fails loudly at start-up. */
    public static UnitTable load(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = UnitTable.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing");
            }
            return parse(name, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the table does not match {@value #SCHEMA}, naming table and key */
    public static UnitTable parse(String name, JsonNode root) {
        CONTRACT.check(name, root);
        Rules<String> units = new Rules<>();
        Rules<String> unitFrom = new Rules<>();
        Rules<Boolean> text = new Rules<>();
        Rules<Boolean> onOff = new Rules<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("units").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            units.add(e.getKey(), e.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("unitFrom").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            unitFrom.add(e.getKey(), e.getValue().asText());
        }
        root.path("text").forEach(n -> text.add(n.asText(), Boolean.TRUE));
        root.path("onOff").forEach(n -> onOff.add(n.asText(), Boolean.TRUE));
        return new UnitTable(units, unitFrom, text, onOff);
    }

    /** The unit the format implies for the value at {@code path}, or null when the table does not know it. */
    public String unitOf(String path) {
        return units.find(path);
    }

    /** The path of the sibling whose text is the unit of the value at {@code path}, or null. */
    public String unitSourceOf(String path) {
        return unitFrom.find(path);
    }

    /** True for values that stay text although they may look numeric (identifiers, version strings). */
    public boolean isText(String path) {
        return text.find(path) != null;
    }

    /** True where On/Off is a switch (a boolean); elsewhere it may be a state among others ("Offline"). */
    public boolean isOnOff(String path) {
        return onOff.find(path) != null;
    }

    /** Patterns without '*' by exact lookup; the others tried in table order. */
    private static final class Rules<T> {
        private final Map<String, T> exact = new HashMap<>();
        private final List<Map.Entry<PathPattern, T>> wildcards = new ArrayList<>();

        void add(String pattern, T value) {
            if (pattern.indexOf('*') < 0) {
                exact.put(pattern, value);
            } else {
                wildcards.add(Map.entry(PathPattern.of(pattern), value));
            }
        }

        T find(String path) {
            T v = exact.get(path);
            if (v != null) {
                return v;
            }
            for (Map.Entry<PathPattern, T> w : wildcards) {
                if (w.getKey().matches(path)) {
                    return w.getValue();
                }
            }
            return null;
        }
    }

    /** A '/'-separated path whose segments may hold '*' (any characters inside that one segment). */
    record PathPattern(Pattern[] segments) {

        static PathPattern of(String spec) {
            String[] parts = spec.split("/", -1);
            Pattern[] segs = new Pattern[parts.length];
            for (int i = 0; i < parts.length; i++) {
                StringBuilder re = new StringBuilder();
                String[] pieces = parts[i].split("\\*", -1);
                for (int k = 0; k < pieces.length; k++) {
                    if (k > 0) {
                        re.append(".*");
                    }
                    if (!pieces[k].isEmpty()) {
                        re.append(Pattern.quote(pieces[k]));
                    }
                }
                segs[i] = Pattern.compile(re.toString());
            }
            return new PathPattern(segs);
        }

        boolean matches(String path) {
            String[] parts = path.split("/", -1);
            if (parts.length != segments.length) {
                return false;
            }
            for (int i = 0; i < parts.length; i++) {
                if (!segments[i].matcher(parts[i]).matches()) {
                    return false;
                }
            }
            return true;
        }
    }
}
