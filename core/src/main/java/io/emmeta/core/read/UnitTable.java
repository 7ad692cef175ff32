package io.emmeta.core.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A reader's "key → unit" facts for formats that write numbers without units (TESCAN, JEOL, Velox): a flat JSON
 * resource, {@code _}-prefixed keys being comments. Data, not code, so a new key is a line in a table.
 */
public final class UnitTable {

    private UnitTable() {
    }

    /** Loads the table; a missing or broken resource is a packaging bug, so it fails loudly at start-up. */
    public static Map<String, String> load(String resource) {
        try (InputStream in = UnitTable.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing");
            }
            Map<String, String> out = new LinkedHashMap<>();
            new ObjectMapper().readTree(in).fields().forEachRemaining(e -> {
                if (!e.getKey().startsWith("_")) {
                    out.put(e.getKey(), e.getValue().asText());
                }
            });
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new IllegalStateException(resource + ": " + e.getMessage(), e);
        }
    }
}
