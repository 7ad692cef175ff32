/**
 * Berkeley EMD (NCEM): root attributes and each data group's dimensions.
 */
package io.emmeta.core.read.ncem;
