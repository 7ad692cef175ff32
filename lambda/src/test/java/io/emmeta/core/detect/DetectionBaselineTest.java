package io.emmeta.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Readers;
import io.emmeta.core.container.Probe;
import io.emmeta.core.format.Detection;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/**
 * Moving detection into the readers must not change what any corpus file is detected as, nor the evidence a record
 * shows. {@code detection/corpus-baseline.jsonl} was recorded with the detector as it was before the move (one
 * {@code FormatDetector} holding every sniff, commit 254945c), one line per corpus file: format id, container and
 * evidence. A new corpus file, or a new format that claims an existing one, is a deliberate change to that file.
 */
class DetectionBaselineTest {

    static final Path BASELINE = Path.of("lambda", "src", "test", "resources", "detection", "corpus-baseline.jsonl");

    @Test
    void everyCorpusFileIsDetectedAsBefore() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(BASELINE)) {
            JsonNode n = json.readTree(line);
            expected.put(n.get("file").asText(), n);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(Corpus.ROOT)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertEquals(expected.size(), files.size(), "the baseline lists every corpus file once");
        FormatDetector detector = new FormatDetector(Readers.registry());
        for (Path f : files) {
            String rel = Corpus.ROOT.relativize(f).toString();
            JsonNode want = expected.get(rel);
            assertTrue(want != null, rel + " is not in the baseline");
            Detection d;
            try (CachingByteSource src = CachingByteSource.ofFile(f); Probe probe = new Probe(src, f.toString())) {
                d = detector.detect(probe);
            }
            List<String> evidence = new ArrayList<>();
            want.get("evidence").forEach(e -> evidence.add(e.asText()));
            assertEquals(want.get("format").asText(), d.format().id(), rel);
            assertEquals(want.get("container").asText(), d.container(), rel);
            assertEquals(evidence, d.evidence(), rel);
        }
    }
}
