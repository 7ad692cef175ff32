package io.emmeta.core;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.map.Mapper;
import io.emmeta.core.map.SchemaValidator;

/**
 * The standard chain's data, parsed once per process and shared by every {@link Extractor#standard} chain: the mapping
 * tables (each checked against the table schema as it is parsed) and the two target JSON schemas with their validators
 * built. Both are immutable once constructed, so sharing them changes no document.
 *
 * <p>The native Lambda initialises this class, and {@link Readers}' registry, when the image is built
 * ({@code --initialize-at-build-time} in the Lambda's application.properties): the parsed objects are then part of
 * the image's heap and a fresh process parses none of it before its first document (issue #15). That is safe because
 * the initialiser only reads class-path resources into plain objects: no thread, file handle, clock, random source or
 * setting of the environment is captured.
 */
final class StandardChainData {

    static final Mapper MAPPER;
    static final SchemaValidator VALIDATOR;

    static {
        // A mapper of its own, with Jackson's defaults: how the resources parse must not depend on a caller's mapper.
        ObjectMapper json = new ObjectMapper();
        MAPPER = Mapper.fromClasspath(json);
        VALIDATOR = new SchemaValidator(json);
    }

    private StandardChainData() {
    }
}
