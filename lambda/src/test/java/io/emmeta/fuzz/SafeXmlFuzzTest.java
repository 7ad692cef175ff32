package io.emmeta.fuzz;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;

import org.w3c.dom.Document;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;

/**
 * The hardened XML parser and the XML-to-tree walk, then the same bytes as the Thermo 34683 XML block through the xT
 * reader. A parsed document never has a DOCTYPE (those are refused). Jazzer's SSRF and path-traversal sanitizers
 * are active while fuzzing, so an entity that reached for a URL or a file would be a finding too. Seeds: real 34683
 * XML, a Phenom-like document, and small hostile snippets (DOCTYPE, entities, UTF-16).
 */
class SafeXmlFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void safeXml(byte[] data) {
        Contract.holds(() -> {
            Document doc = SafeXml.parse(data);
            assertNull(doc.getDoctype(), "a DOCTYPE got through");
            XmlTree.of(doc.getDocumentElement(), new ArrayList<>(), "fuzz");
        });
        byte[] tiff = Inputs.tiffWith(TiffTags.FEI_TITAN, data);
        Contract.holds(() -> Inputs.detectAndRead(tiff));
    }
}
