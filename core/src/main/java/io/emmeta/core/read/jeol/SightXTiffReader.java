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
        return PlainTiffReader.read(probe, PlainTiffReader.VendorBlock.NONE);
    }
}
