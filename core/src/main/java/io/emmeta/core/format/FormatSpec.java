package io.emmeta.core.format;

import java.util.List;
import java.util.Locale;

/**
 * One kind of file, declared by the reader that reads it (or, for kinds we only name, by {@link NamedFormats}). The id
 * is the key records, mapping tables and tests use, so it never changes once published.
 *
 * @param id         stable key, e.g. {@code tiff/zeiss-smartsem}
 * @param vendor     who writes it, null for community formats
 * @param technique  which community schema its document targets
 * @param extensions the name endings (lower case, with the dot) its uploads carry in the wild. Detection never looks
 *                   at them; they decide which uploads the deployment's trigger hands to the function at all, so a
 *                   format with a reader must list every ending its files use.
 */
public record FormatSpec(String id, String vendor, Technique technique, List<String> extensions) {

    public FormatSpec {
        extensions = List.copyOf(extensions);
        for (String e : extensions) {
            if (!e.startsWith(".") || !e.equals(e.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(id + ": an ending is lower case with its dot: " + e);
            }
        }
    }

    /** A kind no upload is expected to carry by name (detected only, never a trigger). */
    public static FormatSpec unnamed(String id, String vendor, Technique technique) {
        return new FormatSpec(id, vendor, technique, List.of());
    }

    /** TIFF endings, shared by every TIFF kind. */
    public static final List<String> TIFF_ENDINGS = List.of(".tif", ".tiff");

    @Override
    public String toString() {
        return id;
    }
}
