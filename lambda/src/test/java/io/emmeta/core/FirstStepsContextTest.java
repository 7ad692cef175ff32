package io.emmeta.core;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.testing.Corpus;

/**
 * Documents that validate: the technique comes from detection, the context no file holds comes from the one
 * bucket-root .emmeta.json the README's First steps show (read from the README itself, so the two cannot drift), and a
 * document still lacking it says so in one line of its notes.
 */
class FirstStepsContextTest {

    static UploadContext readmeContext() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("### First steps");
        assertTrue(section >= 0, "README has a First steps section");
        int open = readme.indexOf("```\n{", section);
        int close = readme.indexOf("```", open + 3);
        return UploadContext.fromJson(new ObjectMapper().readTree(readme.substring(open + 3, close)));
    }

    @Test
    void techniqueFromDetectionAndOneLineNamingTheMissingContext() throws Exception {
        ExtractionRecord tem = extract(Corpus.file("rosettasciio/test_STEM_image.dm3"));
        assertEquals("TEM", tem.mapped().get("technique").asText());
        List<String> lines = tem.notes().stream().filter(n -> n.contains("missing")).toList();
        assertEquals(1, lines.size(), tem.notes().toString());
        String line = lines.get(0);
        for (String field : List.of("measurementPurpose", "parents", "definition")) {
            assertTrue(line.contains(field), line);
        }
        assertTrue(line.contains(".emmeta.json") && !line.contains("\n"), line);
        assertTrue(!tem.validation().errors().isEmpty(), "the detailed report stays where it is");

        ExtractionRecord sem = extract(Corpus.file("SEM-Mapping-Tool/1-as-cast_16_Sch_10k_InLens.tif"));
        assertEquals("SEM", sem.mapped().at("/entry/technique").asText(), "as the SEM schema authors' example");
    }

    @Test
    void theReadmesBucketRootContextMakesACompleteFileOk() throws Exception {
        UploadContext ctx = readmeContext();
        ExtractionRecord sem = extract(Corpus.file("SEM-Mapping-Tool/1-as-cast_16_Sch_10k_InLens.tif"), ctx);
        assertEquals(Status.OK, sem.status(), sem.notes() + " " + sem.validation());
        // a TEM file: the context is no longer what is missing, only instrument facts the file did not record
        ExtractionRecord tem = extract(Corpus.file("rosettasciio/test_STEM_image.dm3"), ctx);
        assertTrue(tem.validation().missingContext().isEmpty(), tem.validation().missingContext().toString());
        assertTrue(tem.notes().stream().noneMatch(n -> n.contains("context no file holds")), tem.notes().toString());
    }
}
