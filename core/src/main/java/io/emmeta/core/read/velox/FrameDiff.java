package io.emmeta.core.read.velox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;

/**
 * Velox repeats the whole metadata JSON for every frame; most of it is identical. The last frame's leaves that
 * differ from frame 0 (time stamps, live times, stage drift, frame numbers) are kept, the rest is not repeated.
 */
final class FrameDiff {

    private FrameDiff() {
    }

    /** The leaves of {@code last} that are new or differ from {@code first}, in {@code last}'s shape. */
    static MetadataTree changed(MetadataTree first, MetadataTree last) {
        MetadataTree out = new MetadataTree();
        for (Map.Entry<String, Object> e : last.entries().entrySet()) {
            Object before = first == null ? null : first.entries().get(e.getKey());
            if (e.getValue() instanceof MetadataTree t) {
                MetadataTree sub = changed(before instanceof MetadataTree bt ? bt : null, t);
                if (!sub.isEmpty()) {
                    out.put(e.getKey(), sub);
                }
            } else if (!Objects.equals(before, e.getValue())) {
                out.put(e.getKey(), (Value) e.getValue());
            }
        }
        return out;
    }

    /** The '/'-paths of every leaf, in order. */
    static List<String> leafPaths(MetadataTree t) {
        List<String> out = new ArrayList<>();
        collect(t, "", out);
        return out;
    }

    private static void collect(MetadataTree t, String prefix, List<String> out) {
        for (Map.Entry<String, Object> e : t.entries().entrySet()) {
            String p = prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey();
            if (e.getValue() instanceof MetadataTree c) {
                collect(c, p, out);
            } else {
                out.add(p);
            }
        }
    }
}
