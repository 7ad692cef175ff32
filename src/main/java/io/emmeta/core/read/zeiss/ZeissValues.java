package io.emmeta.core.read.zeiss;

import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emmeta.core.model.Value;

/**
 * Turns one SmartSEM value string into a typed {@link Value}. Syntax seen in 15 corpus files: a number (padding
 * spaces, "0.", 3-digit exponents "2.465245e-008"), whitespace, then at most one unit token with any SI prefix glued
 * on ("nm", "µm", "kV", "°C", "Hours", "µAh", "nm²"); magnification writes the kilo prefix apart ("10.21 K X").
 * Anything else ("30kV:50pA", "1500XB", "19/21 inch", "1024 * 768") is vendor text and stays text.
 */
final class ZeissValues {

    private static final String NUM = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";
    private static final Pattern NUMBER_UNIT = Pattern.compile("(" + NUM + ")(?:\\s+([^\\s\\d=:;,*/]+))?");
    private static final Pattern MAGNIFICATION = Pattern.compile("(" + NUM + ")\\s+([KM])\\s*X");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    /** The shape of a magnification whatever precedes it: "TESTER K X" looks like one and is broken. */
    private static final Pattern MAG_LIKE = Pattern.compile(".*\\s[KM]\\s*X");
    private static final Pattern TIMES_X = Pattern.compile(".*\\sX");
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
        Matcher m = MAGNIFICATION.matcher(v);
        if (m.matches()) {
            int power = m.group(2).equals("K") ? 3 : 6;
            // BigDecimal so "10.21 K X" is exactly 10210, not 10210.000000000002
            double scaled = new BigDecimal(m.group(1)).scaleByPowerOfTen(power).doubleValue();
            return new Value(scaled, "X", label);
        }
        m = NUMBER_UNIT.matcher(v);
        if (m.matches()) {
            return new Value(number(m.group(1)), m.group(2), label);
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
        if (MAG_LIKE.matcher(s).matches() || (key.contains("MAG") && TIMES_X.matcher(s).matches())) {
            return true;
        }
        return key.startsWith("AP_") && label != null && !s.startsWith("Range Error");
    }

    static Number number(String s) {
        if (INTEGER.matcher(s).matches()) {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        }
        return Double.parseDouble(s);
    }

    /** "1024 * 768" as {width, height}, or null. */
    static long[] storeResolution(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = STORE.matcher(s.strip());
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
