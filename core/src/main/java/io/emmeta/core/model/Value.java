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
        if (value instanceof String text) {
            value = wellFormed(text);
        }
        unit = blankToNull(unit);
        label = blankToNull(label);
    }

    /**
     * Vendor text is kept as Unicode that every consumer can encode: a lone UTF-16 surrogate (vendor JSON may escape
     * one, a UTF-16 header may be cut inside a pair) becomes U+FFFD, with a warning in the record. Left in, it is a
     * string no UTF-8 writer accepts, and the record beside it could not be written.
     */
    static String wellFormed(String text) {
        StringBuilder b = null;
        int replaced = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (lone && b == null) {
                b = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (b != null) {
                if (lone) {
                    replaced++;
                }
                b.append(lone ? '\uFFFD' : c);
            }
        }
        if (b == null) {
            return text;
        }
        io.emmeta.core.problem.Notices.add(io.emmeta.core.problem.ErrorCode.MALFORMED_TEXT, replaced
                + " lone UTF-16 surrogate(s) in a vendor text value replaced by U+FFFD");
        return b.toString();
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
