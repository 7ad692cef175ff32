package io.emmeta.core.read.velox;

import java.util.Locale;

import io.emmeta.core.read.text.NumberText;

/**
 * Velox writes every metadata value as a JSON string ("300000", "3.0231699205257632e-08", "true", "Titan").
 * These helpers give such strings their type without losing information: a string becomes a number only when
 * the number says the same thing (no leading zeros, no 32-digit GUIDs of zeros turning into 0).
 */
final class VeloxValues {

    // Integers: [+-]?(0|[1-9][0-9]{0,17}); decimals: [+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})? —
    // scanned in linear time (NumberText), not matched by backtracking regular expressions (issue #12).
    private static final int MAX_EXPONENT_DIGITS = 3;

    private VeloxValues() {
    }

    /** Long, Double, Boolean for "true"/"false", else the stripped text; null for a blank string. */
    static Object parse(String raw) {
        String s = raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        Object n = number(s);
        if (n != null) {
            return n;
        }
        if (s.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (s.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        return s;
    }

    /** The number a string spells, or null. Integers with leading zeros stay text (identifiers). */
    static Object number(String s) {
        if (NumberText.isCanonicalInteger(s)) {
            return Long.parseLong(s);
        }
        if (NumberText.isDecimal(s, NumberText.Mantissa.LOOSE, MAX_EXPONENT_DIGITS) && (s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0)) {
            Double d = NumberText.inRange(s); // out of a double's range: text, with a warning
            return d != null && Double.isFinite(d) ? d : null;
        }
        return null;
    }

    /**
     * A CustomProperties value typed by the type Velox declares next to it ({"type": "double", "value": "910000"}).
     * A declared type the value does not fit falls back to text, so nothing is lost.
     */
    static Object typed(String declaredType, String raw) {
        String s = raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        String type = declaredType == null ? "" : declaredType.strip().toLowerCase(Locale.ROOT);
        switch (type) {
            case "string":
                return s;
            case "bool":
            case "boolean":
                if (s.equals("1") || s.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (s.equals("0") || s.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                return s;
            case "double":
            case "float":
            case "single":
                try {
                    Double d = NumberText.inRange(s);
                    return d != null && Double.isFinite(d) ? (Object) d : s;
                } catch (NumberFormatException e) {
                    return s;
                }
            case "long":
            case "ulong":
            case "int":
            case "uint":
            case "int8":
            case "int16":
            case "int32":
            case "int64":
            case "uint8":
            case "uint16":
            case "uint32":
            case "uint64":
            case "short":
            case "ushort":
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException e) {
                    return s; // e.g. a uint64 beyond Long.MAX_VALUE
                }
            default:
                Object parsed = parse(s);
                return parsed == null ? s : parsed;
        }
    }
}
