package io.emmeta.adapter.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.emmeta.s3.EnvironmentSettings;
import io.smallrye.config.WithDefault;

/**
 * The framework-free settings helper (CLI backfill, local run) and the Lambda's typed mapping must not drift apart:
 * the same property names, the same defaults.
 */
class EnvironmentSettingsTest {

    /** Every leaf property of {@link EmmetaConfig}, by its configuration name, with its default or null. */
    static Map<String, String> mappedProperties() {
        Map<String, String> out = new HashMap<>();
        walk(EmmetaConfig.class, "emmeta.", out);
        return out;
    }

    private static void walk(Class<?> type, String prefix, Map<String, String> out) {
        for (Method m : type.getDeclaredMethods()) {
            String name = prefix + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (m.getReturnType().isInterface() && m.getReturnType().getEnclosingClass() == EmmetaConfig.class) {
                walk(m.getReturnType(), name + ".", out);
            } else {
                WithDefault d = m.getAnnotation(WithDefault.class);
                out.put(name, d == null ? null : d.value());
            }
        }
    }

    @Test
    void readsExactlyTheLambdasProperties() {
        Map<String, String> mapped = mappedProperties();
        assertEquals(13, mapped.size(), mapped.toString());
        assertEquals(mapped.keySet(), EnvironmentSettings.PROPERTIES);
    }

    @Test
    void hasTheLambdasDefaults() {
        Map<String, String> mapped = mappedProperties();
        EnvironmentSettings explicit = EnvironmentSettings.from(mapped::get);
        EnvironmentSettings empty = EnvironmentSettings.fromEnvironment(Map.of());
        assertEquals(explicit, empty);
        assertEquals(".metadata.json", empty.processor().names().metadataSuffix());
        assertEquals(30_000, empty.processor().timeoutMillis());
        assertEquals(Set.of(), empty.disabledReaders());
    }

    @Test
    void environmentVariablesByTheMicroProfileRule() {
        assertEquals("EMMETA_CONTEXT_PREFIX_DEFAULTS_TTL_MILLIS",
                EnvironmentSettings.environmentName("emmeta.context.prefix-defaults-ttl-millis"));
        EnvironmentSettings s = EnvironmentSettings.fromEnvironment(Map.of("EMMETA_OUTPUT_BUCKET", "docs",
                "EMMETA_OUTPUT_PREFIX", "meta/", "EMMETA_READERS_DISABLED", "hdf5/velox-emd, tiff/zeiss-smartsem",
                "EMMETA_LIMITS_MAX_OBJECT_SIZE", "1000", "EMMETA_CONTEXT_PREFIX_DEFAULTS", "FALSE",
                "EMMETA_OUTPUT_WRITE_METADATA", "false"));
        assertEquals("docs", s.processor().outputBucket());
        assertEquals("meta/", s.processor().outputPrefix());
        assertEquals(Set.of("hdf5/velox-emd", "tiff/zeiss-smartsem"), s.disabledReaders());
        assertEquals(1000, s.processor().maxObjectSize());
        assertEquals(false, s.processor().prefixDefaults());
        assertEquals(false, s.processor().writeMetadata());
        assertNotEquals(EnvironmentSettings.fromEnvironment(Map.of()), s);
    }

    @Test
    void aMalformedValueNamesItsVariable() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> EnvironmentSettings.fromEnvironment(Map.of("EMMETA_OUTPUT_WRITE_EXTRACTION", "yes")));
        assertTrue(e.getMessage().contains("EMMETA_OUTPUT_WRITE_EXTRACTION"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnvironmentSettings.fromEnvironment(Map.of("EMMETA_LIMITS_MAX_OBJECT_SIZE", "-1")));
        assertTrue(e.getMessage().contains("EMMETA_LIMITS_MAX_OBJECT_SIZE"), e.getMessage());
    }
}
