package io.emmeta.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({
            "10.00, kV, V, 10000",
            "14.808, mm, m, 0.014808",
            "200.0, nA, A, 2.0e-7",
            "75, pA, A, 7.5e-11",
            "11.16, nm, m, 1.116e-8",
            "1.2, µm, m, 1.2e-6",
            "1.2, μm, m, 1.2e-6",
            "1.2, um, m, 1.2e-6",
            "100, ns, s, 1.0e-7",
            "48.7, Secs, s, 48.7",
            "2, Mins, s, 120",
            "5.73e-6, mbar, Pa, 5.73e-4",
            "1, Torr, Pa, 133.322368",
            "0.336851, rad, degree, 19.3002",
            "54, °, degree, 54",
            "15000, Volt, V, 15000",
            "7920.5, um, m, 0.0079205",
            "3, hPa, Pa, 300",
            "2960.92, µAh, Ah, 0.00296092",
            "2, Å, m, 2.0e-10",
            "2, \u212b, m, 2.0e-10",
            "2.5, 1/nm, 1/m, 2.5e9",
            "0.5, 1/Å, 1/m, 5.0e9",
            "3, 1/m, 1/nm, 3.0e-9",
    })
    void converts(double value, String from, String to, double expected) {
        assertEquals(expected, Units.convert(value, from, to), Math.abs(expected) * 1e-5);
    }

    @ParameterizedTest
    @CsvSource({"kV, A", "mm, s", "°, m", "1/nm, m", "nm, 1/m"})
    void refusesToMixDimensions(String from, String to) {
        assertThrows(IllegalArgumentException.class, () -> Units.convert(1, from, to));
    }

    @ParameterizedTest
    @CsvSource({"furlong", "K", "zV", "''", "1/s", "1/", "1/V"})
    void unknownUnitsAreNotGuessed(String unit) {
        assertNull(Units.parse(unit));
    }

    @org.junit.jupiter.api.Test
    void conversionNoiseIsRemoved() {
        assertEquals(1.2e-6, Units.convert(1.2, "µm", "m"));
        assertEquals(0.0049, Units.convert(4.9, "mm", "m"));
    }
}
