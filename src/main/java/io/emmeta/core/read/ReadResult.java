package io.emmeta.core.read;

import java.util.List;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.problem.Problem;

/**
 * What a reader found.
 *
 * @param original the complete vendor tree (kept in the record as is)
 * @param primary  the part the mapping step reads (for a Velox file: the first image's metadata); the whole
 *                 tree for single-block formats
 * @param warnings what was read only in part, with typed codes
 */
public record ReadResult(MetadataTree original, MetadataTree primary, List<Problem> warnings) {

    public ReadResult {
        warnings = List.copyOf(warnings);
    }

    public static ReadResult of(MetadataTree tree, List<Problem> warnings) {
        return new ReadResult(tree, tree, warnings);
    }
}
