package io.emmeta.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.emmeta.core.read.text.NumberText;

/**
 * The scanners that replaced backtracking regular expressions (issue #12) must answer exactly as the expressions did,
 * so that no real file reads differently. The old expressions are kept here, as the specification, and both are run
 * over random short strings drawn from the characters that matter to each grammar (digits, signs, dots, exponents,
 * spaces, colons, dashes, line terminators the expressions treat specially).
 */
class TextScannerEquivalenceTest {

    static final int ROUNDS = 300_000;

    static final Pattern EMSA = Pattern.compile("^#(#?)([^:]*?)\\s*(?:-(\\w+))?\\s*:\\s?(.*)$");
    static final Pattern DE = Pattern.compile("^(.+?)\\s*=\\s*(.*)$");
    static final Pattern LENIENT_INTEGER = Pattern.compile("[+-]?(0|[1-9][0-9]{0,17})");
    static final Pattern LENIENT_DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,4})?");
    static final Pattern VELOX_DECIMAL = Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?");
    static final Pattern HITACHI = Pattern.compile("^([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?\\d+)?)\\s+([A-Za-zµμ]+)$");
    static final Pattern FIBICS = Pattern.compile("^=?\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?\\d+)?)\\s*(\\S*)\\s*$");
    static final String NUM = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";
    static final Pattern ZEISS_NUMBER_UNIT = Pattern.compile("(" + NUM + ")(?:\\s+([^\\s\\d=:;,*/]+))?");
    static final Pattern ZEISS_MAGNIFICATION = Pattern.compile("(" + NUM + ")\\s+([KM])\\s*X");
    static final Pattern ZEISS_MAG_LIKE = Pattern.compile(".*\\s[KM]\\s*X");
    static final Pattern ZEISS_TIMES_X = Pattern.compile(".*\\sX");
    static final Pattern ZEISS_INTEGER = Pattern.compile("[-+]?\\d{1,18}");

    @Test
    void emsaAndDirectElectronLines() throws Exception {
        Method emsa = method("io.emmeta.core.read.eds.EmsaReader$Line", "parse");
        Class<?> line = Class.forName("io.emmeta.core.read.eds.EmsaReader$Line");
        Method vendor = accessible(line.getDeclaredMethod("vendor"));
        Method key = accessible(line.getDeclaredMethod("key"));
        Method unit = accessible(line.getDeclaredMethod("unit"));
        Method value = accessible(line.getDeclaredMethod("value"));
        Method de = method("io.emmeta.core.read.de.DirectElectronInfoReader", "keyAndValue");
        List<String> diffs = new ArrayList<>();
        Random r = new Random(12);
        for (int t = 0; t < ROUNDS; t++) {
            String s = (r.nextBoolean() ? "#" : "") + random(r, "#:- a_b\t=x9.\u0085\u2028", 12);
            Matcher m = EMSA.matcher(s);
            String expected = m.matches() ? !m.group(1).isEmpty() + "|" + m.group(2) + "|" + m.group(3) + "|"
                    + m.group(4) : null;
            Object l = emsa.invoke(null, s);
            String actual = l == null ? null : vendor.invoke(l) + "|" + key.invoke(l) + "|" + unit.invoke(l) + "|"
                    + value.invoke(l);
            note(diffs, "EMSA", s, expected, actual);
            m = DE.matcher(s);
            String[] kv = (String[]) de.invoke(null, s);
            note(diffs, "DE", s, m.matches() ? m.group(1) + "|" + m.group(2) : null, kv == null ? null : kv[0] + "|" + kv[1]);
        }
        assertEquals(List.of(), diffs);
    }

    @Test
    void numbersAndUnits() throws Exception {
        Method hitachi = method("io.emmeta.core.read.hitachi.HitachiSidecarReader", "numberAndUnit");
        Method fibics = method("io.emmeta.core.read.fibics.FibicsTiffReader", "numberAndUnit");
        Method zeissParse = method("io.emmeta.core.read.zeiss.ZeissValues", "parse");
        Method zeissNumber = method("io.emmeta.core.read.zeiss.ZeissValues", "number");
        Method magLike = method("io.emmeta.core.read.zeiss.ZeissValues", "magnificationLike");
        Method timesX = method("io.emmeta.core.read.zeiss.ZeissValues", "timesX");
        List<String> diffs = new ArrayList<>();
        Random r = new Random(34);
        for (int t = 0; t < ROUNDS; t++) {
            String s = random(r, "0123.eE+- KMXnm=:\u0085µ\t", 10);
            String v = s.strip();
            if (!v.isEmpty()) {
                note(diffs, "integer", v, LENIENT_INTEGER.matcher(v).matches(), NumberText.isCanonicalInteger(v));
                note(diffs, "decimal", v, LENIENT_DECIMAL.matcher(v).matches(),
                        NumberText.isDecimal(v, NumberText.Mantissa.LOOSE, 4));
                note(diffs, "velox", v, VELOX_DECIMAL.matcher(v).matches(),
                        NumberText.isDecimal(v, NumberText.Mantissa.LOOSE, 3));
                note(diffs, "zeiss integer", v, ZEISS_INTEGER.matcher(v).matches(), NumberText.isInteger(v, 18));
            }
            Matcher m = HITACHI.matcher(v);
            String[] h = (String[]) hitachi.invoke(null, v);
            note(diffs, "Hitachi", v, m.matches() ? m.group(1) + "|" + m.group(2) : null, h == null ? null : h[0] + "|" + h[1]);
            m = FIBICS.matcher(v);
            String[] f = (String[]) fibics.invoke(null, v);
            note(diffs, "Fibics", v, m.matches() ? m.group(1) + "|" + m.group(2) : null, f == null ? null : f[0] + "|" + f[1]);
            note(diffs, "mag-like", s, ZEISS_MAG_LIKE.matcher(s).matches(), magLike.invoke(null, s));
            note(diffs, "times-X", s, ZEISS_TIMES_X.matcher(s).matches(), timesX.invoke(null, s));
            if (v.isEmpty() || v.equals("Yes") || v.equals("No") || v.equals("On") || v.equals("Off")) {
                continue;
            }
            String expected;
            if ((m = ZEISS_MAGNIFICATION.matcher(v)).matches()) {
                expected = new java.math.BigDecimal(m.group(1)).scaleByPowerOfTen(m.group(2).equals("K") ? 3 : 6)
                        .doubleValue() + " X";
            } else if ((m = ZEISS_NUMBER_UNIT.matcher(v)).matches()) {
                expected = zeissNumber.invoke(null, m.group(1)) + " " + m.group(2);
            } else {
                expected = v + " null";
            }
            io.emmeta.core.model.Value value = (io.emmeta.core.model.Value) zeissParse.invoke(null, "AP_X", s, null);
            note(diffs, "Zeiss", v, expected, value.value() + " " + value.unit());
        }
        assertEquals(List.of(), diffs);
    }

    static String random(Random r, String alphabet, int maxLength) {
        int n = r.nextInt(maxLength + 1);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static void note(List<String> diffs, String what, String input, Object expected, Object actual) {
        if (!Objects.equals(expected, actual) && diffs.size() < 10) {
            diffs.add(what + " '" + input + "': pattern " + expected + ", scanner " + actual);
        }
    }

    static Method method(String cls, String name) throws ClassNotFoundException {
        for (Method m : Class.forName(cls).getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return accessible(m);
            }
        }
        throw new AssertionError(cls + "." + name + " not found");
    }

    static Method accessible(Method m) {
        m.setAccessible(true);
        return m;
    }
}
