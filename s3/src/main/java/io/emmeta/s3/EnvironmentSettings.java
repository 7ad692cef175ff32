package io.emmeta.s3;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.OutputNames;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The function's settings by their property names ({@code emmeta.output.metadata-suffix}, ...), framework-free, so
 * that the Lambda (through its configuration, which also reads the environment), the CLI's S3 backfill and the
 * local runner (straight from the {@code EMMETA_*} environment variables) build the same processor. Names and
 * defaults are those of {@code io.emmeta.adapter.lambda.EmmetaConfig} and the README's settings table.
 *
 * @param processor       how uploads are processed and where the documents go
 * @param disabledReaders format ids whose reader is switched off
 */
public record EnvironmentSettings(ProcessorSettings processor, Set<String> disabledReaders) {

    public static final String METADATA_SUFFIX = "emmeta.output.metadata-suffix";
    public static final String EXTRACTION_SUFFIX = "emmeta.output.extraction-suffix";
    public static final String OUTPUT_BUCKET = "emmeta.output.bucket";
    public static final String OUTPUT_PREFIX = "emmeta.output.prefix";
    public static final String WRITE_METADATA = "emmeta.output.write-metadata";
    public static final String WRITE_EXTRACTION = "emmeta.output.write-extraction";
    public static final String PREVIEW_SUFFIX = "emmeta.output.preview-suffix";
    public static final String WRITE_PREVIEW = "emmeta.output.write-preview";
    public static final String READERS_DISABLED = "emmeta.readers.disabled";
    public static final String MAX_OBJECT_SIZE = "emmeta.limits.max-object-size";
    public static final String PREFIX_DEFAULTS = "emmeta.context.prefix-defaults";
    public static final String PREFIX_DEFAULTS_TTL = "emmeta.context.prefix-defaults-ttl-millis";
    public static final String TIMEOUT = "emmeta.extract-timeout-millis";

    /** Every property this helper reads. */
    public static final Set<String> PROPERTIES = Set.of(METADATA_SUFFIX, EXTRACTION_SUFFIX, OUTPUT_BUCKET,
            OUTPUT_PREFIX, WRITE_METADATA, WRITE_EXTRACTION, READERS_DISABLED, MAX_OBJECT_SIZE, PREFIX_DEFAULTS,
            PREFIX_DEFAULTS_TTL, TIMEOUT, PREVIEW_SUFFIX, WRITE_PREVIEW);

    public EnvironmentSettings {
        disabledReaders = Set.copyOf(disabledReaders);
    }

    /** From environment variables: {@code emmeta.output.metadata-suffix} is read as EMMETA_OUTPUT_METADATA_SUFFIX. */
    public static EnvironmentSettings fromEnvironment(Map<String, String> env) {
        return from(name -> env.get(environmentName(name)));
    }

    /** The MicroProfile Config spelling of a property as an environment variable. */
    public static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * From any lookup by property name; a missing (null) or blank value takes the default.
     *
     * @throws IllegalArgumentException naming the setting when a value cannot be read (not a number, not a boolean)
     */
    public static EnvironmentSettings from(Function<String, String> lookup) {
        ProcessorSettings d = ProcessorSettings.DEFAULT;
        OutputNames names = new OutputNames(text(lookup, METADATA_SUFFIX, d.names().metadataSuffix()),
                text(lookup, EXTRACTION_SUFFIX, d.names().extractionSuffix()),
                text(lookup, PREVIEW_SUFFIX, d.names().previewSuffix()));
        ProcessorSettings settings = new ProcessorSettings(names, text(lookup, OUTPUT_BUCKET, null),
                text(lookup, OUTPUT_PREFIX, ""), bool(lookup, WRITE_METADATA, d.writeMetadata()),
                bool(lookup, WRITE_EXTRACTION, d.writeExtraction()), number(lookup, TIMEOUT, d.timeoutMillis()),
                number(lookup, MAX_OBJECT_SIZE, d.maxObjectSize()), bool(lookup, PREFIX_DEFAULTS, d.prefixDefaults()),
                number(lookup, PREFIX_DEFAULTS_TTL, d.prefixDefaultsTtl()), bool(lookup, WRITE_PREVIEW,
                        d.writePreview()));
        Set<String> disabled = new LinkedHashSet<>();
        String list = text(lookup, READERS_DISABLED, "");
        Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(disabled::add);
        return new EnvironmentSettings(settings, disabled);
    }

    /** The upload processor these settings describe, over the given client. */
    public S3UploadProcessor newProcessor(S3Client s3) {
        // Our own mapper: the documents' shape must not depend on a framework's Jackson customisations.
        return new S3UploadProcessor(s3, Extractor.standard(new ObjectMapper(), disabledReaders), processor);
    }

    private static String text(Function<String, String> lookup, String name, String fallback) {
        String v = lookup.apply(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private static boolean bool(Function<String, String> lookup, String name, boolean fallback) {
        String v = text(lookup, name, null);
        if (v == null) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(environmentName(name) + " (" + name + ") must be true or false, not '" + v
                + "'");
    }

    private static long number(Function<String, String> lookup, String name, long fallback) {
        String v = text(lookup, name, null);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(environmentName(name) + " (" + name
                    + ") must be a whole non-negative number, not '" + v + "'");
        }
    }
}
