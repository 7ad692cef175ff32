package io.emmeta.core.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Readers;
import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.NamedFormats;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.read.thermo.PhenomTiffReader;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/**
 * Each reader recognises its own corpus files by itself: asked directly (not through the detector's order), its sniff
 * claims the format the file is (the format the detector named before sniffing moved into the readers, see
 * {@code DetectionBaselineTest}), and readers of other formats of the same container do not claim it as certain
 * unless they come after in the registry (then the order decides, as {@code Readers} explains).
 */
class ReaderSniffTest {

    /** Readers with no corpus file of their own; each is covered by a built file instead (DetectionOrderTest). */
    static final Set<Class<?>> WITHOUT_CORPUS_FILE = Set.of(
            PhenomTiffReader.class); // no Phenom TIFF in the corpus (Phenom ELID archives embed them)

    @Test
    void eachReaderClaimsItsCorpusFiles() throws Exception {
        ReaderRegistry registry = Readers.registry();
        Set<Class<?>> exercised = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(Path.of("lambda", "src", "test", "resources", "detection", "corpus-baseline.jsonl"))) {
            JsonNode n = json.readTree(line);
            String id = n.get("format").asText();
            Reader owner = registry.forId(id);
            if (owner == null || NamedFormats.all().stream().anyMatch(f -> f.id().equals(id))) {
                continue; // a kind the detector names by itself (generic TIFF, generic HDF5, ...)
            }
            ContainerKind kind = kindOf(n.get("container").asText());
            Path file = Corpus.file(n.get("file").asText());
            try (CachingByteSource src = CachingByteSource.ofFile(file); Probe probe = new Probe(src, file.toString())) {
                Optional<Sniff> s = owner.sniff(kind, probe);
                assertTrue(s.isPresent(), owner.getClass().getSimpleName() + " does not claim " + file);
                assertEquals(id, s.get().format().id(), file.toString());
                assertFalse(s.get().evidence().isEmpty(), file + ": a claim says why");
                List<Reader> readers = registry.readers();
                for (Reader earlier : readers.subList(0, readers.indexOf(owner))) {
                    Optional<Sniff> other = earlier.sniff(kind, probe);
                    assertTrue(other.isEmpty() || other.get().confidence() != io.emmeta.core.format.Confidence.CERTAIN,
                            earlier.getClass().getSimpleName() + " claims " + file + " before " + owner.getClass()
                                    .getSimpleName());
                }
            }
            exercised.add(owner.getClass());
        }
        for (Reader r : registry.readers()) {
            boolean sniffs = r.formats().stream().anyMatch(f -> NamedFormats.all().stream().noneMatch(
                    g -> g.id().equals(f.id())));
            if (sniffs && !WITHOUT_CORPUS_FILE.contains(r.getClass())) {
                assertTrue(exercised.contains(r.getClass()), r.getClass().getSimpleName() + " has no corpus file");
            }
        }
    }

    static ContainerKind kindOf(String container) {
        return switch (container) {
            case "tiff" -> ContainerKind.TIFF;
            case "hdf5" -> ContainerKind.HDF5;
            case "text", "xml" -> ContainerKind.TEXT;
            case "zip" -> ContainerKind.ZIP;
            default -> ContainerKind.BINARY;
        };
    }
}
