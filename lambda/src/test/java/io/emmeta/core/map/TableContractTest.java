package io.emmeta.core.map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A table that breaks the contract (table.schema.json, converter inputs) fails when it is loaded, and the message
 * names the table and what is wrong in it, so the author can fix the line without a debugger.
 */
class TableContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "misspelt-row-key.json                   | sourceUnits",
            "misspelt-top-key.json                   | constant",
            "from-not-a-path.json                    | $.fields[0].from",
            "from-and-args.json                      | $.fields[0]",
            "unit-on-a-type-row.json                 | $.fields[0]",
            "two-input-converter-given-fallbacks.json | 'args'",
            "one-input-converter-given-args.json     | 'from'" })
    void aTableBreakingTheContractFailsAtLoadNamingTableAndKey(String table, String named) throws Exception {
        JsonNode root;
        try (InputStream in = TableContractTest.class.getResourceAsStream("bad-tables/" + table)) {
            root = JSON.readTree(in);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MappingTable.parse(table, root, new Converters()));
        assertTrue(e.getMessage().startsWith(table), e.getMessage());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }
}
