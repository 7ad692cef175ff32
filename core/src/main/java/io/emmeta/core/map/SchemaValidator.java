package io.emmeta.core.map;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;


/**
 * Validates documents against the community schemas (JSON Schema 2019-09) with networknt's validator. The schemas
 * ship as resources; they carry no $id and reference only their own $defs, so nothing is ever fetched.
 */
public final class SchemaValidator {

    public enum TargetSchema {
        SEM("emmeta/schemas/SEM_schema.json", "SEM_schema.json (SEM_v0.1.0)",
                List.of("technique", "measurementPurpose", "parents", "user", "userName")),
        TEM("emmeta/schemas/TEM_schema.json", "TEM_schema.json (TEM_v0.1.0)",
                List.of("technique", "measurementPurpose", "parents", "user", "userName", "title", "definition"));

        final String resource;
        final String label;
        /** Required properties no file can hold: they come from the upload's context or stay missing. */
        final List<String> contextOnly;

        TargetSchema(String resource, String label, List<String> contextOnly) {
            this.resource = resource;
            this.label = label;
            this.contextOnly = contextOnly;
        }

        public String label() {
            return label;
        }

        public List<String> contextOnly() {
            return contextOnly;
        }
    }

    private final Map<TargetSchema, JsonSchema> schemas = new EnumMap<>(TargetSchema.class);

    public SchemaValidator(ObjectMapper json) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909);
        for (TargetSchema t : TargetSchema.values()) {
            try (InputStream in = Mapper.resource(t.resource)) {
                JsonSchema schema = factory.getSchema(json.readTree(in));
                schema.initializeValidators();
                schemas.put(t, schema);
            } catch (IOException e) {
                throw new IllegalStateException("schema " + t.resource + ": " + e.getMessage(), e);
            }
        }
    }

    public ValidationReport validate(TargetSchema target, JsonNode document) {
        Set<ValidationMessage> messages = schemas.get(target).validate(document);
        List<ValidationReport.Error> errors = new ArrayList<>();
        List<String> missingContext = new ArrayList<>();
        for (ValidationMessage m : messages) {
            String path = m.getInstanceLocation().toString();
            if ("required".equals(m.getType()) && target.contextOnly.contains(m.getProperty())) {
                missingContext.add(join(path, m.getProperty()));
            }
            errors.add(new ValidationReport.Error(path, m.getMessage()));
        }
        errors.sort(Comparator.comparing(ValidationReport.Error::path).thenComparing(ValidationReport.Error::message));
        missingContext.sort(null);
        return new ValidationReport(target.label, errors.isEmpty(), errors, missingContext);
    }

    private static String join(String path, String property) {
        return ("$".equals(path) ? "$" : path) + "." + property;
    }
}
