package io.emmeta.core.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one unit-table shape: path patterns, precedence, and a table that breaks the shape failing at load. */
class UnitTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static UnitTable table(String json) throws Exception {
        return UnitTable.parse("test.json", JSON.readTree(json));
    }

    @Test
    void aSectionsOwnEntryWinsOverAnySectionWhateverTheOrder() throws Exception {
        UnitTable t = table("""
                {"about": "t", "units": {"*/Rotation": "degree", "EasyLift/Rotation": "rad"}}""");
        assertEquals("rad", t.unitOf("EasyLift/Rotation"));
        assertEquals("degree", t.unitOf("Stage/Rotation"));
    }

    @Test
    void aStarMatchesWithinOneSegmentOnly() throws Exception {
        UnitTable t = table("""
                {"about": "t", "units": {"*/HV": "V", "Detectors/*/LiveTime": "s"},
                 "text": ["Core/*"], "onOff": ["*/*IsOn"], "unitFrom": {"Result/PixelSize/*": "Result/PixelUnit"}}""");
        assertEquals("V", t.unitOf("EBeam/HV"));
        assertNull(t.unitOf("HV"), "no section");
        assertNull(t.unitOf("A/B/HV"), "two sections");
        assertEquals("s", t.unitOf("Detectors/SuperXG21/LiveTime"));
        assertNull(t.unitOf("Detectors/LiveTime"));
        assertTrue(t.isText("Core/MetadataDefinitionVersion"));
        assertFalse(t.isText("Core/Deeper/Version"));
        assertTrue(t.isOnOff("EBeam/DynamicFocusIsOn"));
        assertFalse(t.isOnOff("EBeam/IsOnline"));
        assertEquals("Result/PixelUnit", t.unitSourceOf("Result/PixelSize/width"));
    }

    @Test
    void shippedTablesCarryTheVendorsConventions() {
        // TESCAN and the xT INI write SI base numbers, xT angles in radians; JEOL's sidecar kV (docs: notes 2.3-2.5)
        assertEquals("V", UnitTable.load("emmeta/tescan/units.json").unitOf("SEM/HV"));
        assertEquals("rad", UnitTable.load("emmeta/thermo/ini-units.json").unitOf("Stage/StageT"));
        assertEquals("kV", UnitTable.load("emmeta/jeol/units.json").unitOf("CM_ACCEL_VOLT"));
        // Velox writes the pixel size's unit beside it (m in real space, 1/m in diffraction)
        assertEquals("BinaryResult/PixelUnitX",
                UnitTable.load("emmeta/velox/units.json").unitSourceOf("BinaryResult/PixelSize/width"));
    }

    @Test
    void aTableOfAnotherShapeFailsAtLoadNamingTheKey() throws Exception {
        JsonNode bad;
        try (InputStream in = UnitTableTest.class.getResourceAsStream("bad-unit-table.json")) {
            bad = JSON.readTree(in);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnitTable.parse("bad-unit-table.json", bad));
        assertTrue(e.getMessage().startsWith("bad-unit-table.json"), e.getMessage());
        assertTrue(e.getMessage().contains("'unit'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> table("""
                {"_comment": "the old flat shape", "SM_WD": "mm"}"""));
    }
}
