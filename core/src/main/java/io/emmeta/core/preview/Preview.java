package io.emmeta.core.preview;

/**
 * A rendered preview.
 *
 * @param png       the PNG file
 * @param width     its width in pixels
 * @param height    its height in pixels
 * @param source    how it was made: {@code decoded} (from the pixels), {@code embedded} (the file's own thumbnail),
 *                  {@code plotted} (a spectrum)
 * @param scaleBar  the scale bar's label; null when the pixel size is not known
 * @param bytesRead bytes of the object read to make it
 */
public record Preview(byte[] png, int width, int height, String source, String scaleBar, long bytesRead) {
}
