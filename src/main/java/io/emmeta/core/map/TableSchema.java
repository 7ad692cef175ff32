package io.emmeta.core.map;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The contract a mapping table is written against ({@value #RESOURCE}). Checked before a table is parsed so a
 * misspelt key ("form", "sourceunit") or a wrong shape fails at start-up, naming the table and the key, instead of
 * being silently ignored and leaving a field unmapped in every document.
 */
final class TableSchema {

    static final String RESOURCE = "emmeta/mapping/table.schema.json";

    private static volatile JsonSchema schema;

    private TableSchema() {
    }

    /** @throws IllegalArgumentException naming the table and every key or shape the schema refuses */
    static void check(String tableName, JsonNode table) {
        Set<ValidationMessage> messages = schema().validate(table);
        if (!messages.isEmpty()) {
            List<String> lines = messages.stream().map(ValidationMessage::getMessage).sorted().toList();
            throw new IllegalArgumentException(tableName + " does not match " + RESOURCE + ": "
                    + String.join("; ", lines));
        }
    }

    private static JsonSchema schema() {
        JsonSchema s = schema;
        if (s == null) {
            synchronized (TableSchema.class) {
                s = schema;
                if (s == null) {
                    s = load();
                    schema = s;
                }
            }
        }
        return s;
    }

    private static JsonSchema load() {
        try (InputStream in = Mapper.resource(RESOURCE)) {
            JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909)
                    .getSchema(new ObjectMapper().readTree(in));
            s.initializeValidators();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("mapping table schema " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
