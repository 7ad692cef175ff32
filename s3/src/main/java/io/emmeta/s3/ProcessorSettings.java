package io.emmeta.s3;

import io.emmeta.core.output.OutputNames;

/**
 * How uploads are processed and where documents go.
 *
 * @param names             suffixes appended to the upload's key
 * @param outputBucket      bucket for the documents; null = the upload's own bucket
 * @param outputPrefix      prefix before the upload's key for the documents ("" = right beside it)
 * @param writeMetadata     write {@code <key>.metadata.json}
 * @param writeExtraction   write {@code <key>.extraction.json}
 * @param timeoutMillis     per-file extraction limit
 * @param maxObjectSize     larger objects get a TOO_LARGE record without being read
 * @param prefixDefaults    look up {@code .emmeta.json} context defaults in the upload's folders
 * @param prefixDefaultsTtl how long a looked-up defaults document is trusted, in ms
 * @param writePreview      write {@code <key>.preview.png} for an upload holding an image or a spectrum (a prefix's
 *                          {@code .emmeta.json} can switch it off with {@code "preview": false})
 */
public record ProcessorSettings(OutputNames names, String outputBucket, String outputPrefix, boolean writeMetadata,
        boolean writeExtraction, long timeoutMillis, long maxObjectSize, boolean prefixDefaults,
        long prefixDefaultsTtl, boolean writePreview) {

    public static final ProcessorSettings DEFAULT = new ProcessorSettings(OutputNames.DEFAULT, null, "", true, true,
            30_000, 5L << 40, true, 60_000, true);

    /** Settings with the preview on (its default). */
    public ProcessorSettings(OutputNames names, String outputBucket, String outputPrefix, boolean writeMetadata,
            boolean writeExtraction, long timeoutMillis, long maxObjectSize, boolean prefixDefaults,
            long prefixDefaultsTtl) {
        this(names, outputBucket, outputPrefix, writeMetadata, writeExtraction, timeoutMillis, maxObjectSize,
                prefixDefaults, prefixDefaultsTtl, true);
    }

    public ProcessorSettings {
        outputPrefix = outputPrefix == null ? "" : outputPrefix;
        outputBucket = outputBucket == null || outputBucket.isBlank() ? null : outputBucket;
    }

    String documentBucket(String uploadBucket) {
        return outputBucket != null ? outputBucket : uploadBucket;
    }

    String metadataKey(String key) {
        return outputPrefix + names.metadataKey(key);
    }

    String extractionKey(String key) {
        return outputPrefix + names.extractionKey(key);
    }

    String previewKey(String key) {
        return outputPrefix + names.previewKey(key);
    }

    /** Our own output, by name: a document suffix, or anything under a dedicated output prefix. */
    public boolean isOutput(String key) {
        return names.isOutput(key) || (!outputPrefix.isEmpty() && key.startsWith(outputPrefix));
    }
}
