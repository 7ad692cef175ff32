package io.emmeta.core.read.velox;

import io.emmeta.core.read.UnitTable;

/**
 * The units Velox implies for its metadata leaves, from {@value #RESOURCE}. Velox writes bare SI numbers as strings;
 * which unit each key carries comes from the Velox metadata definition, so it lives in data, not code. Paths are
 * relative to one item's JSON root.
 */
final class VeloxUnits {

    static final String RESOURCE = "emmeta/velox/units.json";

    private static final class Holder {
        static final VeloxUnits DEFAULTS = new VeloxUnits(UnitTable.load(RESOURCE));
    }

    private final UnitTable table;

    private VeloxUnits(UnitTable table) {
        this.table = table;
    }

    static VeloxUnits defaults() {
        return Holder.DEFAULTS;
    }

    /** The fixed unit for a leaf path, or null. */
    String unitOf(String path) {
        return table.unitOf(path);
    }

    /** The path of the sibling leaf whose text is the unit of this leaf, or null. */
    String unitSourceOf(String path) {
        return table.unitSourceOf(path);
    }

    /** True for leaves that stay text although they may look numeric (identifiers, version strings). */
    boolean isText(String path) {
        return table.isText(path);
    }
}
