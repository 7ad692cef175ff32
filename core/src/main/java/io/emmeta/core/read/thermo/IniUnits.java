package io.emmeta.core.read.thermo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the xT INI does not write: the unit of each number (the format's convention is SI base units), which
 * keys are identifiers that must stay text, and which On/Off keys are switches. Data, not code, so the table can
 * grow with new instruments: {@value #RESOURCE}.
 */
final class IniUnits {

    static final String RESOURCE = "/emmeta/thermo/ini-units.json";

    private static volatile IniUnits instance;

    private final Map<String, String> units;
    private final Set<String> text;
    private final Set<String> onOff;

    private IniUnits(Map<String, String> units, Set<String> text, Set<String> onOff) {
        this.units = units;
        this.text = text;
        this.onOff = onOff;
    }

    static IniUnits get() {
        IniUnits u = instance;
        if (u == null) {
            synchronized (IniUnits.class) {
                u = instance;
                if (u == null) {
                    u = load();
                    instance = u;
                }
            }
        }
        return u;
    }

    private static IniUnits load() {
        try (InputStream in = IniUnits.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + RESOURCE);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, String> units = new HashMap<>();
            root.path("units").fields().forEachRemaining(e -> units.put(e.getKey(), e.getValue().asText()));
            Set<String> text = new HashSet<>();
            root.path("text").forEach(n -> text.add(n.asText()));
            Set<String> onOff = new HashSet<>();
            root.path("onOff").forEach(n -> onOff.add(n.asText()));
            return new IniUnits(Map.copyOf(units), Set.copyOf(text), Set.copyOf(onOff));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The implied unit of {@code section/key}, or null when the table does not know the key. */
    String unit(String section, String key) {
        String u = units.get(section + "/" + key);
        return u != null ? u : units.get(key);
    }

    boolean isText(String section, String key) {
        return text.contains(section + "/" + key) || text.contains(key);
    }

    boolean isOnOff(String section, String key) {
        return key.endsWith("IsOn") || onOff.contains(section + "/" + key) || onOff.contains(key);
    }
}
