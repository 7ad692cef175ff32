package io.emmeta.core.read.velox;

import java.nio.charset.StandardCharsets;

import io.emmeta.core.model.MetadataTree;

/** For tests outside this package: one Velox metadata JSON document as the reader turns it into a tree. */
public final class VeloxJsonAccess {

    private VeloxJsonAccess() {
    }

    /** Typed like an item's metadata (strings become numbers where they spell one). */
    public static MetadataTree typed(String json) throws Exception {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return new VeloxJsonTree(VeloxUnits.defaults()).convert(VeloxJsonTree.parseObject(b, b.length), true, false);
    }
}
