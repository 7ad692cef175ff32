package io.emmeta.adapter.lambda;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings, from application.properties or environment variables (EMMETA_OUTPUT_METADATA_SUFFIX, ...). */
@ConfigMapping(prefix = "emmeta")
public interface EmmetaConfig {

    Output output();

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
    }
}
