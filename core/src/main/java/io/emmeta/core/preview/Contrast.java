package io.emmeta.core.preview;

import java.util.Arrays;

/**
 * Samples to grey levels. 8-bit integer data is shown as stored (an SEM's image carries the operator's contrast),
 * unless all of it lies below {@value #DIM_8BIT}: such bytes are counts, not grey levels (a JEOL Analysis Station
 * element map holds 0–6 X-rays a pixel, its STEM image 0–52), shown as stored they are black, so they are stretched
 * like wider data. Wider and float data are stretched between robust
 * limits (the 0.5th and 99.5th percentiles) so a few hot or dead pixels do not flatten the picture; a diffraction
 * pattern is taken to a log scale first, so the faint rings show beside the bright centre.
 */
final class Contrast {

    static final double LOW = 0.005;
    static final double HIGH = 0.995;
    /** 8-bit data whose largest value is below this is stretched, not shown as stored. */
    static final int DIM_8BIT = 64;

    private Contrast() {
    }

    static byte[] grey(double[] v, boolean asStored8Bit, boolean log, boolean invert) {
        double[] x = v;
        if (log) {
            double min = Arrays.stream(v).filter(Double::isFinite).min().orElse(0);
            x = Arrays.stream(v).map(d -> Double.isFinite(d) ? Math.log1p(d - min) : d).toArray();
        }
        double lo;
        double hi;
        if (asStored8Bit && !log && Arrays.stream(v).filter(Double::isFinite).max().orElse(0) >= DIM_8BIT) {
            lo = 0;
            hi = 255;
        } else {
            double[] finite = Arrays.stream(x).filter(Double::isFinite).toArray();
            if (finite.length == 0) {
                return new byte[v.length];
            }
            Arrays.sort(finite);
            lo = finite[(int) Math.floor(LOW * (finite.length - 1))];
            hi = finite[(int) Math.ceil(HIGH * (finite.length - 1))];
            if (hi <= lo) {
                // a flat image (or one with < 1 % of differing pixels): show the full range, else grey
                lo = finite[0];
                hi = finite[finite.length - 1];
            }
        }
        byte[] out = new byte[x.length];
        double span = hi - lo;
        for (int i = 0; i < x.length; i++) {
            double d = x[i];
            int g;
            if (!Double.isFinite(d)) {
                g = 0;
            } else if (span <= 0) {
                g = 128;
            } else {
                g = (int) Math.round(Math.max(0, Math.min(1, (d - lo) / span)) * 255);
            }
            out[i] = (byte) (invert ? 255 - g : g);
        }
        return out;
    }
}
