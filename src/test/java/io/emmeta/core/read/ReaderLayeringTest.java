package io.emmeta.core.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Arrows run one way: detection asks the readers, so no reader may reach back into detection (a reader takes TIFF tag
 * numbers from {@code container/tiff/TiffTags} and its format types from {@code core.format}); and {@code core.format},
 * which both sides share, depends on neither. Checked on the sources, imports and fully qualified names alike.
 */
class ReaderLayeringTest {

    static List<String> offenders(Path dir, String... forbidden) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    String src = Files.readString(p);
                    return Stream.of(forbidden).anyMatch(src::contains);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).sorted().toList();
        }
    }

    static final Path CORE = Path.of("src", "main", "java", "io", "emmeta", "core");

    @Test
    void noReaderImportsDetection() throws Exception {
        assertEquals(List.of(), offenders(CORE.resolve("read"), "io.emmeta.core.detect"));
    }

    /**
     * Nor into mapping: a reader's tree is the vendor's, mapped elsewhere. {@code map.Units} is the one exception left,
     * and only while it lives in the mapping package (it moves to {@code core.model}, beside the values it describes).
     */
    @Test
    void noReaderUsesMappingButUnits() throws Exception {
        try (Stream<Path> s = Files.walk(CORE.resolve("read"))) {
            List<String> offenders = s.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).replace("io.emmeta.core.map.Units", "").contains("io.emmeta.core.map");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
            assertEquals(List.of(), offenders);
        }
    }

    @Test
    void theSharedFormatPackageDependsOnNeitherSide() throws Exception {
        assertEquals(List.of(), offenders(CORE.resolve("format"), "io.emmeta.core.detect", "io.emmeta.core.read",
                "io.emmeta.core.map"));
    }
}
