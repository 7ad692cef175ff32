package io.emmeta.core.model;

import java.util.Objects;

/**
 * One vendor value, typed. {@code value} is a {@link String}, {@link Double}, {@link Long} or {@link Boolean};
 * {@code unit} is the unit exactly as the vendor wrote it (or as the format defines it when the file writes
 * none), {@code label} the vendor's human label where the format has one (Zeiss "EHT" for AP_ACTUALKV).
 */
public record Value(Object value, String unit, String label) {

    public Value {
        Objects.requireNonNull(value, "value");
        if (!(value instanceof String || value instanceof Double || value instanceof Long || value instanceof Boolean)) {
            throw new IllegalArgumentException("unsupported value type " + value.getClass());
        }
        unit = blankToNull(unit);
        label = blankToNull(label);
    }

    public static Value text(String s) {
        return new Value(s, null, null);
    }

    public static Value number(double d, String unit) {
        return new Value(d, unit, null);
    }

    public static Value integer(long l) {
        return new Value(l, null, null);
    }

    /** A float32 from a binary header as the decimal it was written as (2.562, not 2.5620000362396243). */
    public static double float32(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /**
     * A date-time the file records without its zone: ISO to the second, labelled with whose clock it is, so the
     * record says the zone is unknown.
     */
    public static Value localDateTime(java.time.LocalDateTime t, String clock) {
        return new Value(t.format(LOCAL_ISO), null, "local time of the " + clock + " (zone not recorded)");
    }

    private static final java.time.format.DateTimeFormatter LOCAL_ISO =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", java.util.Locale.ROOT);

    public Value withLabel(String newLabel) {
        return new Value(value, unit, newLabel);
    }

    public Value withUnit(String newUnit) {
        return new Value(value, newUnit, label);
    }

    public boolean isNumber() {
        return value instanceof Double || value instanceof Long;
    }

    public double asDouble() {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalStateException("not a number: " + value);
    }

    public String asText() {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
