package io.emmeta.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which objects may form an image + sidecar pair (JEOL, Hitachi: {@code image000.tif} + {@code image000.txt}).
 * Pairing goes by the file stem — the one place names matter; what each file IS is still decided by its content.
 */
public final class SidecarNames {

    private static final List<String> IMAGE_EXTENSIONS = List.of(".tif", ".tiff", ".TIF", ".TIFF", ".bmp", ".BMP",
            ".jpg", ".JPG", ".jpeg", ".JPEG");
    private static final List<String> SIDECAR_EXTENSIONS = List.of(".txt", ".TXT");

    private SidecarNames() {
    }

    public static boolean isImageName(String key) {
        return IMAGE_EXTENSIONS.stream().anyMatch(key::endsWith);
    }

    public static boolean isSidecarName(String key) {
        return key.toLowerCase(Locale.ROOT).endsWith(".txt");
    }

    /** Possible sidecars of an image, most likely first. */
    public static List<String> sidecarsOf(String imageKey) {
        String stem = stem(imageKey);
        List<String> out = new ArrayList<>();
        SIDECAR_EXTENSIONS.forEach(e -> out.add(stem + e));
        return out;
    }

    /** Possible images of a sidecar, most likely first. */
    public static List<String> imagesOf(String sidecarKey) {
        String stem = stem(sidecarKey);
        List<String> out = new ArrayList<>();
        IMAGE_EXTENSIONS.forEach(e -> out.add(stem + e));
        return out;
    }

    static String stem(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        return dot > slash ? key.substring(0, dot) : key;
    }
}
