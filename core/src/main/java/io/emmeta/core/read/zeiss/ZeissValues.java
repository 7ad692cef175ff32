package io.emmeta.core.read.zeiss;

import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emmeta.core.model.Value;
import io.emmeta.core.read.text.NumberText;

/**
 * Turns one SmartSEM value string into a typed {@link Value}. Syntax seen in 15 corpus files: a number (padding
 * spaces, "0.", 3-digit exponents "2.465245e-008"), whitespace, then at most one unit token with any SI prefix glued
 * on ("nm", "µm", "kV", "°C", "Hours", "µAh", "nm²"); magnification writes the kilo prefix apart ("10.21 K X").
 * Anything else ("30kV:50pA", "1500XB", "19/21 inch", "1024 * 768") is vendor text and stays text.
 */
final class ZeissValues {

    // The grammar of a number, NUM = [-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?, is scanned by NumberText; the value
    // shapes below were regular expressions, whose backtracking over a long digit run took quadratic time (issue #12):
    //   number and unit   (NUM)(?:\s+([^\s\d=:;,*/]+))?
    //   magnification     (NUM)\s+([KM])\s*X
    //   integer           [-+]?\d{1,18}
    //   magnification-like (broken)  .*\s[KM]\s*X   and, for MAG keys,  .*\sX
    private static final Pattern STORE = Pattern.compile("(\\d{1,9})\\s*\\*\\s*(\\d{1,9})");

    /** Keys whose values are names or free text even when they look numeric (DP_SEM "1525" is a model). */
    private static final Set<String> TEXT_KEYS = Set.of("AP_DATE", "AP_TIME", "DP_SEM");

    private ZeissValues() {
    }

    /** The parsed value, or null for an empty vendor value (omitted, not 0 and not ""). */
    static Value parse(String key, String raw, String label) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (key.startsWith("SV_") || TEXT_KEYS.contains(key)) {
            return new Value(v, null, label);
        }
        switch (v) {
            case "Yes", "On":
                return new Value(Boolean.TRUE, null, label);
            case "No", "Off":
                return new Value(Boolean.FALSE, null, label);
            default:
                break;
        }
        int end = numberEnd(v);
        if (end < 0) {
            return new Value(v, null, label);
        }
        String number = v.substring(0, end);
        char prefix = magnificationPrefix(v, end);
        if (prefix != 0) {
            int power = prefix == 'K' ? 3 : 6;
            Double scaled = magnification(number, power);
            return scaled == null ? new Value(v, null, label) : new Value(scaled, "X", label);
        }
        if (end == v.length()) {
            Number n = number(number);
            return new Value(n == null ? v : n, null, label);
        }
        int u = NumberText.skipSpaces(v, end);
        if (u > end && u < v.length() && isUnitToken(v, u)) {
            Number n = number(number);
            return n == null ? new Value(v, null, label) : new Value(n, v.substring(u), label);
        }
        return new Value(v, null, label);
    }

    /**
     * True when a value that stayed text should have been a number: an analogue (AP_) parameter written with a
     * label, or anything shaped like a magnification ("TESTER K X").
     */
    static boolean looksBrokenNumber(String key, Value parsed, String label) {
        if (parsed == null || !(parsed.value() instanceof String s) || TEXT_KEYS.contains(key) || key.startsWith("SV_")) {
            return false;
        }
        if (magnificationLike(s) || (key.contains("MAG") && timesX(s))) {
            return true;
        }
        return key.startsWith("AP_") && label != null && !s.startsWith("Range Error");
    }

    /**
     * Where NUM ends when it is followed by whitespace or the end (the only way any of the shapes above continue),
     * else -1. A shorter prefix would be followed by a number character, so the longest one decides.
     */
    private static int numberEnd(String v) {
        int end = NumberText.end(v, 0, v.length(), NumberText.Mantissa.LOOSE, NumberText.ANY);
        return end < 0 || (end < v.length() && !NumberText.isSpace(v.charAt(end))) ? -1 : end;
    }

    /** 'K' or 'M' when {@code \s+([KM])\s*X} is all that follows the number, else 0. */
    private static char magnificationPrefix(String v, int end) {
        int i = NumberText.skipSpaces(v, end);
        if (i == end || i >= v.length() || (v.charAt(i) != 'K' && v.charAt(i) != 'M')) {
            return 0;
        }
        int x = NumberText.skipSpaces(v, i + 1);
        return x == v.length() - 1 && v.charAt(x) == 'X' ? v.charAt(i) : 0;
    }

    /** {@code [^\s\d=:;,*\/]+} from {@code from} to the end. */
    private static boolean isUnitToken(String v, int from) {
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (NumberText.isSpace(c) || NumberText.isDigit(c) || "=:;,*/".indexOf(c) >= 0) {
                return false;
            }
        }
        return from < v.length();
    }

    /** {@code .*\s[KM]\s*X}: ends in X, the last other non-space is K or M, with a space before it. */
    static boolean magnificationLike(String s) {
        int n = s.length();
        if (n == 0 || s.charAt(n - 1) != 'X') {
            return false;
        }
        int j = n - 2;
        while (j >= 0 && NumberText.isSpace(s.charAt(j))) {
            j--;
        }
        if (j < 1 || (s.charAt(j) != 'K' && s.charAt(j) != 'M') || !NumberText.isSpace(s.charAt(j - 1))) {
            return false;
        }
        return noLineTerminator(s, j - 1);
    }

    /** {@code .*\sX}. */
    static boolean timesX(String s) {
        int n = s.length();
        return n >= 2 && s.charAt(n - 1) == 'X' && NumberText.isSpace(s.charAt(n - 2)) && noLineTerminator(s, n - 2);
    }

    /** {@code .*} over {@code s[0, end)}: no line terminator in it. */
    private static boolean noLineTerminator(String s, int end) {
        for (int i = 0; i < end; i++) {
            if (NumberText.isLineTerminator(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A Long or Double, or null (with a warning) when the number is outside a double's range. */
    static Number number(String s) {
        if (NumberText.isInteger(s, 18)) {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        }
        return NumberText.inRange(s);
    }

    /**
     * The magnification {@code number}·10^power, computed in BigDecimal so "10.21 K X" is exactly 10210, not
     * 10210.000000000002; null (the value stays text, with a warning) when it is outside a double's range or its
     * exponent outside BigDecimal's ("1e2147483647 K X" overflows the scale: one value lost, not the block).
     */
    private static Double magnification(String number, int power) {
        try {
            BigDecimal exact = new BigDecimal(number).scaleByPowerOfTen(power);
            double d = exact.doubleValue();
            if (Double.isFinite(d) && (d != 0 || exact.signum() == 0)) {
                return d;
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // exponent beyond an int: outside any double as well
        }
        io.emmeta.core.problem.Notices.add(io.emmeta.core.problem.ErrorCode.MALFORMED_TEXT, "magnification '"
                + io.emmeta.core.read.text.TextLimits.excerpt(number) + "' times 1e" + power
                + " is outside the range of a double; kept as text");
        return null;
    }

    /** "1024 * 768" as {width, height}, or null. */
    static long[] storeResolution(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = STORE.matcher(io.emmeta.core.problem.Deadline.watched(s.strip()));
        return m.matches() ? new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))} : null;
    }

    /** A length Value in metres, or null when it is not a length in a unit we know. */
    static Double metres(Value v) {
        if (v == null || !v.isNumber() || v.unit() == null) {
            return null;
        }
        double f;
        switch (v.unit()) {
            case "m": f = 1; break;
            case "cm": f = 1e-2; break;
            case "mm": f = 1e-3; break;
            case "µm", "\u03bcm", "um": f = 1e-6; break;
            case "nm": f = 1e-9; break;
            case "pm": f = 1e-12; break;
            case "fm": f = 1e-15; break;
            default: return null;
        }
        return v.asDouble() * f;
    }
}
