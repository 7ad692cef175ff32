package io.emmeta.core.read.thermo;

import java.util.List;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.text.IniText;
import io.emmeta.core.read.text.LenientNumbers;
import io.emmeta.core.read.xml.XmlTree;

/**
 * An xT INI as {@code {Section: {Key: Value}}}: numbers typed and given the unit the format implies
 * ({@link IniUnits}), yes/no/true/false as booleans, empty values left out, a repeated section kept as
 * {@code Section#2}. A value that should be a number but is not ({@code HV=notafloat}) stays as text and is reported.
 */
final class XtIniTree {

    private final IniUnits units = IniUnits.get();
    private final List<Problem> warnings;
    private final String tagName;

    private XtIniTree(List<Problem> warnings, String tagName) {
        this.warnings = warnings;
        this.tagName = tagName;
    }

    /** Fills {@code into} with the sections of {@code ini}; returns the number of values added. */
    static int fill(MetadataTree into, IniText ini, List<Problem> warnings, String tagName) {
        return new XtIniTree(warnings, tagName).fill(into, ini);
    }

    private int fill(MetadataTree into, IniText ini) {
        int added = addEntries(into, "", ini.preamble());
        ini.reportCuts(warnings, tagName);
        for (IniText.Section s : ini.sections()) {
            Deadline.check();
            if (s.name().isEmpty()) {
                warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, tagName + " line " + s.line()
                        + ": section header without a name; its keys are kept under '_'"));
            }
            MetadataTree section = new MetadataTree();
            String name = s.name().isEmpty() ? "_" : s.name();
            added += addEntries(section, name, s.entries());
            if (!section.isEmpty()) {
                into.put(XmlTree.unique(into, name), section);
            }
        }
        for (IniText.Stray stray : ini.strays()) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, tagName + " line " + stray.line()
                    + (stray.section() == null ? "" : " in [" + stray.section() + "]") + " is not Key=Value: '"
                    + MementoTree.abbreviate(printable(stray.text())) + "'"));
        }
        return added;
    }

    private int addEntries(MetadataTree section, String sectionName, List<IniText.Entry> entries) {
        int added = 0;
        for (IniText.Entry e : entries) {
            if (e.value().isEmpty()) {
                continue;
            }
            section.add(e.key(), typed(sectionName, e));
            added++;
        }
        return added;
    }

    private Value typed(String section, IniText.Entry e) {
        String v = e.value();
        String unit = units.unit(section, e.key());
        if (units.isText(section, e.key())) {
            return new Value(v, null, null);
        }
        Number n = LenientNumbers.parse(v);
        if (n instanceof Long l) {
            // A quantity with a unit is a real number even when the writer printed no decimals (HV=15000).
            return unit != null ? new Value(l.doubleValue(), unit, null) : new Value(l, null, null);
        }
        if (n != null) {
            return new Value(n.doubleValue(), unit, null);
        }
        if (v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true")) {
            return new Value(Boolean.TRUE, null, null);
        }
        if (v.equalsIgnoreCase("no") || v.equalsIgnoreCase("false")) {
            return new Value(Boolean.FALSE, null, null);
        }
        if (units.isOnOff(section, e.key()) && (v.equalsIgnoreCase("on") || v.equalsIgnoreCase("off"))) {
            return new Value(v.equalsIgnoreCase("on"), null, null);
        }
        if (unit != null) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, tagName + " line " + e.line() + ": " + section + "/"
                    + e.key() + " = '" + MementoTree.abbreviate(printable(v)) + "' is not a number (expected "
                    + unit + "); kept as text"));
        }
        return new Value(v, null, null);
    }

    /** Control characters made visible, so a warning about binary garbage stays one readable line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
