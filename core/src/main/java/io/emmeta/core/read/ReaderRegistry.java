package io.emmeta.core.read;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.SidecarRule;

/**
 * Which reader handles which format, from an explicit list (nothing is discovered by class-path scanning, so the
 * native image sees every reader). The list's order is the order detection asks the readers' sniffs in.
 */
public final class ReaderRegistry {
    private final List<Reader> readers;
    private final Map<String, Reader> byFormat = new LinkedHashMap<>();
    private final List<SidecarRule> sidecarRules = new ArrayList<>();

    public ReaderRegistry(List<Reader> readers) {
        this.readers = List.copyOf(readers);
        for (Reader r : this.readers) {
            for (FormatSpec f : r.formats()) {
                if (byFormat.put(f.id(), r) != null) {
                    throw new IllegalArgumentException("two readers for " + f.id());
                }
            }
        }
        for (Reader r : this.readers) {
            for (SidecarRule rule : r.sidecarRules()) {
                if (byFormat.get(rule.sidecar().id()) != r) {
                    throw new IllegalArgumentException(r.getClass().getSimpleName() + " declares a sidecar rule for "
                            + rule.sidecar().id() + ", which it does not read");
                }
                sidecarRules.add(rule);
            }
        }
    }

    /** The reader for a format, or null when the format is detected but not (yet) read. */
    public Reader forFormat(FormatSpec format) {
        return byFormat.get(format.id());
    }

    /** The reader for a format id, or null. */
    public Reader forId(String formatId) {
        return byFormat.get(formatId);
    }

    /** Every reader, in the registry's (detection) order. */
    public List<Reader> readers() {
        return readers;
    }

    /** Every format some reader reads, in the registry's order. */
    public List<FormatSpec> formats() {
        return readers.stream().flatMap(r -> r.formats().stream()).toList();
    }

    /** Every sidecar rule the readers declare, in the registry's order. */
    public List<SidecarRule> sidecarRules() {
        return List.copyOf(sidecarRules);
    }
}
