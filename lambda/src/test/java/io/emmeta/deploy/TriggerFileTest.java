package io.emmeta.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.emmeta.core.Readers;
import io.emmeta.core.SidecarNames;
import io.emmeta.core.TriggerSuffixes;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.core.read.Reader;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;

/**
 * The deployment's trigger set is generated from the readers' formats, never kept by hand: the committed
 * {@code src/main/deploy/triggers.yml} (which serverless.yml includes) must equal what {@link TriggerSuffixes}
 * derives today, so a reader added without its endings, or endings added without regenerating, fails here.
 * Regenerate with {@code ./mvnw -q test -Dtest=TriggerFileTest -Demmeta.triggers.write=true}.
 */
class TriggerFileTest {

    static final Path FILE = Path.of("lambda", "src", "main", "deploy", "triggers.yml");

    @Test
    void committedTriggerFileIsTheGeneratedOne() throws Exception {
        String generated = TriggerFile.render();
        if (Boolean.getBoolean("emmeta.triggers.write")) {
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
        assertTrue(Files.isRegularFile(FILE), FILE + " is missing");
        assertEquals(generated, Files.readString(FILE, StandardCharsets.UTF_8), FILE
                + " is stale: regenerate it with ./mvnw -q test -Dtest=TriggerFileTest -Demmeta.triggers.write=true");
    }

    @Test
    void everyFormatWithAReaderNamesItsEndings() {
        for (Reader r : Readers.all()) {
            for (FormatSpec f : r.formats()) {
                assertFalse(f.extensions().isEmpty(), f + " is read by " + r.getClass().getSimpleName()
                        + " but lists no name endings, so no upload of it would ever trigger the function");
                f.extensions().forEach(e -> assertTrue(e.startsWith(".") && e.equals(e.toLowerCase(Locale.ROOT)),
                        f + ": endings are lower case with their dot: " + e));
            }
        }
    }

    @Test
    void ourOwnOutputsNeverMatch() {
        for (String key : List.of("a/b.tif.metadata.json", "a/b.tif.extraction.json", "a/.emmeta.json",
                "a/b.TIF.METADATA.JSON")) {
            assertFalse(TriggerSuffixes.matches(key), key);
        }
        assertTrue(TriggerSuffixes.matches("raw/Sample 1.Tif"), "mixed case reaches the function");
        assertTrue(TriggerSuffixes.matches("raw/stack.DM4"));
    }

    /** S3 rejects two configurations of one event type whose suffixes overlap (one ends with the other). */
    @Test
    void noS3SuffixEndsWithAnother() {
        List<String> all = TriggerSuffixes.s3Suffixes();
        for (String a : all) {
            for (String b : all) {
                if (!a.equals(b)) {
                    assertFalse(a.endsWith(b), "S3 would reject overlapping suffixes " + a + " and " + b);
                }
            }
        }
    }

    /**
     * Every real corpus file that the chain reads (not unsupported), and every sidecar half of a pair, reaches the
     * function: under EventBridge by its ending in any case, under S3 notifications by its ending as spelled.
     */
    @Test
    void everySupportedCorpusFileTriggers() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Corpus.ROOT)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        List<String> s3 = TriggerSuffixes.s3Suffixes();
        List<String> missed = new ArrayList<>();
        int supported = 0;
        for (Path p : files) {
            String name = p.getFileName().toString();
            ExtractionRecord r = Chain.extract(p);
            boolean reads = r.status() != Status.UNSUPPORTED || SidecarNames.isSidecarName(name)
                    && r.detected() != null && r.detected().format().startsWith("text/");
            if (!reads) {
                continue;
            }
            supported++;
            if (!TriggerSuffixes.matches(name) || s3.stream().noneMatch(name::endsWith)) {
                missed.add(p + " (" + r.detected().format() + ")");
            }
        }
        assertTrue(supported > 60, "the corpus has its supported files: " + supported);
        assertEquals(List.of(), missed, "supported corpus files the trigger would miss");
    }
}
