/**
 * From the vendor's tree to the community SEM/TEM schemas: mapping tables as data (resources
 * {@code emmeta/mapping}), named converters, one unit per quantity, and schema validation.
 */
package io.emmeta.core.map;
