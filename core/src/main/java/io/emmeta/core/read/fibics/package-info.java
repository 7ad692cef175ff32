/**
 * Zeiss Atlas 5 / Fibics slices: the XML of TIFF tag 51023.
 */
package io.emmeta.core.read.fibics;
