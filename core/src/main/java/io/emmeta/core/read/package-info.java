/**
 * One reader per format, each in its own package: it turns the vendor's bytes, through a container, into the
 * vendor's own typed tree. A reader maps to no schema; shared text and XML helpers live in {@code text} and {@code xml}.
 */
package io.emmeta.core.read;
