package io.emmeta.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.emmeta.core.map.Mapper;

/**
 * The mapping tables' index ({@value Mapper#INDEX}) exists because a native image cannot list a resource folder at run
 * time; it is generated from the folder, never kept by hand, so adding a format is adding its table file. A table
 * dropped into the folder without regenerating, or an index line naming a missing file, fails here. Regenerate with
 * {@code ./mvnw -q test -Dtest=MappingIndexTest -Demmeta.mapping.index.write=true}.
 */
class MappingIndexTest {

    static final Path DIR = Path.of("core", "src", "main", "resources", "emmeta", "mapping");
    static final Path INDEX = DIR.resolve("index.txt");
    static final String HEADER = "# Mapping tables loaded at start-up (generated from this folder by MappingIndexTest: a native image"
            + " cannot list a\n# resource folder, so the files are named here). Regenerate: ./mvnw -q test -Dtest=MappingIndexTest"
            + " -Demmeta.mapping.index.write=true\n";

    static String render() throws Exception {
        List<String> tables;
        try (Stream<Path> s = Files.list(DIR)) {
            // every JSON file in the folder is a table, except the contract the tables are checked against
            tables = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.endsWith(".schema.json"))
                    .sorted().toList();
        }
        return HEADER + String.join("\n", tables) + "\n";
    }

    @Test
    void theIndexListsExactlyTheTablesInTheFolder() throws Exception {
        String generated = render();
        if (Boolean.getBoolean("emmeta.mapping.index.write")) {
            Files.writeString(INDEX, generated, StandardCharsets.UTF_8);
        }
        assertEquals(generated, Files.readString(INDEX, StandardCharsets.UTF_8), INDEX
                + " is stale: regenerate it with ./mvnw -q test -Dtest=MappingIndexTest -Demmeta.mapping.index.write=true");
    }
}
