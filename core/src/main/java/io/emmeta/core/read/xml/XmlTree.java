package io.emmeta.core.read.xml;

import java.util.List;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.text.LenientNumbers;

/**
 * Turns a plain element-per-value XML document (Thermo's {@code <Metadata>}, and similar vendor XML) into a
 * {@link MetadataTree}: elements with children become sections, text-only elements become typed values, a
 * {@code unit} (or {@code units}) attribute becomes the value's unit, other attributes are kept as {@code Name@attr} entries, and
 * repeated sibling elements are kept as {@code Name}, {@code Name#2}, ... Local names only: the namespaces these
 * vendors declare carry no information for a reader.
 */
public final class XmlTree {

    public static final int MAX_DEPTH = 64;
    public static final int MAX_NODES = 200_000;

    private final List<Problem> warnings;
    private final String where;
    private int nodes;
    private boolean limitReported;

    private XmlTree(List<Problem> warnings, String where) {
        this.warnings = warnings;
        this.where = where;
    }

    /** The children of {@code root} (the root element's own name is not a level of the tree). */
    public static MetadataTree of(Element root, List<Problem> warnings, String where) {
        MetadataTree tree = new MetadataTree();
        new XmlTree(warnings, where).fill(tree, root, 0);
        return tree;
    }

    private void fill(MetadataTree tree, Element element, int depth) {
        addAttributes(tree, element, "@");
        for (Node c = element.getFirstChild(); c != null; c = c.getNextSibling()) {
            Deadline.check();
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                String t = c.getNodeValue().strip();
                if (!t.isEmpty()) {
                    tree.add("#text", typed(t, null));
                }
                continue;
            }
            if (!(c instanceof Element child)) {
                continue;
            }
            if (++nodes > MAX_NODES || depth >= MAX_DEPTH) {
                if (!limitReported) {
                    limitReported = true;
                    warnings.add(new Problem(ErrorCode.TOO_LARGE, where + ": XML deeper than " + MAX_DEPTH
                            + " levels or larger than " + MAX_NODES + " elements; the rest is not in the tree"));
                }
                return;
            }
            String name = name(child);
            if (hasElementChildren(child)) {
                MetadataTree sub = new MetadataTree();
                fill(sub, child, depth + 1);
                if (!sub.isEmpty()) {
                    tree.put(unique(tree, name), sub);
                }
            } else {
                String text = child.getTextContent().strip();
                if ("true".equals(attr(child, "nil"))) {
                    text = "";
                }
                if (!text.isEmpty()) {
                    String key = unique(tree, name);
                    String unit = attr(child, "unit") != null ? attr(child, "unit") : attr(child, "units");
                    tree.put(key, typed(text, unit));
                    addAttributes(tree, child, key + "@");
                } else {
                    addAttributes(tree, child, unique(tree, name) + "@");
                }
            }
        }
    }

    private static void addAttributes(MetadataTree tree, Element e, String prefix) {
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            String n = a.getName();
            if (n.equals("xmlns") || n.startsWith("xmlns:") || localName(a).equals("nil")
                    || (prefix.endsWith("@") && !prefix.equals("@")
                            && (localName(a).equals("unit") || localName(a).equals("units")))) {
                continue;
            }
            String v = a.getValue().strip();
            if (!v.isEmpty()) {
                tree.add(prefix + localName(a), typed(v, null));
            }
        }
    }

    /** Vendor text typed the way every emmeta reader types it: numbers, true/false, else text. */
    public static Value typed(String text, String unit) {
        Number n = LenientNumbers.parse(text);
        if (n instanceof Long l) {
            return new Value(l, unit, null);
        }
        if (n != null) {
            return new Value(n.doubleValue(), unit, null);
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return new Value(Boolean.parseBoolean(text.toLowerCase()), unit, null);
        }
        return new Value(text, unit, null);
    }

    /** {@code name} if free, else {@code name#2}, {@code name#3}, ... (the convention of {@link MetadataTree#add}). */
    public static String unique(MetadataTree tree, String name) {
        return tree.uniqueKey(name);
    }

    public static String name(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    private static String localName(Attr a) {
        return a.getLocalName() != null ? a.getLocalName() : a.getName();
    }

    private static String attr(Element e, String local) {
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (localName(a).equals(local)) {
                return a.getValue();
            }
        }
        return null;
    }

    public static boolean hasElementChildren(Element e) {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                return true;
            }
        }
        return false;
    }
}
