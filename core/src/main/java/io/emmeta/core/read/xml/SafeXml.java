package io.emmeta.core.read.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/**
 * The only way emmeta parses XML. Vendor XML comes from files anyone can upload, so a DOCTYPE (the carrier of
 * external entities, XXE, and entity-expansion bombs) is refused outright rather than neutralised: none of the
 * vendor formats needs one. Everything else that could reach outside the document is switched off as well.
 */
public final class SafeXml {

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String DEFER_NODE_EXPANSION = "http://apache.org/xml/features/dom/defer-node-expansion";
    /** The JDK parser's limit on element nesting (jdk.xml.maxElementDepth; 0, unlimited, by default). */
    private static final String MAX_ELEMENT_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    /**
     * Deepest element nesting parsed. Vendor XML is a few dozen levels deep; walks over the DOM (the DOM's own
     * getTextContent among them) recurse once per level, so a document of 200,000 nested elements in a few hundred
     * KB overflowed the stack (issue #12). The parser now refuses it, as MALFORMED_TEXT.
     */
    public static final int MAX_DEPTH = 512;

    /**
     * Documents with more elements than this are not parsed: a DOM costs ~100 bytes per element, so a 50 MB run of
     * {@code <b/>} would need over a gigabyte, and no tree keeps more than {@code XmlTree.MAX_NODES} anyway. Vendor
     * documents have a few thousand.
     */
    public static final int MAX_ELEMENTS = 250_000;

    private SafeXml() {
    }

    /**
     * Parses a complete document (namespace aware). Throws {@link ErrorCode#XML_REJECTED} when it declares a DOCTYPE
     * and {@link ErrorCode#MALFORMED_TEXT} when it is not well-formed.
     */
    public static Document parse(byte[] xml) throws ExtractionException {
        Prescan found = prescan(xml, MAX_ELEMENTS);
        if (found == Prescan.TOO_MANY_ELEMENTS) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "XML of more than " + MAX_ELEMENTS
                    + " elements (counted before parsing, in " + xml.length + " bytes); not parsed");
        }
        if (found == Prescan.DOCTYPE) {
            throw new ExtractionException(ErrorCode.XML_REJECTED, "XML declares a DOCTYPE; refused (no DTDs or entities)");
        }
        try {
            DocumentBuilder builder = builder();
            builder.setErrorHandler(ERRORS);
            builder.setEntityResolver(REFUSE_ENTITIES);
            boolean parsed = false;
            try {
                Document doc = builder.parse(new ByteArrayInputStream(xml));
                parsed = true;
                return doc;
            } finally {
                if (!parsed) {
                    // a failed parse leaves the builder holding its partial document (and whatever state the
                    // failure left): this thread makes a fresh one next time, as failures are rare
                    BUILDER.remove();
                }
            }
        } catch (SAXException e) {
            // Typed by what we threw ourselves, never by the parser's (localised) message: a DOCTYPE is refused
            // before parsing (prescan), an entity by our resolver; every other parser error, the depth limit
            // (jdk.xml.maxElementDepth) among them, means the text is not the well-formed XML the format promises.
            if (refusedEntity(e)) {
                throw new ExtractionException(ErrorCode.XML_REJECTED, "XML refused: " + e.getMessage(), e);
            }
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "XML not well-formed (or nested deeper than "
                    + MAX_DEPTH + " elements): " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new ExtractionException(ErrorCode.INTERNAL, "XML parser cannot be hardened: " + e.getMessage(), e);
        } catch (IOException e) {
            // the input is a byte array: only the decoder can fail here (bytes invalid in the declared encoding)
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "XML unreadable: " + e.getMessage(), e);
        }
    }

    /** Thrown by our entity resolver: any entity the parser would fetch is refused, whatever its system id. */
    private static final class EntityRefused extends SAXException {
        private static final long serialVersionUID = 1L;

        EntityRefused(String systemId) {
            super("external entity refused: " + systemId);
        }
    }

    /** True when {@code e} is, or wraps, our resolver's refusal (the parser may wrap what a callback threw). */
    private static boolean refusedEntity(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof EntityRefused) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        Throwable c = t instanceof SAXException sax && sax.getException() != null ? sax.getException() : t.getCause();
        return c == t ? null : c;
    }

    /**
     * The JDK's default handler prints "[Fatal Error]" lines to stderr; errors must only become exceptions. Stateless,
     * so one instance serves every parse.
     */
    private static final ErrorHandler ERRORS = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static final org.xml.sax.EntityResolver REFUSE_ENTITIES = (publicId, systemId) -> {
        throw new EntityRefused(systemId);
    };

    /**
     * This thread's hardened builder. DocumentBuilderFactory.newInstance() looks its implementation up through the
     * service-provider lookup, scanning every jar on the class path, and a new builder builds a whole parser configuration: per
     * document that cost more than parsing a vendor's few KB of XML (issue #15). A builder is not thread-safe, hence
     * one per thread; reset() returns it to the factory's settings (handlers included) and parse() drops its
     * reference to the document it returned, so a kept builder holds no document.
     */
    private static final ThreadLocal<DocumentBuilder> BUILDER = new ThreadLocal<>();

    private static DocumentBuilder builder() throws ParserConfigurationException {
        DocumentBuilder b = BUILDER.get();
        if (b == null) {
            b = factory().newDocumentBuilder();
            BUILDER.set(b);
        } else {
            b.reset();
        }
        return b;
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature(DISALLOW_DOCTYPE, true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setAttribute(MAX_ELEMENT_DEPTH, Integer.toString(MAX_DEPTH));
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setValidating(false);
        // every reader walks the whole DOM at once: Xerces' deferred DOM, made for reading a few nodes of a large
        // document, only adds the cost of expanding each node on first access (issue #15)
        f.setFeature(DEFER_NODE_EXPANSION, false);
        return f;
    }

    /** What the pass before parsing found; too many elements decides before a DOCTYPE. */
    enum Prescan {
        CLEAN, TOO_MANY_ELEMENTS, DOCTYPE
    }

    /**
     * Both checks before parsing, in one pass over the bytes (two passes were a tenth of reading a vendor's XML,
     * issue #15).
     *
     * <p>The element count is an upper bound: each {@code <} followed by anything but {@code /}, {@code !} or
     * {@code ?} (zero bytes skipped, so UTF-16 counts the same) may open an element; TOO_MANY_ELEMENTS as soon as it
     * passes {@code limit}.
     *
     * <p>The DOCTYPE check is cheap, so that the refusal is decided here and typed, not read from the parser's
     * (localised) message. It looks at the bytes as ASCII, at every other and every fourth byte (UTF-16, UTF-32 in
     * either byte order) and as EBCDIC (the other encoding family a parser accepts without a declaration of its own);
     * any hit is refused. Only where a '<' could start the declaration: its characters follow at a stride of 1 (ASCII
     * family), 2 (UTF-16) or 4 (UTF-32) bytes in either byte order; EBCDIC has a spelling of its own.
     */
    static Prescan prescan(byte[] xml, int limit) {
        int count = 0;
        boolean doctype = false;
        for (int i = 0; i < xml.length; i++) {
            byte b = xml[i];
            if (b == '<') {
                int j = i + 1;
                while (j < xml.length && xml[j] == 0) {
                    j++;
                }
                if (j < xml.length && xml[j] != '/' && xml[j] != '!' && xml[j] != '?' && ++count > limit) {
                    return Prescan.TOO_MANY_ELEMENTS;
                }
                if (!doctype && (spelled(xml, i, 1) || spelled(xml, i, 2) || spelled(xml, i, 4))) {
                    doctype = true;
                }
            } else if (b == EBCDIC_DOCTYPE[0] && !doctype && matches(xml, i, EBCDIC_DOCTYPE)) {
                doctype = true;
            }
        }
        return doctype ? Prescan.DOCTYPE : Prescan.CLEAN;
    }

    /** True when "&lt;!DOCTYPE" starts at {@code at}, one character every {@code stride} bytes. */
    private static boolean spelled(byte[] xml, int at, int stride) {
        if (at + (long) (DOCTYPE.length() - 1) * stride >= xml.length) {
            return false;
        }
        for (int k = 1; k < DOCTYPE.length(); k++) {
            if (xml[at + k * stride] != DOCTYPE.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(byte[] data, int at, byte[] pattern) {
        if (at + pattern.length > data.length) {
            return false;
        }
        for (int j = 0; j < pattern.length; j++) {
            if (data[at + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }

    private static final String DOCTYPE = "<!DOCTYPE";

    /**
     * "&lt;!DOCTYPE" in EBCDIC (code page 037), spelt out: the charset is not in every runtime (a native image carries
     * only the standard ones), and the check must not depend on it.
     */
    private static final byte[] EBCDIC_DOCTYPE = {0x4C, 0x5A, (byte) 0xC4, (byte) 0xD6, (byte) 0xC3, (byte) 0xE3,
        (byte) 0xE8, (byte) 0xD7, (byte) 0xC5};
}
