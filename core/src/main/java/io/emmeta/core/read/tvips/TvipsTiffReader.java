package io.emmeta.core.read.tvips;

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

/** TVIPS (EM-MENU) TIFFs: the plain TIFF reading plus the TVIPS header the private tag 37706 points to. */
public final class TvipsTiffReader implements Reader {

    public static final FormatSpec FORMAT = new FormatSpec("tiff/tvips", "TVIPS", Technique.TEM, FormatSpec.TIFF_ENDINGS);

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container == ContainerKind.TIFF && probe.tiff().declares(TiffTags.TVIPS)) {
            return Optional.of(Sniff.certain(FORMAT, "tiff", "tag 37706 (TVIPS header) present"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        return PlainTiffReader.read(probe, (p, first, root, warnings) -> {
            Long at = first.integer(TiffTags.TVIPS);
            if (at != null) {
                // the tag holds where the EM-MENU header lies in the file, not the header itself
                TvipsHeader.read(p.source(), at, root.section("tvips"), warnings);
            }
        });
    }
}
