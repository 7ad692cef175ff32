package io.emmeta.core.read;

import java.util.List;

import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.source.ByteSource;

/**
 * What a reader found.
 *
 * @param original the complete vendor tree (kept in the record as is)
 * @param primary  the part the mapping step reads (for a Velox file: the first image's metadata); the whole
 *                 tree for single-block formats
 * @param warnings what was read only in part, with typed codes
 * @param variant  for a format written on SEMs and TEMs alike (JEOL Analysis Station): which one this file comes
 *                 from, so the mapping table {@code <format>#<variant>} is used; null for one-technique formats
 * @param image    where the file's first image lies, for the preview; null when the reader did not locate one
 * @param spectrum where the file's spectrum lies (or its counts), for a plotted preview; null when none located
 * @param thumbnail a downscaled copy of {@code image} that the file itself carries (DM's rendered thumbnail), shown
 *                  in its place (or the only image, one embedded in an archive); null when the file has none
 * @param thumbnailBytes where {@code thumbnail}'s offsets point when not into the object itself: the bytes of an
 *                  image that lies compressed inside an archive (Phenom ELID), held decompressed by the reader within
 *                  its memory budget; null: the offsets are the object's
 */
public record ReadResult(MetadataTree original, MetadataTree primary, List<Problem> warnings, String variant,
        ImageRef image, SpectrumRef spectrum, ImageRef thumbnail, ByteSource thumbnailBytes) {

    public ReadResult(MetadataTree original, MetadataTree primary, List<Problem> warnings, String variant,
            ImageRef image, SpectrumRef spectrum) {
        this(original, primary, warnings, variant, image, spectrum, null, null);
    }

    public ReadResult {
        warnings = List.copyOf(warnings);
    }

    public ReadResult(MetadataTree original, MetadataTree primary, List<Problem> warnings, String variant,
            ImageRef image) {
        this(original, primary, warnings, variant, image, null);
    }

    public ReadResult(MetadataTree original, MetadataTree primary, List<Problem> warnings, String variant) {
        this(original, primary, warnings, variant, null);
    }

    public ReadResult(MetadataTree original, MetadataTree primary, List<Problem> warnings) {
        this(original, primary, warnings, null, null);
    }

    public ReadResult withVariant(String v) {
        return new ReadResult(original, primary, warnings, v, image, spectrum, thumbnail, thumbnailBytes);
    }

    /** The same result naming where the image's pixels are (null: none located). */
    public ReadResult withImage(ImageRef ref) {
        return new ReadResult(original, primary, warnings, variant, ref, spectrum, thumbnail, thumbnailBytes);
    }

    /** The same result naming where the spectrum is (null: none located). */
    public ReadResult withSpectrum(SpectrumRef ref) {
        return new ReadResult(original, primary, warnings, variant, image, ref, thumbnail, thumbnailBytes);
    }

    /** The same result naming an embedded downscaled copy of the image (null: none). */
    public ReadResult withThumbnail(ImageRef ref) {
        return new ReadResult(original, primary, warnings, variant, image, spectrum, ref, null);
    }

    /** The same result naming an image embedded in the object, whose offsets point into {@code bytes}. */
    public ReadResult withEmbeddedImage(ImageRef ref, ByteSource bytes) {
        return new ReadResult(original, primary, warnings, variant, image, spectrum, ref, bytes);
    }

    /** The key of the mapping table for this result of a file of format {@code formatId}. */
    public String tableKey(String formatId) {
        return variant == null ? formatId : formatId + "#" + variant;
    }

    public static ReadResult of(MetadataTree tree, List<Problem> warnings) {
        return new ReadResult(tree, tree, warnings);
    }
}
