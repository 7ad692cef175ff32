/**
 * EMPAD acquisition records ({@code .xml}, versions 0.51 and 1.2.x): the tree, with the scan size and field of view decided in {@code derived/}.
 */
package io.emmeta.core.read.empad;
