package io.emmeta.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vendor's own metadata as an ordered tree: sections as they appear in the file, leaves as typed
 * {@link Value}s. Nothing is renamed or dropped here; the mapping step picks from it and the record keeps all of it.
 * Paths use '/' between levels ("EBeam/HV", "Optics/AccelerationVoltage").
 */
public final class MetadataTree {

    private final Map<String, Object> entries = new LinkedHashMap<>();

    public MetadataTree put(String key, Value value) {
        entries.put(key, value);
        return this;
    }

    /** Adds a value; a key the vendor wrote twice keeps both (second as "key#2"), since nothing may be lost. */
    public MetadataTree add(String key, Value value) {
        String k = key;
        for (int n = 2; entries.containsKey(k); n++) {
            k = key + "#" + n;
        }
        entries.put(k, value);
        return this;
    }

    public MetadataTree put(String key, MetadataTree child) {
        entries.put(key, child);
        return this;
    }

    /** The child section of that name, created empty when absent. */
    public MetadataTree section(String key) {
        Object existing = entries.get(key);
        if (existing instanceof MetadataTree t) {
            return t;
        }
        MetadataTree t = new MetadataTree();
        entries.put(existing == null ? key : uniqueKey(key), t);
        return t;
    }

    private String uniqueKey(String key) {
        String k = key;
        for (int n = 2; entries.containsKey(k); n++) {
            k = key + "#" + n;
        }
        return k;
    }

    public Map<String, Object> entries() {
        return Collections.unmodifiableMap(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** Number of leaf values in the whole tree. */
    public int leafCount() {
        int n = 0;
        for (Object o : entries.values()) {
            n += o instanceof MetadataTree t ? t.leafCount() : 1;
        }
        return n;
    }

    public Object getNode(String path) {
        Object node = this;
        for (String part : path.split("/")) {
            if (!(node instanceof MetadataTree t)) {
                return null;
            }
            node = t.entries.get(part);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    public Value get(String path) {
        return getNode(path) instanceof Value v ? v : null;
    }

    public MetadataTree getTree(String path) {
        return getNode(path) instanceof MetadataTree t ? t : null;
    }

    public String text(String path) {
        Value v = get(path);
        return v == null ? null : v.asText();
    }
}
