package io.emmeta.core.read.thermo;

import java.util.List;
import java.util.Map;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.text.LenientNumbers;
import io.emmeta.core.read.xml.XmlTree;

/**
 * The xT ≥ 14 {@code <MementoItemCollection>} (tag 34680, base64): a .NET-serialised dictionary of
 * {@code <item><key><string>Name</string></key><value><MementoItem>…} where each item is either a
 * {@code <MementoItemSection>} of further items or one {@code <anyType xsi:type="q1:double">} value with a unit
 * enum. Only the key names become tree levels; the serialisation scaffolding does not.
 */
final class MementoTree {

    private static final String UNIT_PREFIX = "MementoItemUnit";

    /** The unit enums seen in xT 14 files, as unit symbols; any other enum is kept by its own name. */
    private static final Map<String, String> UNITS = Map.of(
            "Meter", "m", "Radian", "rad", "Volt", "V", "Second", "s", "Ampere", "A", "Pascal", "Pa",
            "Decibel", "dB");

    private final List<Problem> warnings;
    private int depthWarnings;

    private MementoTree(List<Problem> warnings) {
        this.warnings = warnings;
    }

    static MetadataTree of(Element collection, List<Problem> warnings) {
        MetadataTree tree = new MetadataTree();
        new MementoTree(warnings).items(tree, collection, 0);
        return tree;
    }

    private void items(MetadataTree tree, Element section, int depth) {
        if (depth > XmlTree.MAX_DEPTH) {
            if (depthWarnings++ == 0) {
                warnings.add(new Problem(ErrorCode.TOO_LARGE, "FEI_SFEG memento nested deeper than "
                        + XmlTree.MAX_DEPTH + " levels; deeper items are not in the tree"));
            }
            return;
        }
        for (Element item : children(section, "item")) {
            Element key = first(item, "key");
            Element value = first(item, "value");
            Element memento = value == null ? null : first(value, "MementoItem");
            if (memento == null) {
                continue;
            }
            String name = key == null ? null : text(first(key, "string"));
            if (name == null || name.isEmpty()) {
                name = text(first(memento, "Name"));
            }
            if (name == null || name.isEmpty()) {
                continue;
            }
            Element sub = first(memento, "MementoItemSection");
            if (sub != null) {
                MetadataTree child = new MetadataTree();
                items(child, sub, depth + 1);
                if (!child.isEmpty()) {
                    tree.put(XmlTree.unique(tree, name), child);
                }
                continue;
            }
            Element any = first(memento, "anyType");
            Value v = any == null ? null : typed(any, unit(text(first(memento, "MementoItemUnit"))));
            if (v != null) {
                tree.add(name, v);
            }
        }
    }

    /** The value by its declared XML Schema type; a value that contradicts its type is kept as text. */
    private Value typed(Element any, String unit) {
        String t = any.getTextContent().strip();
        if (t.isEmpty()) {
            return null;
        }
        String type = null;
        for (int i = 0; i < any.getAttributes().getLength(); i++) {
            Node a = any.getAttributes().item(i);
            String local = a.getLocalName() != null ? a.getLocalName() : a.getNodeName();
            if (local.equals("type") || local.endsWith(":type")) {
                type = a.getNodeValue();
            }
        }
        String local = type == null ? "" : type.substring(type.indexOf(':') + 1);
        switch (local) {
            case "double", "float", "decimal" -> {
                Number n = LenientNumbers.parse(t);
                if (n != null) {
                    return new Value(n.doubleValue(), unit, null);
                }
            }
            case "int", "long", "short", "byte", "unsignedInt", "unsignedShort", "unsignedByte" -> {
                Number n = LenientNumbers.parse(t);
                if (n instanceof Long l) {
                    return new Value(l, unit, null);
                }
            }
            case "boolean" -> {
                if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                    return new Value(Boolean.parseBoolean(t.toLowerCase()), unit, null);
                }
            }
            default -> {
                // string, dateTime and anything newer: as written
                return new Value(t, unit, null);
            }
        }
        warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, "FEI_SFEG memento value '" + abbreviate(t)
                + "' is not a valid " + local + "; kept as text"));
        return new Value(t, unit, null);
    }

    private static String unit(String enumName) {
        if (enumName == null || !enumName.startsWith(UNIT_PREFIX)) {
            return null;
        }
        String u = enumName.substring(UNIT_PREFIX.length());
        if (u.isEmpty() || u.equals("Scalar")) {
            return null;
        }
        return UNITS.getOrDefault(u, u);
    }

    private static List<Element> children(Element parent, String name) {
        java.util.ArrayList<Element> out = new java.util.ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && XmlTree.name(e).equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element first(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && XmlTree.name(e).equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent().strip();
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
