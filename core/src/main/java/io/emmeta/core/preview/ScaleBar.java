package io.emmeta.core.preview;

/**
 * A scale bar: the length among 1, 2 and 5 × 10ⁿ closest to a fifth of the image's width, drawn in the bottom-left
 * corner as a white bar with a dark outline and its label above it, legible on bright and dark images alike.
 */
final class ScaleBar {

    /** The bar's physical length in metres and its label. */
    record Length(double metres, String label) {
    }

    private static final String[] PREFIXES = {"pm", "nm", "µm", "mm", "m"};
    private static final double[] FACTORS = {1e-12, 1e-9, 1e-6, 1e-3, 1};

    private ScaleBar() {
    }

    /** The bar for an image {@code widthPx} wide whose pixels are {@code pixelMetres} wide; null when out of range. */
    static Length choose(double pixelMetres, int widthPx) {
        if (!(pixelMetres > 0) || Double.isInfinite(pixelMetres) || widthPx < 20) {
            return null;
        }
        double target = pixelMetres * widthPx / 5;
        double decade = Math.pow(10, Math.floor(Math.log10(target)));
        double best = decade;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (Math.abs(Math.log(m * decade / target)) < Math.abs(Math.log(best / target))) {
                best = m * decade;
            }
        }
        return new Length(best, label(best));
    }

    /** "2 µm", "500 nm", "1 mm": the largest prefix that keeps the number at least 1. */
    static String label(double metres) {
        int p = 0;
        for (int i = FACTORS.length - 1; i >= 0; i--) {
            if (metres >= FACTORS[i] * 0.999) {
                p = i;
                break;
            }
        }
        double n = metres / FACTORS[p];
        long rounded = Math.round(n);
        String num = Math.abs(n - rounded) < 1e-6 * Math.max(1, n) ? Long.toString(rounded)
                : String.valueOf((float) n);
        return num + " " + PREFIXES[p];
    }

    /** Draws the bar of {@code lengthPx} pixels with its label on the canvas. */
    static void draw(Canvas c, int lengthPx, String label) {
        int scale = c.width >= 300 ? 2 : 1;
        int margin = Math.max(4, c.width / 40);
        int barH = Math.max(3, c.height / 80);
        int x = margin;
        int y = c.height - margin - barH;
        int textW = Glyphs.width(label, scale);
        int textH = Glyphs.HEIGHT * scale;
        int ty = y - 3 - textH;
        int tx = x + Math.max(0, (lengthPx - textW) / 2);
        // a dark box behind bar and label: the bar stays legible on any background
        c.fill(x - 2, ty - 2, Math.max(lengthPx, textW + (tx - x)) + 4, y + barH - ty + 4, 0);
        c.fill(x, y, lengthPx, barH, 255);
        Glyphs.draw(c, label, tx, ty, scale, 255);
    }
}
