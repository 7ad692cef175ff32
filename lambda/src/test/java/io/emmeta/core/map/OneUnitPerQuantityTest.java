package io.emmeta.core.map;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.model.Units;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/**
 * One unit per quantity, over every document the corpus gives: a schema path holding {value, unit} (or a coordinate
 * set's coordinatesUnit) carries one unit per dimension whatever the reader — lengths in m, reciprocal lengths in 1/m,
 * energies in eV. A reader or table writing a calibration in nm beside another's m makes this fail, naming the path,
 * the units and a file of each.
 */
class OneUnitPerQuantityTest {

    /** The one unit our documents use for these dimensions (the rule; other dimensions: any one unit). */
    private static final Map<String, String> FIXED = Map.of("LENGTH", "m", "RECIPROCAL_LENGTH", "1/m", "ENERGY", "eV");

    @Test
    void everySchemaQuantityPathCarriesOneUnitPerDimension() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Extractor extractor = Extractor.standard(json);
        List<Path> files;
        try (Stream<Path> s = Files.walk(Corpus.ROOT)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).sorted()
                    .toList();
        }
        // path -> dimension (or the unit itself when we cannot parse it) -> unit -> one file writing it
        Map<String, Map<String, Map<String, String>>> seen = new TreeMap<>();
        int documents = 0;
        for (Path f : files) {
            ExtractionRecord rec;
            try (CachingByteSource src = CachingByteSource.ofFile(f)) {
                rec = extractor.extract(src, SourceInfo.file(f.toString(), Files.size(f)), UploadContext.NONE).record();
            }
            if (rec.mapped() == null) {
                continue;
            }
            documents++;
            collect(rec.mapped(), "", Corpus.ROOT.relativize(f).toString(), seen);
        }
        assertTrue(documents > 40, "documents made: " + documents);
        List<String> mixed = new ArrayList<>();
        seen.forEach((path, byDimension) -> byDimension.forEach((dimension, units) -> {
            String fixed = FIXED.get(dimension);
            if (units.size() > 1 || (fixed != null && !units.containsKey(fixed))) {
                mixed.add(path + " (" + dimension + "): " + units);
            }
        }));
        assertTrue(mixed.isEmpty(), mixed.size() + " schema path(s) with more than one unit per quantity:\n"
                + String.join("\n", mixed));
    }

    /** Every {value: number, unit: text} and every coordinate set's coordinatesUnit, by path (array items as []). */
    private static void collect(JsonNode n, String path, String file, Map<String, Map<String, Map<String, String>>> seen) {
        if (n.isArray()) {
            for (JsonNode item : n) {
                collect(item, path + "[]", file, seen);
            }
            return;
        }
        if (!n.isObject()) {
            return;
        }
        if (n.path("value").isNumber() && n.path("unit").isTextual()) {
            record(path, n.get("unit").asText(), file, seen);
        }
        if (n.path("coordinatesUnit").isTextual()) {
            record(path + ".coordinatesUnit", n.get("coordinatesUnit").asText(), file, seen);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), file, seen);
        }
    }

    private static void record(String path, String unit, String file, Map<String, Map<String, Map<String, String>>> seen) {
        Units.Unit u = Units.parse(unit);
        String dimension = u == null ? "unparsed '" + unit + "'" : u.dimension().name();
        seen.computeIfAbsent(path, k -> new TreeMap<>()).computeIfAbsent(dimension, k -> new TreeMap<>())
                .putIfAbsent(unit, file);
    }
}
