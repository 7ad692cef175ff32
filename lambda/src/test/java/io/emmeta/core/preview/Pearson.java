package io.emmeta.core.preview;

/**
 * Pearson's correlation of paired samples, accumulated one pair at a time: the preview tests compare a preview with
 * an independent decoding on differently shaped grids, and each walked its grid beside the same five running sums.
 */
final class Pearson {

    private double sx, sy, sxx, syy, sxy;
    private int n;

    void add(double a, double b) {
        sx += a;
        sy += b;
        sxx += a * a;
        syy += b * b;
        sxy += a * b;
        n++;
    }

    /** The correlation so far; 0 when either side has no spread (or no pairs were added). */
    double value() {
        if (n == 0) {
            return 0;
        }
        double cov = sxy / n - sx / n * sy / n;
        double va = sxx / n - sx / n * sx / n;
        double vb = syy / n - sy / n * sy / n;
        return va <= 0 || vb <= 0 ? 0 : cov / Math.sqrt(va * vb);
    }
}
