package io.emmeta.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.output.TreeJson;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Notices;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.velox.VeloxJsonAccess;

/**
 * A lone UTF-16 surrogate in vendor text (Velox JSON may escape one as {@code \ud800}) once made the CLI write the
 * document but not the record. Every text value is now well-formed Unicode: the surrogate becomes U+FFFD and the
 * record says so; proper pairs (emoji, CJK extension characters) stay as they are.
 */
class LoneSurrogateTest {

    @Test
    void aLoneSurrogateFromVendorJsonIsReplacedWithAWarningAndTheRecordEncodes() throws Exception {
        List<Problem> said;
        MetadataTree tree;
        try (Notices.Scope scope = Notices.open()) {
            tree = VeloxJsonAccess.typed("{\"Instrument\": {\"Name\": \"Titan\\ud800 G2\", \"Op\": \"x\\udc00\\ud83d\\ude00\"}}");
            said = scope.drain();
        }
        byte[] bytes = new ObjectMapper().writeValueAsBytes(TreeJson.toJson(tree));
        var back = new ObjectMapper().readTree(bytes);
        assertEquals("Titan\uFFFD G2", back.at("/Instrument/Name").asText(), back.toString());
        assertEquals("x\uFFFD\uD83D\uDE00", back.at("/Instrument/Op").asText(), "a lone low surrogate replaced, the pair kept");
        assertTrue(said.stream().anyMatch(p -> p.code() == ErrorCode.MALFORMED_TEXT && p.message().contains("surrogate")),
                said.toString());
        // what the CLI's writer used to choke on: the text encoded as UTF-8
        String text = back.toString();
        assertTrue(StandardCharsets.UTF_8.newEncoder().canEncode(text), "well-formed Unicode throughout");
    }

    @Test
    void wellFormedTextIsUntouched() {
        String s = "Ångström 😀 µm";
        assertTrue(s == Value.wellFormed(s), "no copy for well-formed text");
        assertEquals("\uFFFD", Value.wellFormed("\uD800"));
        assertEquals("a\uFFFD", Value.wellFormed("a\uDFFF"));
    }
}
