/**
 * TESCAN: the TIFF tag 50431 blocks and the {@code .hdr} sidecar.
 */
package io.emmeta.core.read.tescan;
