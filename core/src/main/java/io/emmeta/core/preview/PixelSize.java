package io.emmeta.core.preview;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The image's pixel size in metres, from the mapped schema document: the SEM schema's
 * {@code entry.instrument.imaging.pixelSize.xPixelSize} or the TEM schema's
 * {@code instrument.detector.pixelSizeImage.xPixelSize}, each a {@code {value, unit}} with units such as
 * {@code nm/pixel}, {@code µm} or {@code m}. Null when absent or in a unit that is not a length (a diffraction
 * calibration in 1/nm gets no scale bar).
 */
public final class PixelSize {

    private PixelSize() {
    }

    public static Double metres(JsonNode document) {
        return first(document, "/entry/instrument/imaging/pixelSize/xPixelSize",
                "/instrument/detector/pixelSizeImage/xPixelSize");
    }

    /**
     * The mapped document's pixel size, else the one the reader derived where the writer is known to mean it
     * ({@code derived/pixelSize/x} of the original tree: ImageJ's 1/XResolution in its declared unit). A file with
     * no schema to map into (ImageJ names no technique) still states its pixel size, and its preview shows it.
     */
    public static Double metres(JsonNode document, JsonNode original) {
        Double mapped = metres(document);
        return mapped != null ? mapped : first(original, "/derived/pixelSize/x");
    }

    private static Double first(JsonNode node, String... paths) {
        if (node == null) {
            return null;
        }
        for (String path : paths) {
            JsonNode q = node.at(path);
            if (q.isObject() && q.path("value").isNumber() && q.path("unit").isTextual()) {
                Double factor = factor(q.get("unit").asText());
                double v = q.get("value").asDouble();
                if (factor != null && v > 0 && Double.isFinite(v)) {
                    return v * factor;
                }
            }
        }
        return null;
    }

    /** Metres per unit of a length unit, "per pixel" or not; null when the unit is not a length. */
    static Double factor(String unit) {
        String u = unit.strip();
        int slash = u.indexOf('/');
        if (slash == 0) {
            return null; // 1/nm and the like
        }
        if (slash > 0) {
            String per = u.substring(slash + 1).strip().toLowerCase(Locale.ROOT);
            if (!per.equals("pixel") && !per.equals("px") && !per.equals("pix")) {
                return null;
            }
            u = u.substring(0, slash).strip();
        }
        return switch (u) {
            case "m" -> 1.0;
            case "mm" -> 1e-3;
            case "\u00b5m", "\u03bcm", "um" -> 1e-6; // micro sign, Greek mu, ASCII
            case "nm" -> 1e-9;
            case "pm" -> 1e-12;
            case "\u00c5", "\u212b", "A" -> 1e-10; // the letter and the 'angstrom sign'
            default -> null;
        };
    }
}
