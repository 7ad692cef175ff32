package io.emmeta.core.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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

    /**
     * Patterns without a star by exact lookup; wildcard patterns indexed by their last segment when it is literal
     * (the any-section pattern for HV under "HV"), so a lookup tries the few that can match, not the whole table: readers ask once per
     * value, and a hostile file has hundreds of thousands of them.
     */
    private static final class Rules<T> {
        private final Map<String, T> exact = new HashMap<>();
        private final Map<String, List<Rule<T>>> byLastSegment = new HashMap<>();
        private final List<Rule<T>> anyLastSegment = new ArrayList<>();
        private int added;

        void add(String pattern, T value) {
            if (pattern.indexOf('*') < 0) {
                exact.put(pattern, value);
                return;
            }
            Rule<T> rule = new Rule<>(PathPattern.of(pattern), value, added++);
            String last = lastSegment(pattern);
            if (last.indexOf('*') < 0) {
                byLastSegment.computeIfAbsent(last, k -> new ArrayList<>()).add(rule);
            } else {
                anyLastSegment.add(rule);
            }
        }

        T find(String path) {
            T v = exact.get(path);
            if (v != null) {
                return v;
            }
            Rule<T> best = null;
            for (Rule<T> r : byLastSegment.getOrDefault(lastSegment(path), List.of())) {
                if (r.pattern().matches(path)) {
                    best = r;
                    break; // each list is in table order
                }
            }
            for (Rule<T> r : anyLastSegment) {
                if (best != null && r.order() > best.order()) {
                    break;
                }
                if (r.pattern().matches(path)) {
                    best = r;
                    break;
                }
            }
            return best == null ? null : best.value();
        }

        private static String lastSegment(String path) {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private record Rule<T>(PathPattern pattern, T value, int order) {
    }

    /**
     * A '/'-separated path whose segments may hold '*' (any characters inside that one segment). Matched piece by
     * piece with plain string tests, no regex and no splitting: lookups run once per value of the file.
     */
    record PathPattern(String[][] segments) {

        /** Each segment as its '*'-separated pieces: one piece is a literal segment, {"", ""} is a lone '*'. */
        static PathPattern of(String spec) {
            String[] parts = spec.split("/", -1);
            String[][] segments = new String[parts.length][];
            for (int i = 0; i < parts.length; i++) {
                segments[i] = parts[i].split("\\*", -1);
            }
            return new PathPattern(segments);
        }

        boolean matches(String path) {
            int start = 0;
            for (int i = 0; i < segments.length; i++) {
                int end = path.indexOf('/', start);
                boolean last = i == segments.length - 1;
                if (last != (end < 0)) {
                    return false; // more or fewer segments than the pattern
                }
                if (end < 0) {
                    end = path.length();
                }
                if (!segmentMatches(segments[i], path, start, end)) {
                    return false;
                }
                start = end + 1;
            }
            return true;
        }

        /** Glob with '*' only: the first piece at the start, the last at the end, the others in order between. */
        private static boolean segmentMatches(String[] pieces, String path, int from, int to) {
            if (pieces.length == 1) {
                return to - from == pieces[0].length() && path.startsWith(pieces[0], from);
            }
            String first = pieces[0];
            String lastPiece = pieces[pieces.length - 1];
            if (to - from < first.length() + lastPiece.length() || !path.startsWith(first, from)
                    || !path.startsWith(lastPiece, to - lastPiece.length())) {
                return false;
            }
            int at = from + first.length();
            int limit = to - lastPiece.length();
            for (int k = 1; k < pieces.length - 1; k++) {
                int found = path.indexOf(pieces[k], at);
                if (found < 0 || found + pieces[k].length() > limit) {
                    return false;
                }
                at = found + pieces[k].length();
            }
            return true;
        }
    }
}
