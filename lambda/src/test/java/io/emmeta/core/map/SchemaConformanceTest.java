package io.emmeta.core.map;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;

/**
 * Everything we write conforms: over every corpus file with a schema document, the validator's only complaints are
 * required properties the file does not hold (context, or facts the format lacks) — never a wrong type, a unit
 * outside the enum, a bad date pattern or a key the closed schema objects do not define.
 */
class SchemaConformanceTest {

    @Test
    void noValueWeWriteViolatesTheSchema() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Corpus.ROOT)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> violations = new ArrayList<>();
        int documents = 0;
        for (Path f : files) {
            ExtractionRecord r = Chain.extract(f);
            if (r.validation() == null) {
                continue;
            }
            documents++;
            for (ValidationReport.Error e : r.validation().errors()) {
                if (!e.message().contains("required property")) {
                    violations.add(Corpus.ROOT.relativize(f) + " " + e.path() + ": " + e.message());
                }
            }
        }
        assertTrue(documents > 60, "documents checked: " + documents);
        assertTrue(violations.isEmpty(), violations.toString());
    }
}
