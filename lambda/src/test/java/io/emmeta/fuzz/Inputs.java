package io.emmeta.fuzz;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.emmeta.core.Readers;
import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.FormatDetector;
import io.emmeta.core.format.Detection;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.ReaderRegistry;
import io.emmeta.testing.InMemory;
import io.emmeta.testing.TiffBuilder;

/** What the fuzz targets share: wrapping fuzz bytes into containers, and detection + reading over memory. */
final class Inputs {

    static final FormatDetector DETECTOR = new FormatDetector(io.emmeta.core.Readers.registry());
    static final ReaderRegistry READERS = new ReaderRegistry(Readers.all());
    static final Charset CP1252 = Charset.forName("windows-1252");

    private Inputs() {
    }

    /** A minimal one-page TIFF carrying {@code payload} as the given vendor tag (ASCII type, as vendors write). */
    static byte[] tiffWith(int tag, byte[] payload) {
        return TiffBuilder.classic().image(1024, 768).ascii(tag, payload).build();
    }

    static byte[] utf16le(byte[] cp1252) {
        return new String(cp1252, CP1252).getBytes(StandardCharsets.UTF_16LE);
    }

    /**
     * Detection, then the reader for what was detected, over the bytes in memory. Returns the result (null when no
     * reader serves the format); throws only what the production code throws.
     */
    static ReadResult detectAndRead(byte[] bytes) throws IOException, ExtractionException {
        try (Probe probe = new Probe(InMemory.source(bytes), "fuzz-input")) {
            Detection d = DETECTOR.detect(probe);
            Reader r = READERS.forFormat(d.format());
            return r == null ? null : r.read(probe, d);
        }
    }
}
