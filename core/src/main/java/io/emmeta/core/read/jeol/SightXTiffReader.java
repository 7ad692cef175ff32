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
        return PlainTiffReader.read(probe, (p, first, root, warnings) -> cameraLength(root));
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
