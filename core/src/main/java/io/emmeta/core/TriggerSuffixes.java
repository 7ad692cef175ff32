package io.emmeta.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.emmeta.core.format.FormatSpec;

/**
 * Which uploads the deployment hands to the function: the name endings of every format some reader reads, plus the
 * endings of both halves of a sidecar pair. Derived from the registry ({@link Readers}) and each reader's
 * {@link FormatSpec#extensions()} — the one list of formats the code has — so the trigger cannot drift from the readers (the deployment's generated
 * trigger file is checked against this by a test). Our own outputs end in {@code .json} and are never matched.
 */
public final class TriggerSuffixes {

    private TriggerSuffixes() {
    }

    /** Every ending, lower case, sorted. */
    public static List<String> all() {
        Set<String> out = new TreeSet<>();
        for (FormatSpec f : Readers.registry().formats()) {
            f.extensions().forEach(e -> out.add(e.toLowerCase(Locale.ROOT)));
        }
        out.addAll(SidecarNames.pairEndings());
        return List.copyOf(out);
    }

    /** Whether an object of this key reaches the function under an ending-ignoring-case filter (EventBridge). */
    public static boolean matches(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return all().stream().anyMatch(k::endsWith);
    }

    /**
     * The spellings an S3 notification filter (which compares case-sensitively, one suffix per configuration) gets
     * for an ending: as written in lower case, in upper case, and capitalised ({@code .tif .TIF .Tif}) — what
     * instruments and operating systems actually write. Other mixtures reach the function only through the
     * EventBridge trigger, which ignores case.
     */
    public static List<String> spellings(String ending) {
        String lower = ending.toLowerCase(Locale.ROOT);
        String upper = ending.toUpperCase(Locale.ROOT);
        String capital = lower.startsWith(".") && lower.length() > 1
                ? "." + Character.toUpperCase(lower.charAt(1)) + lower.substring(2) : lower;
        return List.copyOf(new LinkedHashSet<>(List.of(lower, upper, capital)));
    }

    /** Every S3-notification suffix: each ending in each of its {@link #spellings}. */
    public static List<String> s3Suffixes() {
        List<String> out = new ArrayList<>();
        all().forEach(e -> out.addAll(spellings(e)));
        return out;
    }
}
