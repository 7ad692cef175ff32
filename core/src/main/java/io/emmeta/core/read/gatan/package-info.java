/**
 * Gatan DigitalMicrograph DM3/DM4: the tag tree by ranged reads, arrays skipped by size.
 */
package io.emmeta.core.read.gatan;
