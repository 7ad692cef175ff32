/**
 * Mapping: a reader's vendor tree into a SEM or TEM schema document, by data. {@link io.emmeta.core.map.Mapper}
 * applies the {@link io.emmeta.core.map.MappingTable}s (resources checked against
 * {@code emmeta/mapping/table.schema.json} at load, see docs/mapping-tables.md) with the named
 * {@link io.emmeta.core.map.Converters}; {@link io.emmeta.core.map.SchemaValidator} then judges the document into a
 * {@link io.emmeta.core.map.ValidationReport}. Reads the model; knows no reader, container or adapter.
 */
package io.emmeta.core.map;
