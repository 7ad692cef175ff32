package io.emmeta.core.format;

/** How strongly a sniff's evidence names its format. */
public enum Confidence {
    /**
     * A magic number, a private tag, a root element or key line that the format's writer puts there: the first such
     * claim (in the registry's order, see {@code io.emmeta.core.Readers}) ends detection.
     */
    CERTAIN,
    /**
     * Only the header's numbers agree with the object (an MRC without its 'MAP ' stamp, an EDAX .spc, which has no
     * magic): taken only when no reader makes a certain claim and no container-level magic (DICOM, ZIP) matches.
     */
    PROBABLE
}
