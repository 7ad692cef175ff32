package io.emmeta.core.read;

import java.io.IOException;
import java.util.Set;

import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.Detection;
import io.emmeta.core.detect.Format;
import io.emmeta.core.problem.ExtractionException;

/**
 * One reader per format: turns the vendor's bytes into the vendor's own tree of typed values. A reader knows
 * its format only; it does not map to any schema.
 */
public interface Reader {

    /** The formats this reader handles. */
    Set<Format> formats();

    /**
     * Reads the vendor metadata. Throws {@link ExtractionException} with a typed code when the file cannot be
     * read at all; problems that lose only part of the metadata go into {@link ReadResult#warnings()}.
     */
    ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException;
}
