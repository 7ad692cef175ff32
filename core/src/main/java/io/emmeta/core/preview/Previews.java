package io.emmeta.core.preview;

import java.io.IOException;

import io.emmeta.core.model.ImageRef;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.source.ByteSource;

/**
 * The preview of an image a reader located: sampled to at most {@value #MAX_SIDE} pixels on its long side (aspect
 * kept; an image under {@value #MIN_SIDE} pixels enlarged by a whole factor), contrast-stretched, with a scale bar when the pixel size is known, as a greyscale PNG. Reads
 * go through the same ByteSource as the metadata, within max(8 MiB, 2 % of the object); a layout that cannot be
 * previewed within that, or that lies about itself, ends in an {@link ExtractionException} with a typed code.
 */
public final class Previews {

    public static final int MAX_SIDE = 512;
    /** Images whose long side is shorter than this are enlarged (by a whole factor, to at most twice this). */
    public static final int MIN_SIDE = 128;

    private Previews() {
    }

    /** The byte budget of a preview of an object of this size: max(8 MiB, 2 % of it). */
    public static long budgetFor(long objectSize) {
        return PixelBudget.limitFor(objectSize);
    }

    /**
     * Renders the image.
     *
     * @param pixelMetres the width of one image pixel on the sample, in metres; null or not positive: no scale bar
     */
    public static Preview image(ByteSource source, ImageRef ref, Double pixelMetres)
            throws IOException, ExtractionException {
        return render(source, ref, pixelMetres, "decoded");
    }

    /**
     * Renders a downscaled copy of the image that the file carries (DM's thumbnail), as it is stored: its first
     * sample (red of DM's RGBA, the grey of a grey rendering), 8-bit, with the scale bar of the image it copies.
     *
     * @param pixelMetres the width of one pixel of the thumbnail on the sample (the image's pixel scaled by the
     *                    ratio of their widths); null: no scale bar
     */
    public static Preview embedded(ByteSource source, ImageRef thumbnail, Double pixelMetres)
            throws IOException, ExtractionException {
        return render(source, thumbnail, pixelMetres, "embedded");
    }

    private static Preview render(ByteSource source, ImageRef ref, Double pixelMetres, String kind)
            throws IOException, ExtractionException {
        long w = ref.width();
        long h = ref.height();
        if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: image of " + w + " × " + h + " pixels");
        }
        long rowBytes;
        try {
            rowBytes = Math.multiplyExact(w, (long) ref.samples() * ref.type().bytes());
            Math.multiplyExact(ref.blocksAcross(), ref.blocksDown());
        } catch (ArithmeticException e) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: image of " + w + " × " + h
                    + " pixels in blocks of " + ref.blockWidth() + " × " + ref.blockHeight() + " is beyond reach");
        }
        if (rowBytes > Sampler.MAX_BLOCK_ROW) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: one row of the image holds " + rowBytes
                    + " bytes, more than the preview reads at once (" + Sampler.MAX_BLOCK_ROW + ")");
        }
        // large images shrink to 512 on their long side; tiny ones (a 16 × 16 scan) grow by a whole factor, pixels
        // kept square, so they can be seen and carry a legible scale bar
        double s = Math.max(w, h) < MIN_SIDE ? Math.max(1, MIN_SIDE * 2 / Math.max(w, h))
                : Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
        int ow = (int) Math.max(1, Math.round(w * s));
        int oh = (int) Math.max(1, Math.round(h * s));
        PixelBudget budget = new PixelBudget(source);
        double[] samples;
        try {
            samples = new Sampler(ref, budget).sample(ow, oh);
        } catch (ArithmeticException e) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: the image's layout is beyond reach: "
                    + e.getMessage());
        }
        boolean eightBit = ref.type() == ImageRef.SampleType.U8;
        Canvas c = new Canvas(ow, oh);
        System.arraycopy(Contrast.grey(samples, eightBit, ref.diffraction(), ref.minIsWhite()), 0, c.pixels, 0,
                c.pixels.length);
        String label = null;
        if (pixelMetres != null && !ref.diffraction()) {
            double previewPixel = pixelMetres * w / ow;
            ScaleBar.Length bar = ScaleBar.choose(previewPixel, ow);
            if (bar != null) {
                int px = (int) Math.round(bar.metres() / previewPixel);
                if (px >= 4 && px < ow) {
                    ScaleBar.draw(c, px, bar.label());
                    label = bar.label();
                }
            }
        }
        return new Preview(Png.grey(c), ow, oh, kind, label, budget.used());
    }
}
