package io.emmeta.core.model;

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
 * The JSON Schema a data resource we ship (a mapping table, a unit table) is written against. Checked when the
 * resource is loaded, so a misspelt key ("form", "sourceunit") or a wrong shape fails at start-up naming the resource
 * and the key, instead of being ignored and leaving a value unmapped or without its unit in every document.
 */
public final class JsonContract {

    private final String schemaResource;
    private volatile JsonSchema schema;

    /** @param schemaResource class-path resource of a JSON Schema 2019-09 that references only its own $defs */
    public JsonContract(String schemaResource) {
        this.schemaResource = schemaResource;
    }

    /** @throws IllegalArgumentException naming the document and every key or shape the schema refuses */
    public void check(String documentName, JsonNode document) {
        Set<ValidationMessage> messages = schema().validate(document);
        if (!messages.isEmpty()) {
            List<String> lines = messages.stream().map(ValidationMessage::getMessage).sorted().toList();
            throw new IllegalArgumentException(documentName + " does not match " + schemaResource + ": "
                    + String.join("; ", lines));
        }
    }

    private JsonSchema schema() {
        JsonSchema s = schema;
        if (s == null) {
            synchronized (this) {
                s = schema;
                if (s == null) {
                    s = load();
                    schema = s;
                }
            }
        }
        return s;
    }

    private JsonSchema load() {
        try (InputStream in = JsonContract.class.getClassLoader().getResourceAsStream(schemaResource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + schemaResource + " missing");
            }
            JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909)
                    .getSchema(new ObjectMapper().readTree(in));
            s.initializeValidators();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("schema " + schemaResource + ": " + e.getMessage(), e);
        }
    }
}
