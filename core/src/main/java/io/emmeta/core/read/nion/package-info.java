/**
 * Nion Swift {@code .ndata} data items: a ZIP central directory and its {@code metadata.json} entry, read by ranges (stored or bounded inflate).
 */
package io.emmeta.core.read.nion;
