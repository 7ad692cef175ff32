package io.emmeta.core.format;

import java.util.List;

/**
 * A reader's claim on an object, made from the already-read probe (head bytes, parsed TIFF or HDF5 container).
 *
 * @param format     which of the reader's formats the object is
 * @param container  the container name recorded with the detection ({@code tiff}, {@code hdf5}, {@code mrc}, ...)
 * @param confidence whether the claim ends detection
 * @param evidence   why, in words a record can show (the detector puts the container's own evidence first)
 */
public record Sniff(FormatSpec format, String container, Confidence confidence, List<String> evidence) {

    public Sniff {
        evidence = List.copyOf(evidence);
    }

    public static Sniff certain(FormatSpec format, String container, List<String> evidence) {
        return new Sniff(format, container, Confidence.CERTAIN, evidence);
    }

    public static Sniff certain(FormatSpec format, String container, String evidence) {
        return certain(format, container, List.of(evidence));
    }

    public static Sniff probable(FormatSpec format, String container, String evidence) {
        return new Sniff(format, container, Confidence.PROBABLE, List.of(evidence));
    }
}
