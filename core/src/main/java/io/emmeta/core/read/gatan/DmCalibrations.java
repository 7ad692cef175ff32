package io.emmeta.core.read.gatan;

import java.util.ArrayList;
import java.util.List;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Units;
import io.emmeta.core.model.Value;

/**
 * The main image's {@code Calibrations/Dimension/i} (Scale, Units) read as quantities, and which of them are the
 * spatial axes. Written under {@code derived/}: {@code pixelSize/x}, {@code pixelSize/y} (the spatial scales, each in
 * its own unit) and {@code calibration} (the spatial x scale, else a spectrum's energy or a pattern's reciprocal
 * scale), so a table never takes a spectrum's energy or wavelength axis for a pixel size.
 */
final class DmCalibrations {

    /**
     * DigitalMicrograph writes the Ångström as the one letter "A" (dmTest_float32_nonSquare_diffPixelSize.dm4: the
     * Units array of dimension 1 is the single UTF-16 unit 0x0041). A calibration in amperes means nothing, and "A" is
     * the ampere in our unit vocabulary, so the scale gets the Ångström.
     */
    static String unit(String dmUnits) {
        if (dmUnits == null) {
            return null;
        }
        String u = dmUnits.strip();
        return switch (u) {
            case "A" -> "Å";
            case "1/A" -> "1/Å";
            default -> u;
        };
    }

    private DmCalibrations() {
    }

    /** Attaches each dimension's unit to its Scale and writes the derived spatial scales into {@code tags}. */
    static void apply(MetadataTree calibrations, MetadataTree tags) {
        MetadataTree dims = calibrations.getTree("Dimension");
        if (dims == null) {
            return;
        }
        List<Value> scales = new ArrayList<>();
        for (Object o : dims.entries().values()) {
            Value scale = null;
            if (o instanceof MetadataTree d && d.get("Scale") != null && d.get("Scale").isNumber()) {
                String raw = d.text("Units");
                String unit = unit(raw);
                if (unit != null && !unit.isEmpty()) {
                    scale = new Value(d.get("Scale").value(), unit,
                            unit.equals(raw) ? null : "Units '" + raw + "' is DigitalMicrograph's Ångström");
                    d.put("Scale", scale);
                }
            }
            scales.add(scale);
        }
        List<Value> spatial = spatial(scales, tags.text("Meta Data/Format"));
        MetadataTree derived = new MetadataTree();
        if (!spatial.isEmpty()) {
            MetadataTree px = new MetadataTree();
            px.put("x", spatial.get(0));
            if (spatial.size() > 1) {
                px.put("y", spatial.get(1));
            }
            derived.put("pixelSize", px);
            derived.put("calibration", spatial.get(0));
        } else if (!scales.isEmpty() && scales.get(0) != null && dimension(scales.get(0)) != Units.Dimension.LENGTH) {
            derived.put("calibration", scales.get(0)); // a spectrum's eV per channel, a pattern's 1/nm per pixel
        }
        if (!derived.isEmpty()) {
            tags.put("derived", derived);
        }
    }

    /**
     * The spatial scales in x, y order. A DM spectrum image keeps its spectral axis first when it is a line scan (2
     * dimensions: channel, position) and last when it is a map (3: x, y, channel) — so a CL wavelength in nm is not
     * a pixel size; a spectrum (1 dimension) has none. Any other image: its length-calibrated dimensions.
     */
    static List<Value> spatial(List<Value> scales, String format) {
        List<Value> candidates = new ArrayList<>(scales);
        if (format != null && format.strip().toLowerCase(java.util.Locale.ROOT).startsWith("spectrum")) {
            if (candidates.size() == 3) {
                candidates.remove(2);
            } else if (!candidates.isEmpty()) {
                candidates.remove(0);
            }
        }
        List<Value> out = new ArrayList<>();
        for (Value v : candidates) {
            if (v != null && dimension(v) == Units.Dimension.LENGTH) {
                out.add(v);
            }
        }
        return out;
    }

    private static Units.Dimension dimension(Value v) {
        Units.Unit u = Units.parse(v.unit());
        return u == null ? null : u.dimension();
    }
}
