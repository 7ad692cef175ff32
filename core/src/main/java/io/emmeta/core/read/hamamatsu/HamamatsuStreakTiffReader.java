package io.emmeta.core.read.hamamatsu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.NamedFormats;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.tiff.PlainTiffReader;

/**
 * Hamamatsu HPD-TA TIFFs (streak and ORCA cameras): the baseline tags as any TIFF, and the ImageDescription, which is
 * the same {@code [Section],Key=Value,...} comment as the {@code .img} files carry, read by that format's parser into
 * {@code comment/} (the generic INI reading would glue each section's first key to its name). The detector names this
 * kind from its Artist/ImageDescription signature, so this reader claims nothing itself.
 */
public final class HamamatsuStreakTiffReader implements Reader {

    @Override
    public List<FormatSpec> formats() {
        return List.of(NamedFormats.HAMAMATSU_TIFF);
    }

    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) {
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        return PlainTiffReader.read(probe, HamamatsuStreakTiffReader::comment, false);
    }

    private static void comment(Probe probe, TiffPage first, MetadataTree root, List<Problem> warnings) {
        String desc = first.text(TiffPage.IMAGE_DESCRIPTION, StandardCharsets.UTF_8);
        if (desc == null || desc.isBlank()) {
            warnings.add(new Problem(ErrorCode.MAPPING, "no ImageDescription: the HPD-TA comment (date, camera,"
                    + " exposure) is missing"));
            return;
        }
        String text = desc.length() > HamamatsuImgReader.MAX_COMMENT ? desc.substring(0, HamamatsuImgReader.MAX_COMMENT)
                : desc;
        if (HamamatsuImgReader.parse(text, root.section("comment"), warnings) == 0) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, "ImageDescription holds no [Section],Key=Value records"));
            return;
        }
        HamamatsuImgReader.derive(root, warnings);
    }
}
