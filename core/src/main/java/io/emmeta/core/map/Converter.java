package io.emmeta.core.map;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.core.model.Value;

/**
 * The logic a mapping table cannot say as "this key goes there in this unit": dates, split strings, enumerations.
 * Gets a row's inputs: for a one-input converter the first present value of the row's {@code from}, else the
 * row's {@code args} in order (null where absent); returns the JSON to write, or null for nothing.
 */
@FunctionalInterface
public interface Converter {
    JsonNode convert(List<Value> args, MappingContext ctx) throws MappingException;
}
