package io.emmeta.core.output;

/**
 * Where the outputs go: beside the upload, its key plus a suffix (the two documents and the preview picture). Also the
 * recursion guard's first test: a key carrying one of our suffixes is our own output and is never processed, whatever
 * the trigger's filter says.
 */
public record OutputNames(String metadataSuffix, String extractionSuffix, String previewSuffix) {

    public static final String PREVIEW_SUFFIX = ".preview.png";

    public static final OutputNames DEFAULT = new OutputNames(".metadata.json", ".extraction.json", PREVIEW_SUFFIX);

    public OutputNames {
        if (metadataSuffix == null || metadataSuffix.isBlank() || extractionSuffix == null || extractionSuffix.isBlank()
                || previewSuffix == null || previewSuffix.isBlank() || metadataSuffix.equals(extractionSuffix)
                || previewSuffix.equals(metadataSuffix) || previewSuffix.equals(extractionSuffix)) {
            throw new IllegalArgumentException("output suffixes must be three different non-empty strings");
        }
    }

    /** The two documents' suffixes with the default preview name. */
    public OutputNames(String metadataSuffix, String extractionSuffix) {
        this(metadataSuffix, extractionSuffix, PREVIEW_SUFFIX);
    }

    public String previewKey(String key) {
        return key + previewSuffix;
    }

    public String metadataKey(String key) {
        return key + metadataSuffix;
    }

    public String extractionKey(String key) {
        return key + extractionSuffix;
    }

    public boolean isOutput(String key) {
        return key.endsWith(metadataSuffix) || key.endsWith(extractionSuffix) || key.endsWith(previewSuffix);
    }
}
