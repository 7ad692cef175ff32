package io.emmeta.core.read.text;

/**
 * Number syntax of vendor text, recognised by scanning once from left to right: linear in the length of the text
 * whatever it holds. These replace regular expressions such as {@code [0-9]+\.?[0-9]*}, whose backtracking over a
 * long run of digits that is not followed by what the pattern expects took time quadratic in the run (issue #12):
 * the grammars are the same, the answers are the same, only the time differs.
 */
public final class NumberText {

    /** What may stand before the exponent. */
    public enum Mantissa {
        /** {@code [0-9]+\.?[0-9]*|\.[0-9]+}: "5", "5.", "5.25", ".25". */
        LOOSE,
        /** {@code [0-9]*\.?[0-9]+}: "5", "5.25", ".25", not "5.". */
        STRICT
    }

    /** No bound on the exponent's digits ({@code [0-9]+}). */
    public static final int ANY = Integer.MAX_VALUE;

    private NumberText() {
    }

    /**
     * {@link Double#parseDouble} of a decimal text, or null when the number it spells lies outside a double's range —
     * {@code 1e309} would silently be Infinity, {@code 1e-400} silently 0 — with a {@code MALFORMED_TEXT} warning for
     * the record ({@link io.emmeta.core.problem.Notices}); the caller keeps the text. Spellings without digits that
     * parseDouble accepts ("NaN", "Infinity") are returned as parsed; what parseDouble refuses throws as it does.
     */
    public static Double inRange(String text) {
        double d = Double.parseDouble(text);
        if (Double.isNaN(d)) {
            return d;
        }
        boolean overflow = Double.isInfinite(d);
        boolean underflow = d == 0 && nonZeroMantissa(text);
        if (!overflow && !underflow) {
            return d;
        }
        if (overflow && !hasDigit(text)) {
            return d; // "Infinity" as written
        }
        io.emmeta.core.problem.Notices.add(io.emmeta.core.problem.ErrorCode.MALFORMED_TEXT, "number '"
                + TextLimits.excerpt(text.strip()) + "' is " + (overflow ? "too large" : "too small")
                + " for a double (it would read as " + (overflow ? "Infinity" : "0") + "); kept as text");
        return null;
    }

    /** A digit 1–9 before any exponent. */
    private static boolean nonZeroMantissa(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'e' || c == 'E' || c == 'p' || c == 'P') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The end of the longest prefix of {@code s[from, to)} spelling {@code [+-]?MANTISSA([eE][+-]?[0-9]{1,maxExp})?},
     * or -1 when no prefix does. The longest prefix is also the one a greedy regular expression would take first.
     */
    public static int end(CharSequence s, int from, int to, Mantissa mantissa, int maxExpDigits) {
        int i = from;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits0 = i;
        while (i < to && isDigit(s.charAt(i))) {
            i++;
        }
        int intDigits = i - digits0;
        int mantissaEnd;
        if (i < to && s.charAt(i) == '.') {
            int j = i + 1;
            while (j < to && isDigit(s.charAt(j))) {
                j++;
            }
            if (j > i + 1) {
                mantissaEnd = j;
            } else if (intDigits > 0) {
                mantissaEnd = mantissa == Mantissa.LOOSE ? i + 1 : i;
            } else {
                return -1;
            }
        } else if (intDigits > 0) {
            mantissaEnd = i;
        } else {
            return -1;
        }
        int e = mantissaEnd;
        if (e < to && (s.charAt(e) == 'e' || s.charAt(e) == 'E')) {
            int k = e + 1;
            if (k < to && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            int x0 = k;
            while (k < to && k - x0 < maxExpDigits && isDigit(s.charAt(k))) {
                k++;
            }
            if (k > x0) {
                e = k;
            }
        }
        return e;
    }

    /** The whole of {@code s} spells a number of that grammar (as {@code Pattern.matches} would say). */
    public static boolean isDecimal(CharSequence s, Mantissa mantissa, int maxExpDigits) {
        return s.length() > 0 && end(s, 0, s.length(), mantissa, maxExpDigits) == s.length();
    }

    /** {@code [+-]?(0|[1-9][0-9]{0,17})}: an integer a long holds, written without leading zeros. */
    public static boolean isCanonicalInteger(CharSequence s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (i >= n) {
            return false;
        }
        if (s.charAt(i) == '0') {
            return i + 1 == n;
        }
        int digits = n - i;
        if (digits > 18) {
            return false;
        }
        for (; i < n; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [-+]?[0-9]{1,maxDigits}}. */
    public static boolean isInteger(CharSequence s, int maxDigits) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (i >= n || n - i > maxDigits) {
            return false;
        }
        for (; i < n; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [0-9]} ({@code \d} of java.util.regex without UNICODE_CHARACTER_CLASS). */
    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code \s} of java.util.regex: {@code [ \t\n\x0B\f\r]}. */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** What {@code .} does not match by default: {@code \n \r \u0085 \u2028 \u2029}. */
    public static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /**
     * Where {@code $} ends a whole-input match ({@code Matcher.matches()}): only at the very end. ({@code $} may stand
     * before a final line terminator, but matches() must still consume it, and {@code .} cannot.)
     */
    public static boolean atEnd(CharSequence s, int i) {
        return i == s.length();
    }

    /** Index of the first character at or after {@code i} that is not {@code \s}. */
    public static int skipSpaces(CharSequence s, int i) {
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
