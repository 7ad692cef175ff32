package io.emmeta.core.model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Unit strings as vendors write them ("kV", "µm", "Secs", "°", "mbar", "Torr", "K X") turned into a dimension and a
 * factor to that dimension's base unit, so any value can be written in the one unit our documents use per quantity.
 */
public final class Units {

    public enum Dimension {
        VOLTAGE("V"), CURRENT("A"), LENGTH("m"), TIME("s"), PRESSURE("Pa"), ANGLE("rad"), ENERGY("eV"),
        CHARGE("Ah"), FREQUENCY("Hz"), MAGNIFICATION("x"), PERCENT("%"), TEMPERATURE_C("°C"),
        /** A diffraction pattern's calibration (a spatial frequency): 1/nm, 1/Å, 1/m. */
        RECIPROCAL_LENGTH("1/m");

        private final String base;

        Dimension(String base) {
            this.base = base;
        }

        public String base() {
            return base;
        }
    }

    /** A parsed unit: dimension and the factor that turns a value in this unit into the base unit. */
    public record Unit(Dimension dimension, double factor) {
    }

    private static final Map<String, Unit> NAMED = new LinkedHashMap<>();
    private static final Map<String, Unit> BASES = new LinkedHashMap<>();
    private static final Map<Character, Double> PREFIXES = new LinkedHashMap<>();

    static {
        double degree = Math.PI / 180.0;
        named(Dimension.ANGLE, degree, "°", "deg", "degree", "degrees", "degr", "Deg", "DEG");
        named(Dimension.ANGLE, 1.0, "rad", "radian", "radians");
        named(Dimension.TIME, 1.0, "s", "sec", "secs", "Sec", "Secs", "second", "seconds");
        named(Dimension.TIME, 60.0, "min", "mins", "Min", "Mins", "minute", "minutes");
        named(Dimension.TIME, 3600.0, "h", "hr", "hrs", "hour", "hours", "Hour", "Hours");
        named(Dimension.VOLTAGE, 1.0, "Volt", "Volts", "volt", "volts");
        named(Dimension.PRESSURE, 100.0, "mbar", "mBar");
        named(Dimension.PRESSURE, 1e5, "bar");
        named(Dimension.PRESSURE, 133.322368, "Torr", "torr");
        named(Dimension.PRESSURE, 6894.757, "psi");
        named(Dimension.LENGTH, 1e-10, "Å", "Angstrom", "angstrom");
        named(Dimension.MAGNIFICATION, 1.0, "X", "x");
        named(Dimension.MAGNIFICATION, 1000.0, "K X", "KX", "kX", "k X");
        named(Dimension.PERCENT, 1.0, "%");
        named(Dimension.TEMPERATURE_C, 1.0, "°C", "C");
        named(Dimension.ANGLE, degree * 1e-3, "mdeg");
        BASES.put("V", new Unit(Dimension.VOLTAGE, 1));
        BASES.put("A", new Unit(Dimension.CURRENT, 1));
        BASES.put("m", new Unit(Dimension.LENGTH, 1));
        BASES.put("s", new Unit(Dimension.TIME, 1));
        BASES.put("Pa", new Unit(Dimension.PRESSURE, 1));
        BASES.put("eV", new Unit(Dimension.ENERGY, 1));
        BASES.put("rad", new Unit(Dimension.ANGLE, 1));
        BASES.put("Ah", new Unit(Dimension.CHARGE, 1));
        BASES.put("Hz", new Unit(Dimension.FREQUENCY, 1));
        PREFIXES.put('f', 1e-15);
        PREFIXES.put('p', 1e-12);
        PREFIXES.put('n', 1e-9);
        PREFIXES.put('µ', 1e-6);
        PREFIXES.put('u', 1e-6);
        PREFIXES.put('m', 1e-3);
        PREFIXES.put('c', 1e-2);
        PREFIXES.put('h', 1e2);
        PREFIXES.put('k', 1e3);
        PREFIXES.put('K', 1e3);
        PREFIXES.put('M', 1e6);
        PREFIXES.put('G', 1e9);
    }

    private Units() {
    }

    private static void named(Dimension d, double factor, String... names) {
        for (String n : names) {
            NAMED.put(n, new Unit(d, factor));
        }
    }

    /** Parses a unit string; null when it is not a unit we know (the caller then reports it, never guesses). */
    public static Unit parse(String raw) {
        if (raw == null) {
            return null;
        }
        String u = normalise(raw);
        if (u.isEmpty()) {
            return null;
        }
        Unit named = NAMED.get(u);
        if (named == null) {
            named = NAMED.get(u.toLowerCase(Locale.ROOT));
        }
        if (named != null) {
            return named;
        }
        Unit base = BASES.get(u);
        if (base != null) {
            return base;
        }
        if (u.startsWith("1/") && u.length() > 2) {
            // a reciprocal length ("1/nm", "1/Å"): one over the length unit, never one over anything else
            Unit length = parse(u.substring(2));
            return length == null || length.dimension() != Dimension.LENGTH ? null
                    : new Unit(Dimension.RECIPROCAL_LENGTH, 1.0 / length.factor());
        }
        if (u.length() > 1) {
            Double prefix = PREFIXES.get(u.charAt(0));
            String rest = u.substring(1);
            Unit restUnit = BASES.get(rest);
            if (restUnit == null) {
                restUnit = NAMED.get(rest);
                // prefixes on named units only where that is physics, not chance: "mbar" is handled above,
                // "µrad"/"mrad" come through BASES; "kdeg" is not a thing.
                if (restUnit != null && restUnit.dimension() != Dimension.VOLTAGE) {
                    restUnit = null;
                }
            }
            if (prefix != null && restUnit != null) {
                return new Unit(restUnit.dimension(), prefix * restUnit.factor());
            }
        }
        return null;
    }

    /**
     * Greek mu (U+03BC) and the ASCII "u" prefix both mean micro; the SEM schema spells it U+00B5. The Ångström sign
     * (U+212B) is the letter Å (U+00C5) by Unicode's own canonical equivalence.
     */
    static String normalise(String raw) {
        return raw.strip().replace('\u03bc', 'µ').replace('\u212b', '\u00c5');
    }

    /**
     * Converts a value from one unit to another of the same dimension. Target spellings are the schemas' enum
     * values ("V", "m", "A", "Pa", "s", "degree", "radian", "mbar", "nm", ...).
     *
     * @throws IllegalArgumentException when either unit is unknown or the dimensions differ
     */
    public static double convert(double value, String from, String to) {
        Unit f = parse(from);
        Unit t = parse(to);
        if (f == null) {
            throw new IllegalArgumentException("unknown unit '" + from + "'");
        }
        if (t == null) {
            throw new IllegalArgumentException("unknown target unit '" + to + "'");
        }
        if (f.dimension() != t.dimension()) {
            throw new IllegalArgumentException("cannot convert " + f.dimension() + " '" + from + "' to "
                    + t.dimension() + " '" + to + "'");
        }
        if (f.factor() == t.factor()) {
            return value; // same unit: nothing to convert, nothing to round
        }
        return clean(value * f.factor() / t.factor());
    }

    /**
     * Removes binary noise from a conversion (1.2 * 1e-6 gives 1.2000000000000002E-6) without losing real digits:
     * a double carries 15–17 significant digits, vendor values at most 15.
     */
    public static double clean(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(15)).doubleValue();
    }
}
