package io.emmeta.adapter.lambda;

import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings, from application.properties or environment variables (EMMETA_OUTPUT_METADATA_SUFFIX, ...). Every one
 * is documented with its default in README.md.
 */
@ConfigMapping(prefix = "emmeta")
public interface EmmetaConfig {

    Output output();

    Readers readers();

    Limits limits();

    Context context();

    /** Longest time one file's extraction may take before it is stopped with a TIMEOUT record. */
    @WithDefault("30000")
    long extractTimeoutMillis();

    interface Output {
        /** Appended to the upload's key for the schema document. */
        @WithDefault(".metadata.json")
        String metadataSuffix();

        /** Appended to the upload's key for the extraction record. */
        @WithDefault(".extraction.json")
        String extractionSuffix();

        /** Bucket for the documents; empty = the upload's own bucket. */
        Optional<String> bucket();

        /** Prefix before the upload's key for the documents; empty = right beside the upload. */
        Optional<String> prefix();

        /** Write the schema document. */
        @WithDefault("true")
        boolean writeMetadata();

        /** Write the extraction record. */
        @WithDefault("true")
        boolean writeExtraction();

        /** Appended to the upload's key for the preview picture. */
        @WithDefault(".preview.png")
        String previewSuffix();

        /** Write the preview picture of an upload holding an image (a prefix's .emmeta.json can switch it off). */
        @WithDefault("true")
        boolean writePreview();
    }

    interface Readers {
        /** Format ids whose reader is switched off (e.g. hdf5/velox-emd); their files get an unsupported record. */
        Optional<Set<String>> disabled();
    }

    interface Limits {
        /** Objects larger than this get a TOO_LARGE record without being read (default: S3's 5 TiB maximum). */
        @WithDefault("5497558138880")
        long maxObjectSize();
    }

    interface Context {
        /** Look up .emmeta.json context defaults in the upload's folders. */
        @WithDefault("true")
        boolean prefixDefaults();

        /** How long a looked-up defaults document is trusted, in ms. */
        @WithDefault("60000")
        long prefixDefaultsTtlMillis();
    }
}
