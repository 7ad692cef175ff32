package io.emmeta.core.read.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/** SafeXml's refusals are typed by what it checks itself, in every encoding a parser accepts, not by parser messages. */
class SafeXmlTest {

    private static final String WITH_DOCTYPE = "<?xml version=\"1.0\" encoding=\"%s\"?>"
            + "<!DOCTYPE Metadata [<!ENTITY x \"y\">]><Metadata><A>&x;</A></Metadata>";

    private static ErrorCode refusal(byte[] xml) {
        return assertThrows(ExtractionException.class, () -> SafeXml.parse(xml)).code();
    }

    @Test
    void aDoctypeIsRejectedInEveryEncodingFamily() {
        for (String cs : new String[] {"UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32BE", "UTF-32LE", "IBM037"}) {
            byte[] xml = String.format(WITH_DOCTYPE, cs).getBytes(Charset.forName(cs));
            assertEquals(ErrorCode.XML_REJECTED, refusal(xml), cs);
        }
    }

    @Test
    void textThatIsNotXmlIsMalformedAndNestingPastTheLimitToo() {
        assertEquals(ErrorCode.MALFORMED_TEXT, refusal("<Metadata><A>1</B></Metadata>".getBytes(StandardCharsets.UTF_8)));
        int depth = SafeXml.MAX_DEPTH + 1;
        byte[] deep = ("<a>".repeat(depth) + "</a>".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(ErrorCode.MALFORMED_TEXT, refusal(deep));
    }

    @Test
    void nestingUpToTheLimitParses() throws ExtractionException {
        int depth = SafeXml.MAX_DEPTH - 1;
        byte[] deep = ("<a>".repeat(depth) + "</a>".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
        assertEquals("a", SafeXml.parse(deep).getDocumentElement().getNodeName());
    }
}
