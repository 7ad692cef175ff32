package io.emmeta.core.read;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.emmeta.core.detect.Format;

/** Which reader handles which format; an explicit list, so nothing is discovered by class-path scanning. */
public final class ReaderRegistry {
    private final Map<Format, Reader> byFormat = new EnumMap<>(Format.class);

    public ReaderRegistry(List<Reader> readers) {
        for (Reader r : readers) {
            for (Format f : r.formats()) {
                if (byFormat.put(f, r) != null) {
                    throw new IllegalArgumentException("two readers for " + f);
                }
            }
        }
    }

    /** The reader for a format, or null when the format is detected but not (yet) read. */
    public Reader forFormat(Format format) {
        return byFormat.get(format);
    }
}
