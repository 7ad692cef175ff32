/**
 * SerialEM {@code .mdoc} autodoc sidecars: the header lines and each [ZValue] / [FrameSet] / [MontSection] block.
 */
package io.emmeta.core.read.serialem;
