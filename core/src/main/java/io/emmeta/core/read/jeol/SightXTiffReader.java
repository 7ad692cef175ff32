package io.emmeta.core.read.jeol;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Units;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.tiff.PlainTiffReader;

/**
 * JEOL SightX TEM TIFFs: a {@code <TemReporter>} XML document in the standard ImageDescription tag, which the plain TIFF
 * reading already parses (under {@code ImageDescription}); the format of its own gives it its TEM mapping table.
 */
public final class SightXTiffReader implements Reader {

    public static final FormatSpec FORMAT = new FormatSpec("tiff/jeol-sightx", "JEOL", Technique.TEM,
            FormatSpec.TIFF_ENDINGS);

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** A signature in a standard tag any writer may fill, so it is asked after every vendor's private tag. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TIFF) {
            return Optional.empty();
        }
        String desc = probe.tiff().first().ascii(TiffTags.IMAGE_DESCRIPTION);
        if (desc != null && desc.contains("<TemReporter")) {
            return Optional.of(Sniff.certain(FORMAT, "tiff", "ImageDescription holds <TemReporter> XML"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        return PlainTiffReader.read(probe, (p, first, root, warnings) -> {
            cameraLength(root);
            pixelSize(root);
        });
    }

    private static final String PIXELS_PER_METER = "ImageDescription/JemBaumerCamera/Parameter/ImageDataInformation/"
            + "PixelsPerMeter/";

    /**
     * derived/pixelSize in TEM imaging (EosMode eosTEM, ModeString MAG, magnification in X): the camera's
     * PixelsPerMeter is its pixel pitch at the plane it images (the SightX measurement tool scales lengths with it and
     * the magnification; the TIFF's 93 dpi is the same pitch rounded to whole dots per inch, which HyperSpy uses), so
     * one pixel on the specimen is 1 / (PixelsPerMeter × magnification). Not in diffraction or STEM, where the
     * selector is a camera length or the scan sets the pixel.
     */
    static void pixelSize(MetadataTree root) {
        String form = "ImageDescription/ImageFormingSystem/";
        if (!"eosTEM".equals(root.text("ImageDescription/Eos/EosMode")) || !"MAG".equals(root.text(form + "ModeString"))
                || !"X".equals(root.text(form + "SelectorUnitString"))) {
            return;
        }
        Value mag = root.get(form + "SelectorValue");
        Value h = root.get(PIXELS_PER_METER + "Horizontal");
        Value v = root.get(PIXELS_PER_METER + "Vertical");
        if (mag == null || !mag.isNumber() || mag.asDouble() <= 0 || h == null || !h.isNumber() || h.asDouble() <= 0) {
            return;
        }
        MetadataTree p = root.section("derived").section("pixelSize");
        p.put("x", new Value(1.0 / (h.asDouble() * mag.asDouble()), "m", "1 / (PixelsPerMeter × magnification)"));
        if (v != null && v.isNumber() && v.asDouble() > 0) {
            p.put("y", new Value(1.0 / (v.asDouble() * mag.asDouble()), "m", "1 / (PixelsPerMeter × magnification)"));
        }
    }

    private static final java.util.regex.Pattern LENGTH = java.util.regex.Pattern.compile(
            "([0-9]+(?:\\.[0-9]+)?)\\s*([a-zµ]*m)");

    /**
     * derived/cameraLength: in diffraction the lens selector is the camera length (SelectorValue in
     * SelectorUnitString, "cm"; in imaging it is the magnification, unit "X"); in STEM (EosMode eosASID) the
     * DetectAngleString ("40cm") is the camera length the scanning detectors see. Elsewhere the DetectAngle keys only
     * keep the last STEM setting, so they are not used.
     */
    static void cameraLength(MetadataTree root) {
        String unit = root.text("ImageDescription/ImageFormingSystem/SelectorUnitString");
        Value selector = root.get("ImageDescription/ImageFormingSystem/SelectorValue");
        if (unit != null && isLength(unit.strip()) && selector != null && selector.isNumber()
                && selector.asDouble() > 0) {
            root.section("derived").put("cameraLength", new Value(selector.asDouble(), unit.strip(),
                    "diffraction camera length (lens selector)"));
            return;
        }
        String detect = root.text("ImageDescription/ImageFormingSystem/DetectAngleString");
        if ("eosASID".equals(root.text("ImageDescription/Eos/EosMode")) && detect != null) {
            java.util.regex.Matcher m = LENGTH.matcher(detect.strip());
            if (m.matches() && isLength(m.group(2)) && Double.parseDouble(m.group(1)) > 0) {
                root.section("derived").put("cameraLength", new Value(Double.parseDouble(m.group(1)), m.group(2),
                        "STEM camera length (DetectAngleString)"));
            }
        }
    }

    private static boolean isLength(String unit) {
        try {
            Units.convert(1.0, unit, "m");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
