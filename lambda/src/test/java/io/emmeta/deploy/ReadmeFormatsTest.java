package io.emmeta.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.emmeta.core.Readers;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.SidecarRule;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.ReaderRegistry;

/**
 * The README's "Supported formats" table is generated from the registry ({@link Readers}), never kept by hand: the
 * committed table between its markers must equal what the registry gives today, so a reader added without
 * regenerating (or a table edited by hand) fails here. Regenerate with
 * {@code ./mvnw -q test -Dtest=ReadmeFormatsTest -Demmeta.readme.write=true}.
 */
class ReadmeFormatsTest {

    static final Path README = Path.of("README.md");
    static final String START = "<!-- formats:start -->";
    static final String END = "<!-- formats:end -->";

    static String render() {
        ReaderRegistry registry = Readers.registry();
        StringBuilder t = new StringBuilder();
        t.append("<!-- generated from io.emmeta.core.Readers by ReadmeFormatsTest; regenerate with\n")
                .append("     ./mvnw -q test -Dtest=ReadmeFormatsTest -Demmeta.readme.write=true -->\n")
                .append("| format id | vendor | technique | name endings | reader | sidecar of |\n")
                .append("|---|---|---|---|---|---|\n");
        for (FormatSpec f : Readers.allFormats()) {
            Reader r = registry.forId(f.id());
            String sidecarOf = registry.sidecarRules().stream().filter(s -> s.sidecar().id().equals(f.id()))
                    .map(SidecarRule::imageSuffixes).flatMap(java.util.List::stream).distinct()
                    .map(s -> "`" + s + "`").collect(Collectors.joining(" "));
            t.append("| `").append(f.id()).append("` | ").append(f.vendor() == null ? "—" : f.vendor()).append(" | ")
                    .append(f.technique()).append(" | ")
                    .append(f.extensions().isEmpty() ? "—" : f.extensions().stream().map(e -> "`" + e + "`")
                            .collect(Collectors.joining(" ")))
                    .append(" | ").append(r == null ? "— (detected and named only)" : r.getClass().getSimpleName())
                    .append(" | ").append(sidecarOf.isEmpty() ? "" : sidecarOf).append(" |\n");
        }
        return t.toString();
    }

    @Test
    void readmeFormatsTableIsTheGeneratedOne() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertTrue(start >= 0 && end > start, "README.md lacks the " + START + " ... " + END + " markers");
        String committed = readme.substring(start + START.length() + 1, end);
        String generated = render();
        if (Boolean.getBoolean("emmeta.readme.write")) {
            Files.writeString(README, readme.substring(0, start + START.length() + 1) + generated + readme.substring(end),
                    StandardCharsets.UTF_8);
            committed = generated;
        }
        assertEquals(generated, committed, "README.md's formats table is stale: regenerate it with ./mvnw -q test"
                + " -Dtest=ReadmeFormatsTest -Demmeta.readme.write=true");
    }
}
