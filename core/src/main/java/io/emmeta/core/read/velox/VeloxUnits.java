package io.emmeta.core.read.velox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The units Velox implies for its metadata leaves, loaded from {@value #RESOURCE}. Velox writes bare SI numbers
 * as strings; which unit each key carries comes from the Velox metadata definition, so it lives in data, not code.
 */
final class VeloxUnits {

    static final String RESOURCE = "/emmeta/velox/units.json";

    private static volatile VeloxUnits defaults;

    private final List<Rule> units;
    private final List<Rule> unitFrom;
    private final List<PathPattern> text;

    private VeloxUnits(List<Rule> units, List<Rule> unitFrom, List<PathPattern> text) {
        this.units = units;
        this.unitFrom = unitFrom;
        this.text = text;
    }

    static VeloxUnits defaults() {
        VeloxUnits u = defaults;
        if (u == null) {
            try (InputStream in = VeloxUnits.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                u = parse(new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            defaults = u;
        }
        return u;
    }

    static VeloxUnits parse(JsonNode root) {
        return new VeloxUnits(rules(root.path("units")), rules(root.path("unitFrom")), patterns(root.path("text")));
    }

    /** The fixed unit for a leaf path, or null. */
    String unitOf(String path) {
        for (Rule r : units) {
            if (r.pattern.matches(path)) {
                return r.target;
            }
        }
        return null;
    }

    /** The path of the sibling leaf whose text is the unit of this leaf, or null. */
    String unitSourceOf(String path) {
        for (Rule r : unitFrom) {
            if (r.pattern.matches(path)) {
                return r.target;
            }
        }
        return null;
    }

    /** True for leaves that stay text although they may look numeric (identifiers, version strings). */
    boolean isText(String path) {
        for (PathPattern p : text) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static List<Rule> rules(JsonNode obj) {
        List<Rule> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(new Rule(PathPattern.of(e.getKey()), e.getValue().asText()));
        }
        return List.copyOf(out);
    }

    private static List<PathPattern> patterns(JsonNode arr) {
        List<PathPattern> out = new ArrayList<>();
        for (JsonNode n : arr) {
            out.add(PathPattern.of(n.asText()));
        }
        return List.copyOf(out);
    }

    private record Rule(PathPattern pattern, String target) {
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
