package io.emmeta.core.format;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A sidecar format, declared by its reader: a text file written beside an image that holds the image's acquisition
 * metadata. Pairing goes by name — the one place names matter; what each file IS is still decided by its content.
 *
 * @param sidecar        the sidecar's format
 * @param imageSuffixes  the endings of the images it completes, lower case ({@code .tif}), or a name tail
 *                       ({@code _movie.mrc}) when the writer names the pair by more than the extension
 * @param sidecarSuffix  the sidecar's own ending ({@code .txt}) or name tail ({@code _info.txt}), lower case
 * @param completes      ids of image formats that have a mapping table of their own but a thin one, so the sidecar
 *                       is mapped even so (an MRC maps only its pixel size; DE's info file everything else)
 */
public record SidecarRule(FormatSpec sidecar, List<String> imageSuffixes, String sidecarSuffix, Set<String> completes) {

    public SidecarRule {
        imageSuffixes = List.copyOf(imageSuffixes);
        completes = Set.copyOf(completes);
        for (String s : imageSuffixes) {
            requireLower(s);
        }
        requireLower(sidecarSuffix);
    }

    public SidecarRule(FormatSpec sidecar, List<String> imageSuffixes, String sidecarSuffix) {
        this(sidecar, imageSuffixes, sidecarSuffix, Set.of());
    }

    /**
     * True for a rule that pairs by a name tail ({@code _info.txt}, or an image's {@code _1.ser} beside TIA's
     * {@code .emi}) rather than by the extension alone.
     */
    public boolean byNameTail() {
        return !sidecarSuffix.startsWith(".") || imageSuffixes.stream().anyMatch(s -> !s.startsWith("."));
    }

    private static void requireLower(String s) {
        if (!s.equals(s.toLowerCase(Locale.ROOT)) || s.isEmpty()) {
            throw new IllegalArgumentException("sidecar pairing suffixes are lower case: " + s);
        }
    }
}
