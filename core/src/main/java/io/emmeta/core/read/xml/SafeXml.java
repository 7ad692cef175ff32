package io.emmeta.core.read.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

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
        if (moreElementsThan(xml, MAX_ELEMENTS)) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "XML of more than " + MAX_ELEMENTS
                    + " elements (counted before parsing, in " + xml.length + " bytes); not parsed");
        }
        if (declaresDoctype(xml)) {
            throw new ExtractionException(ErrorCode.XML_REJECTED, "XML declares a DOCTYPE; refused (no DTDs or entities)");
        }
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            // The JDK's default handler prints "[Fatal Error]" lines to stderr; errors must only become exceptions.
            builder.setErrorHandler(new ErrorHandler() {
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
            });
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("maxElementDepth")) {
                throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "XML nested deeper than " + MAX_DEPTH
                        + " elements; refused", e);
            }
            if (msg.contains("DOCTYPE") || msg.contains("external entity refused")) {
                throw new ExtractionException(ErrorCode.XML_REJECTED, "XML refused: " + msg, e);
            }
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "XML not well-formed: " + msg, e);
        } catch (ParserConfigurationException e) {
            throw new ExtractionException(ErrorCode.INTERNAL, "XML parser cannot be hardened: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "XML unreadable: " + e.getMessage(), e);
        }
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
        return f;
    }

    /**
     * An upper bound of the element count, in one pass over the bytes: each {@code <} followed by anything but
     * {@code /}, {@code !} or {@code ?} (zero bytes skipped, so UTF-16 counts the same) may open an element. True as
     * soon as the count passes {@code limit}.
     */
    static boolean moreElementsThan(byte[] xml, int limit) {
        int count = 0;
        for (int i = 0; i < xml.length; i++) {
            if (xml[i] != '<') {
                continue;
            }
            int j = i + 1;
            while (j < xml.length && xml[j] == 0) {
                j++;
            }
            if (j < xml.length && xml[j] != '/' && xml[j] != '!' && xml[j] != '?' && ++count > limit) {
                return true;
            }
        }
        return false;
    }

    /**
     * A cheap pre-check so the refusal does not depend on the parser's (localised) message text. Looks at the
     * bytes as ASCII and, for UTF-16 documents, at every other byte.
     */
    private static boolean declaresDoctype(byte[] xml) {
        String ascii = new String(xml, StandardCharsets.ISO_8859_1);
        if (ascii.contains("<!DOCTYPE")) {
            return true;
        }
        StringBuilder even = new StringBuilder(xml.length / 2 + 1);
        StringBuilder odd = new StringBuilder(xml.length / 2 + 1);
        for (int i = 0; i < xml.length; i++) {
            (i % 2 == 0 ? even : odd).append((char) (xml[i] & 0xff));
        }
        return even.indexOf("<!DOCTYPE") >= 0 || odd.indexOf("<!DOCTYPE") >= 0;
    }
}
