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
 * @param appended       true when the sidecar's name is the image's whole name, extension included, plus
 *                       {@code sidecarSuffix} (SerialEM: {@code x.mrc} + {@code x.mrc.mdoc}); false when the suffix
 *                       replaces the image's extension or name tail
 */
public record SidecarRule(FormatSpec sidecar, List<String> imageSuffixes, String sidecarSuffix, Set<String> completes,
        boolean appended) {

    public SidecarRule {
        imageSuffixes = List.copyOf(imageSuffixes);
        completes = Set.copyOf(completes);
        for (String s : imageSuffixes) {
            requireLower(s);
        }
        requireLower(sidecarSuffix);
    }

    public SidecarRule(FormatSpec sidecar, List<String> imageSuffixes, String sidecarSuffix, Set<String> completes) {
        this(sidecar, imageSuffixes, sidecarSuffix, completes, false);
    }

    public SidecarRule(FormatSpec sidecar, List<String> imageSuffixes, String sidecarSuffix) {
        this(sidecar, imageSuffixes, sidecarSuffix, Set.of());
    }

    /**
     * A sidecar named by the image's whole name plus {@code sidecarSuffix}: {@code x.mrc} + {@code x.mrc.mdoc}. The
     * image suffixes are extensions here ({@code .mrc}), compared in any case, since the image's name is kept as
     * written inside the sidecar's.
     */
    public static SidecarRule appendedToImageName(FormatSpec sidecar, List<String> imageExtensions,
            String sidecarSuffix, Set<String> completes) {
        return new SidecarRule(sidecar, imageExtensions, sidecarSuffix, completes, true);
    }

    /**
     * True for a rule that pairs by a name tail ({@code _info.txt}, or an image's {@code _1.ser} beside TIA's
     * {@code .emi}) rather than by the extension alone.
     */
    public boolean byNameTail() {
        return !appended && (!sidecarSuffix.startsWith(".") || imageSuffixes.stream().anyMatch(s -> !s.startsWith(".")));
    }

    /** For an appended rule: the image name inside {@code sidecarKey}, or null when the key is not such a sidecar. */
    public String imageOfAppended(String sidecarKey) {
        if (!appended || !endsWithIgnoreCase(sidecarKey, sidecarSuffix)) {
            return null;
        }
        String image = sidecarKey.substring(0, sidecarKey.length() - sidecarSuffix.length());
        return hasImageName(image) ? image : null;
    }

    /** For an appended rule: the sidecar's name for {@code imageKey}, or null when the rule does not take it. */
    public String sidecarOfAppended(String imageKey) {
        return appended && hasImageName(imageKey) ? imageKey + sidecarSuffix : null;
    }

    /** Ends with one of the image extensions, with a name before it: {@code .mrc} alone is no image name. */
    private boolean hasImageName(String key) {
        int name = key.length() - key.lastIndexOf('/') - 1;
        return imageSuffixes.stream().anyMatch(e -> endsWithIgnoreCase(key, e) && name > e.length());
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.length() >= suffix.length()
                && s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }

    private static void requireLower(String s) {
        if (!s.equals(s.toLowerCase(Locale.ROOT)) || s.isEmpty()) {
            throw new IllegalArgumentException("sidecar pairing suffixes are lower case: " + s);
        }
    }
}
