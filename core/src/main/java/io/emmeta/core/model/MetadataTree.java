package io.emmeta.core.model;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vendor's own metadata as an ordered tree: sections as they appear in the file, leaves as typed
 * {@link Value}s. Nothing is renamed or dropped here; the mapping step picks from it and the record keeps all of it.
 * Paths use '/' between levels ("EBeam/HV", "Optics/AccelerationVoltage").
 */
public final class MetadataTree {

    /**
     * Entries one section holds. Past it, new names are dropped and counted ({@link #dropped()}); the Extractor says
     * how many in one warning. No real file comes near it (issue #12: 200,000 repeated keys in a few hundred KB).
     */
    public static final int MAX_ENTRIES = 100_000;

    private final Map<String, Object> entries = new LinkedHashMap<>();
    /**
     * For a name written more than once: the n from which to look for a free "name#n". Every "name#k" below it is
     * taken (entries are never removed), so each new duplicate costs constant time instead of a probe of every
     * earlier one (which made 20k-200k repeated names take seconds to minutes, issue #12).
     */
    private Map<String, Integer> nextSuffix;
    private long dropped;

    public MetadataTree put(String key, Value value) {
        store(key, value);
        return this;
    }

    /** Adds a value; a key the vendor wrote twice keeps both (second as "key#2"), since nothing may be lost. */
    public MetadataTree add(String key, Value value) {
        store(uniqueKey(key), value);
        return this;
    }

    public MetadataTree put(String key, MetadataTree child) {
        store(key, child);
        return this;
    }

    /**
     * {@code key} if no entry has that name, else the first free {@code key#2}, {@code key#3}, ... in constant
     * amortised time. Does not reserve the name.
     */
    public String uniqueKey(String key) {
        if (!entries.containsKey(key)) {
            return key;
        }
        if (nextSuffix == null) {
            nextSuffix = new HashMap<>();
        }
        int n = nextSuffix.getOrDefault(key, 2);
        String k = key + "#" + n;
        while (entries.containsKey(k)) {
            n++;
            k = key + "#" + n;
        }
        nextSuffix.put(key, n);
        return k;
    }

    private boolean store(String key, Object value) {
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(key)) {
            dropped++;
            return false;
        }
        entries.put(key, value);
        return true;
    }

    /** Entries this section did not keep because it already held {@link #MAX_ENTRIES}. */
    public long dropped() {
        return dropped;
    }

    /** Entries dropped anywhere in this tree (walked without recursion: the depth is the file's). */
    public long droppedInTree() {
        long n = 0;
        Deque<MetadataTree> todo = new ArrayDeque<>();
        java.util.Set<MetadataTree> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.push(this);
        while (!todo.isEmpty()) {
            MetadataTree t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            n += t.dropped;
            for (Object o : t.entries.values()) {
                if (o instanceof MetadataTree c) {
                    todo.push(c);
                }
            }
        }
        return n;
    }

    /** The child section of that name, created empty when absent. */
    public MetadataTree section(String key) {
        Object existing = entries.get(key);
        if (existing instanceof MetadataTree t) {
            return t;
        }
        MetadataTree t = new MetadataTree();
        store(existing == null ? key : uniqueKey(key), t); // when full, a detached section: its entries are counted
        return t;
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
