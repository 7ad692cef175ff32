package io.emmeta.core.read.text;

/**
 * Number recognition for vendor text values. Lenient about what vendors really write (padding spaces, a leading
 * '+', Windows C-runtime exponents such as {@code 1.6e-009}), strict about what would silently change meaning:
 * integers with leading zeros ({@code 0000…} hex-coded strings, zero-padded identifiers) and integers too long for a
 * long stay text, and spellings like {@code NaN}, {@code Infinity} or {@code 1.#QNAN} are not numbers.
 */
public final class LenientNumbers {

    // Integers: [+-]?(0|[1-9][0-9]{0,17}); decimals: [+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,4})? —
    // recognised by NumberText's scanner: the regular expressions took quadratic time on a long digit run (issue #12).
    private static final int MAX_EXPONENT_DIGITS = 4;

    private LenientNumbers() {
    }

    /** A Long for plain integers, a Double for decimals and exponent forms, null when the text is not a number. */
    public static Number parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (NumberText.isCanonicalInteger(t)) {
            return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        }
        if (NumberText.isDecimal(t, NumberText.Mantissa.LOOSE, MAX_EXPONENT_DIGITS) && !isPaddedInteger(t)) {
            Double d = NumberText.inRange(t); // out of a double's range: text, with a warning
            return d != null && Double.isFinite(d) ? d : null;
        }
        return null;
    }

    /** "007" or "0000…": digits only but not a canonical integer, so not a quantity. */
    private static boolean isPaddedInteger(String t) {
        String digits = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        return digits.chars().allMatch(Character::isDigit);
    }
}
