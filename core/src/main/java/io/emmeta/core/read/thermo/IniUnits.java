package io.emmeta.core.read.thermo;

import io.emmeta.core.read.UnitTable;

/**
 * What the xT INI does not write: the unit of each number (the format's convention is SI base units), which
 * keys are identifiers that must stay text, and which On/Off keys are switches. Data, not code, so the table can
 * grow with new instruments: {@value #RESOURCE}, whose paths are {@code Section/Key}.
 */
final class IniUnits {

    static final String RESOURCE = "emmeta/thermo/ini-units.json";

    private static final class Holder {
        static final IniUnits INSTANCE = new IniUnits(UnitTable.load(RESOURCE));
    }

    private final UnitTable table;

    private IniUnits(UnitTable table) {
        this.table = table;
    }

    static IniUnits get() {
        return Holder.INSTANCE;
    }

    /** The implied unit of {@code section/key}, or null when the table does not know the key. */
    String unit(String section, String key) {
        return table.unitOf(section + "/" + key);
    }

    boolean isText(String section, String key) {
        return table.isText(section + "/" + key);
    }

    boolean isOnOff(String section, String key) {
        return table.isOnOff(section + "/" + key);
    }
}
