package io.emmeta.core.read.thermo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffContainer;
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
 * Phenom desktop SEM TIFFs: xT's FEI_TITAN tag (34683) alone, holding a {@code <FeiImage>} XML document. The plain TIFF
 * reading plus that document under {@code FeiImage}.
 */
public final class PhenomTiffReader implements Reader {

    public static final FormatSpec FORMAT = new FormatSpec("tiff/thermofisher-phenom", "Thermo Fisher Scientific",
            Technique.SEM, FormatSpec.TIFF_ENDINGS);

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /**
     * Phenom writes the tag xT also writes, so this narrower claim (34683 without xT's other two tags, with a
     * {@code <FeiImage>} root) is asked before {@link ThermoXtTiffReader}'s.
     */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TIFF) {
            return Optional.empty();
        }
        TiffContainer tiff = probe.tiff();
        if (tiff.declares(TiffTags.FEI_TITAN) && !tiff.declares(TiffTags.FEI_HELIOS)
                && !tiff.declares(TiffTags.FEI_SFEG)) {
            String xml = tiff.first().text(TiffTags.FEI_TITAN, StandardCharsets.UTF_8);
            if (xml != null && xml.contains("<FeiImage")) {
                return Optional.of(Sniff.certain(FORMAT, "tiff", "tag 34683 with <FeiImage> root (Phenom)"));
            }
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        return PlainTiffReader.read(probe, (p, first, root, warnings) -> {
            byte[] xml = first.bytes(TiffTags.FEI_TITAN);
            if (xml != null) {
                PlainTiffReader.readXml(root.section("FeiImage"), xml, "tag 34683", warnings);
            }
        });
    }
}
