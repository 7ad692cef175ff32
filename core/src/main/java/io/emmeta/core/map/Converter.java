package io.emmeta.core.map;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.core.model.Value;

/**
 * The logic a mapping table cannot say as "this key goes there in this unit": dates, split strings, enumerations.
 * Gets the table's source values in order (null where absent) and returns the JSON to write, or null for nothing.
 */
@FunctionalInterface
public interface Converter {
    JsonNode convert(List<Value> args, MappingContext ctx) throws MappingException;
}
