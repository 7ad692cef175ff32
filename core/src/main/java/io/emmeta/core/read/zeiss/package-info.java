/**
 * Zeiss SmartSEM TIFF: the CZ_SEM block (tags 34118/34119) with labels, values and units.
 */
package io.emmeta.core.read.zeiss;
