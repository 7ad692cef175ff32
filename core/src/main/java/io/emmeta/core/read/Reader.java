package io.emmeta.core.read;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.SidecarRule;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.problem.ExtractionException;

/**
 * One reader per format family: it owns its formats (ids, endings), how to recognise them (its sniff), its sidecar
 * rules, and turns the vendor's bytes into the vendor's own tree of typed values. A reader knows its format only; it
 * does not map to any schema, and it never imports detection or mapping.
 */
public interface Reader {

    /** The formats this reader reads (each id read by exactly one reader). */
    List<FormatSpec> formats();

    /**
     * Whether the object, already opened as the given container, is one of this reader's formats. Looks only at what
     * the probe has read (head bytes, the parsed TIFF or HDF5 container); empty when the object is not ours or the
     * container is not one we know. Readers of kinds the detector names on its own (generic TIFF, generic HDF5) claim
     * nothing here.
     */
    default Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        return Optional.empty();
    }

    /**
     * For an HDF5 format: the groups and datasets this reader's read visits, so that they are fetched level by level
     * when the file is opened, side by side with the root's, rather than one structure at a time as jHDF walks
     * (issue #15). Null: none beyond the root's. A plan only warms the cache; it never changes what is read.
     */
    default io.emmeta.core.container.hdf5.Hdf5Prefetch.Plan hdf5Walk() {
        return null;
    }

    /** The sidecar formats among this reader's formats, with the names of the images they complete. */
    default List<SidecarRule> sidecarRules() {
        return List.of();
    }

    /**
     * Reads the vendor metadata. Throws {@link ExtractionException} with a typed code when the file cannot be
     * read at all; problems that lose only part of the metadata go into {@link ReadResult#warnings()}.
     */
    ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException;
}
