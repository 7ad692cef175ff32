package io.emmeta.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.emmeta.core.format.SidecarRule;

/**
 * Which objects may form an image + sidecar pair, from the sidecar rules the readers declare (JEOL and Hitachi:
 * {@code image000.tif} + {@code image000.txt}; TESCAN: {@code image.tif} + {@code image.hdr}; DirectElectron:
 * {@code 20230925_00012_movie.mrc} + {@code 20230925_00012_info.txt}, DE-Server's naming; SerialEM: {@code x.mrc} +
 * {@code x.mrc.mdoc}, the image's whole name plus a suffix). Pairing goes by name — the one place names matter; what
 * each file IS is still decided by its content.
 */
public final class SidecarNames {

    private SidecarNames() {
    }

    /** The rules' endings and name tails, gathered once from the registry. */
    private static final class Rules {
        /** Image extensions of every rule, each as written by instruments: lower and upper case. */
        static final List<String> IMAGE_EXTENSIONS;
        /** Sidecar extensions of every rule, lower and upper case. */
        static final List<String> SIDECAR_EXTENSIONS;
        /** Rules pairing by a name tail ({@code _movie.mrc} / {@code _info.txt}), compared as written. */
        static final List<SidecarRule> BY_NAME_TAIL;
        /** Rules whose sidecar is the image's whole name plus a suffix ({@code x.mrc.mdoc}), any case. */
        static final List<SidecarRule> APPENDED;

        static {
            Set<String> images = new LinkedHashSet<>();
            Set<String> sidecars = new LinkedHashSet<>();
            List<SidecarRule> tails = new ArrayList<>();
            List<SidecarRule> appended = new ArrayList<>();
            for (SidecarRule r : Readers.registry().sidecarRules()) {
                if (r.appended()) {
                    appended.add(r);
                    continue;
                }
                if (r.byNameTail()) {
                    tails.add(r);
                    continue;
                }
                r.imageSuffixes().forEach(images::add);
                sidecars.add(r.sidecarSuffix());
            }
            IMAGE_EXTENSIONS = bothCases(images);
            SIDECAR_EXTENSIONS = bothCases(sidecars);
            BY_NAME_TAIL = List.copyOf(tails);
            APPENDED = List.copyOf(appended);
        }

        private static List<String> bothCases(Set<String> lower) {
            List<String> out = new ArrayList<>();
            lower.forEach(e -> {
                out.add(e);
                out.add(e.toUpperCase(Locale.ROOT));
            });
            return List.copyOf(out);
        }
    }

    /** Any case: the trigger delivers {@code .Tif} as well as {@code .tif}, so pairing must look for its sidecar too. */
    public static boolean isImageName(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return Rules.IMAGE_EXTENSIONS.stream().anyMatch(e -> k.endsWith(e.toLowerCase(Locale.ROOT)))
                || Rules.BY_NAME_TAIL.stream().anyMatch(r -> r.imageSuffixes().stream().anyMatch(key::endsWith))
                || Rules.APPENDED.stream().anyMatch(r -> r.sidecarOfAppended(key) != null);
    }

    public static boolean isSidecarName(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return Rules.SIDECAR_EXTENSIONS.stream().anyMatch(e -> k.endsWith(e.toLowerCase(Locale.ROOT)))
                || Rules.BY_NAME_TAIL.stream().anyMatch(r -> key.endsWith(r.sidecarSuffix()))
                || Rules.APPENDED.stream().anyMatch(r -> r.imageOfAppended(key) != null);
    }

    /** Possible sidecars of an image, most likely first. */
    public static List<String> sidecarsOf(String imageKey) {
        List<String> out = new ArrayList<>();
        for (SidecarRule r : Rules.BY_NAME_TAIL) {
            for (String image : r.imageSuffixes()) {
                if (imageKey.endsWith(image)) {
                    out.add(imageKey.substring(0, imageKey.length() - image.length()) + r.sidecarSuffix());
                }
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        String stem = stem(imageKey);
        Rules.SIDECAR_EXTENSIONS.forEach(e -> out.add(stem + e));
        for (SidecarRule r : Rules.APPENDED) {
            String sidecar = r.sidecarOfAppended(imageKey);
            if (sidecar != null && !out.contains(sidecar)) {
                out.add(sidecar);
            }
        }
        return out;
    }

    /** Possible images of a sidecar, most likely first. */
    public static List<String> imagesOf(String sidecarKey) {
        List<String> out = new ArrayList<>();
        for (SidecarRule r : Rules.APPENDED) {
            String image = r.imageOfAppended(sidecarKey);
            if (image != null) {
                // the image's name is written out in full: no other candidate (x.mrc.mdoc is not x.mrc's .tif)
                return List.of(image);
            }
        }
        for (SidecarRule r : Rules.BY_NAME_TAIL) {
            if (sidecarKey.endsWith(r.sidecarSuffix())) {
                String stem = sidecarKey.substring(0, sidecarKey.length() - r.sidecarSuffix().length());
                r.imageSuffixes().forEach(image -> out.add(stem + image));
            }
        }
        String stem = stem(sidecarKey);
        Rules.IMAGE_EXTENSIONS.forEach(e -> out.add(stem + e));
        return out;
    }

    /**
     * Every name ending a half of a pair can carry (lower case): an image's upload completes a pair as much as its
     * sidecar's, so the deployment's trigger needs both even where the image alone is not a format we read.
     */
    public static Set<String> pairEndings() {
        Set<String> out = new TreeSet<>();
        Rules.IMAGE_EXTENSIONS.forEach(e -> out.add(e.toLowerCase(Locale.ROOT)));
        Rules.SIDECAR_EXTENSIONS.forEach(e -> out.add(e.toLowerCase(Locale.ROOT)));
        for (SidecarRule r : Rules.BY_NAME_TAIL) {
            r.imageSuffixes().forEach(s -> out.add(s.substring(s.lastIndexOf('.'))));
            out.add(r.sidecarSuffix().substring(r.sidecarSuffix().lastIndexOf('.')));
        }
        for (SidecarRule r : Rules.APPENDED) {
            out.addAll(r.imageSuffixes());
            out.add(r.sidecarSuffix().substring(r.sidecarSuffix().lastIndexOf('.')));
        }
        return out;
    }

    static String stem(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        return dot > slash ? key.substring(0, dot) : key;
    }
}
