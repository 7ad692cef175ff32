/**
 * Previews: a small greyscale PNG of a file's first image (or a plot of its spectrum) with a scale bar, made from a
 * reader's {@link io.emmeta.core.model.ImageRef} by ranged reads of just the blocks the output pixels need, under a
 * byte budget, in memory that does not grow with the image. No AWT: the PNG is written with the JDK's Deflater and
 * CRC32, the text with a bitmap font carried here, so it runs in the native image, which has no fonts.
 */
package io.emmeta.core.preview;
