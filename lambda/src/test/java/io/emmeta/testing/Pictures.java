package io.emmeta.testing;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/** Measures of a decoded preview that the preview tests share. */
public final class Pictures {

    private Pictures() {
    }

    /** The standard deviation of the first band's samples: a blank picture has none to speak of. */
    public static double spread(BufferedImage img) {
        Raster r = img.getRaster();
        if (r.getNumBands() == 0) {
            return 0;
        }
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                double v = r.getSampleDouble(x, y, 0);
                sum += v;
                sq += v * v;
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sq / n - mean * mean));
    }
}
