/**
 * Quantum Detectors Merlin (Medipix3) files: the {@code .mib} frame stream, of which only the first frame's ASCII header
 * is read, and its {@code .hdr} acquisition header, a sidecar pair of the same stem.
 */
package io.emmeta.core.read.quantumdetectors;
