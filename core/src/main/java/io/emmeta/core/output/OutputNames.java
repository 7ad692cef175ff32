package io.emmeta.core.output;

/**
 * Where the two documents go: beside the upload, its key plus a suffix. Also the recursion guard's first test:
 * a key carrying one of our suffixes is our own output and is never processed, whatever the trigger's filter says.
 */
public record OutputNames(String metadataSuffix, String extractionSuffix) {

    public static final OutputNames DEFAULT = new OutputNames(".metadata.json", ".extraction.json");

    public OutputNames {
        if (metadataSuffix == null || metadataSuffix.isBlank() || extractionSuffix == null || extractionSuffix.isBlank()
                || metadataSuffix.equals(extractionSuffix)) {
            throw new IllegalArgumentException("output suffixes must be two different non-empty strings");
        }
    }

    public String metadataKey(String key) {
        return key + metadataSuffix;
    }

    public String extractionKey(String key) {
        return key + extractionSuffix;
    }

    public boolean isOutput(String key) {
        return key.endsWith(metadataSuffix) || key.endsWith(extractionSuffix);
    }
}
