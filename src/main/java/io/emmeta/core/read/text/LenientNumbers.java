package io.emmeta.core.read.text;

import java.util.regex.Pattern;

/**
 * Number recognition for vendor text values. Lenient about what vendors really write (padding spaces, a leading
 * '+', Windows C-runtime exponents such as {@code 1.6e-009}), strict about what would silently change meaning:
 * integers with leading zeros ({@code 0000…} hex-coded strings, zero-padded identifiers) and integers too long for a
 * long stay text, and spellings like {@code NaN}, {@code Infinity} or {@code 1.#QNAN} are not numbers.
 */
public final class LenientNumbers {

    private static final Pattern INTEGER = Pattern.compile("[+-]?(0|[1-9][0-9]{0,17})");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,4})?");

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
        if (INTEGER.matcher(t).matches()) {
            return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        }
        if (DECIMAL.matcher(t).matches() && !isPaddedInteger(t)) {
            double d = Double.parseDouble(t);
            return Double.isFinite(d) ? d : null;
        }
        return null;
    }

    /** "007" or "0000…": digits only but not a canonical integer, so not a quantity. */
    private static boolean isPaddedInteger(String t) {
        String digits = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        return digits.chars().allMatch(Character::isDigit);
    }
}
