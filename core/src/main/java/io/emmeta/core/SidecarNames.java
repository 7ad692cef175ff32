package io.emmeta.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which objects may form an image + sidecar pair: JEOL and Hitachi ({@code image000.tif} + {@code image000.txt}),
 * TESCAN ({@code image.tif} + {@code image.hdr}) and DirectElectron ({@code 20230925_00012_movie.mrc} +
 * {@code 20230925_00012_info.txt}, DE-Server's naming). Pairing goes by name — the one place names matter; what each
 * file IS is still decided by its content.
 */
public final class SidecarNames {

    private static final List<String> IMAGE_EXTENSIONS = List.of(".tif", ".tiff", ".TIF", ".TIFF", ".bmp", ".BMP",
            ".jpg", ".JPG", ".jpeg", ".JPEG");
    private static final List<String> SIDECAR_EXTENSIONS = List.of(".txt", ".TXT", ".hdr", ".HDR");
    private static final String DE_MOVIE = "_movie.mrc";
    private static final String DE_INFO = "_info.txt";

    private SidecarNames() {
    }

    /** Any case: the trigger delivers {@code .Tif} as well as {@code .tif}, so pairing must look for its sidecar too. */
    public static boolean isImageName(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(e -> k.endsWith(e.toLowerCase(Locale.ROOT))) || key.endsWith(DE_MOVIE);
    }

    public static boolean isSidecarName(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith(".txt") || k.endsWith(".hdr");
    }

    /** Possible sidecars of an image, most likely first. */
    public static List<String> sidecarsOf(String imageKey) {
        List<String> out = new ArrayList<>();
        if (imageKey.endsWith(DE_MOVIE)) {
            out.add(imageKey.substring(0, imageKey.length() - DE_MOVIE.length()) + DE_INFO);
            return out;
        }
        String stem = stem(imageKey);
        SIDECAR_EXTENSIONS.forEach(e -> out.add(stem + e));
        return out;
    }

    /** Possible images of a sidecar, most likely first. */
    public static List<String> imagesOf(String sidecarKey) {
        List<String> out = new ArrayList<>();
        if (sidecarKey.endsWith(DE_INFO)) {
            out.add(sidecarKey.substring(0, sidecarKey.length() - DE_INFO.length()) + DE_MOVIE);
        }
        String stem = stem(sidecarKey);
        IMAGE_EXTENSIONS.forEach(e -> out.add(stem + e));
        return out;
    }

    /**
     * Every name ending a half of a pair can carry (lower case): an image's upload completes a pair as much as its
     * sidecar's, so the deployment's trigger needs both even where the image alone is not a format we read.
     */
    public static java.util.Set<String> pairEndings() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        IMAGE_EXTENSIONS.forEach(e -> out.add(e.toLowerCase(Locale.ROOT)));
        SIDECAR_EXTENSIONS.forEach(e -> out.add(e.toLowerCase(Locale.ROOT)));
        out.add(DE_MOVIE.substring(DE_MOVIE.lastIndexOf('.')));
        out.add(DE_INFO.substring(DE_INFO.lastIndexOf('.')));
        return out;
    }

    static String stem(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        return dot > slash ? key.substring(0, dot) : key;
    }
}
