package io.emmeta.core.read.ceos;

import java.util.List;
import java.util.Map;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/**
 * Plain data (maps, lists, texts, numbers, booleans, None) as a metadata tree, whether it came from the pickle stream
 * ({@link PickleData}) or from the JSON copy ({@link PantaRheiReader}): one conversion, so both versions of a file give
 * the same tree.
 */
final class DataTree {

    static final int MAX_VALUES = 100_000;
    static final int MAX_DEPTH = 32;

    private DataTree() {
    }

    /**
     * A dict as a tree: nested dicts as sections, lists and tuples as sections keyed 0, 1, ...; None and empty texts
     * absent, bytes and opaque objects by a short description. Deeper than {@link #MAX_DEPTH} or more than
     * {@link #MAX_VALUES} values (memo references can share one list many times) is refused.
     */
    static MetadataTree toTree(Map<String, Object> dict) throws ExtractionException {
        MetadataTree t = new MetadataTree();
        fill(t, dict, 0, new int[1]);
        return t;
    }

    private static void fill(MetadataTree into, Map<String, Object> dict, int depth, int[] count)
            throws ExtractionException {
        for (Map.Entry<String, Object> e : dict.entrySet()) {
            put(into, into.uniqueKey(e.getKey()), e.getValue(), depth, count);
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(MetadataTree into, String key, Object v, int depth, int[] count)
            throws ExtractionException {
        if (++count[0] > MAX_VALUES) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "Panta Rhei metadata has more than " + MAX_VALUES
                    + " values");
        }
        if (depth > MAX_DEPTH) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "Panta Rhei metadata nests deeper than " + MAX_DEPTH);
        }
        if (v instanceof String s) {
            if (!s.isEmpty()) {
                into.put(key, Value.text(s));
            }
        } else if (v instanceof Long l) {
            into.put(key, Value.integer(l));
        } else if (v instanceof Double d) {
            into.put(key, Double.isFinite(d) ? Value.number(d, null) : Value.text(d.toString()));
        } else if (v instanceof Boolean bool) {
            into.put(key, new Value(bool, null, null));
        } else if (v instanceof Map<?, ?> m) {
            MetadataTree sub = new MetadataTree();
            fill(sub, (Map<String, Object>) m, depth + 1, count);
            if (!sub.isEmpty()) {
                into.put(key, sub);
            }
        } else if (v instanceof List<?> l) {
            MetadataTree sub = new MetadataTree();
            for (int i = 0; i < l.size(); i++) {
                put(sub, Integer.toString(i), l.get(i), depth + 1, count);
            }
            if (!sub.isEmpty()) {
                into.put(key, sub);
            }
        } else if (v instanceof PickleData.Bytes bytes) {
            into.put(key, Value.text("<" + bytes.length() + " bytes>"));
        } else if (v instanceof PickleData.Global g) {
            into.put(key, Value.text("<" + g.name() + ">"));
        } else if (v instanceof PickleData.Opaque o) {
            into.put(key, Value.text("<" + o.callable() + " object>"));
        }
        // None: absent
    }
}
