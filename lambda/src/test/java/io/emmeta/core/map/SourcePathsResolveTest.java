package io.emmeta.core.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.TreeJson;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/**
 * Every source path a mapping table names ({@code from}, {@code args}, condition paths) resolves in at least one real
 * file of the table's formats: a path that resolves nowhere is a typo or a key no file we have carries. The corpus
 * runs through the standard {@link Extractor}; a path is looked up as the mapper does ({@code ${...}} indirection
 * included) in the record's original tree, from its root or any section of it, since the tree a table reads (a Velox
 * item, a DM image, one page) is mostly a section of the original. Where it is not, the translation is listed.
 */
class SourcePathsResolveTest {

    /**
     * Sidecar tables read the paired image's original under {@code image/} (Extractor.pair): such a path resolves when
     * the rest resolves in some corpus file's original, whatever its format.
     */
    static final String PAIRED_IMAGE = "image/";

    /**
     * Values a reader builds for the tree the table reads, which are not in the original under that name: the table's
     * path → the original path the reader builds it from (checked instead).
     */
    static final Map<String, String> READER_BUILT = Map.of(
            // VeloxEmdReader files the file's root Info and Version groups under Emd/ beside the chosen item
            "tem-velox.json Emd/Info/applicationVersion", "Info/applicationVersion",
            "tem-velox.json Emd/Version/format", "Version/format",
            // PhenomElidReader: the image's pixel count, and the (negative) high voltage made positive
            "sem-phenom-elid.json derived/width", "width",
            "sem-phenom-elid.json derived/height", "height",
            "sem-phenom-elid.json derived/accelerationVoltage", "FeiImage/acquisition/scan/highVoltage");

    /**
     * Paths no corpus file carries, kept on purpose, each with where it is documented. Keep it short: a path whose only
     * reason is "might exist" belongs out of the table.
     */
    static final Map<String, String> NO_CORPUS_FILE = Map.of(
            "sem-tescan.json MAIN/SoftwareVersion", "the KIT reference map (tomo_mapper SEM_tescan.json) reads it for"
                    + " newer TESCAN software; our files write MAIN/Version (notes/mapping.md 2.4)",
            "sem-hitachi.json Instrument name", "older and SU-series Hitachi sidecars name the model so; TM4000 writes"
                    + " InstructName (notes/mapping.md 2.6)",
            "tem-gatan.json Microscope Info/Actual Magnification", "a DigitalMicrograph Microscope Info tag"
                    + " (notes/mapping.md 2.7, actualMagnification); our DM files have only Indicated Magnification",
            "tem-gatan.json Session Info/Operator", "DM's Session Info group (notes/formats.md 2.10); empty in every"
                    + " corpus file, and empty values are left out",
            "tem-velox.json derived/aperturesByName/OBJ", "Velox names its apertures C1/C2/C3/OBJ/SA"
                    + " (notes/mapping.md 2.7); no corpus file records an objective aperture",
            "sem-bruker-bcf.json derived/stageTilt", "Esprit's TRTSEMStageData Tilt (degrees; HyperSpy's bcf reader"
                    + " reads it); both corpus .bcf files record only the stage State",
            "tem-bruker-bcf.json derived/stageTilt", "as sem-bruker-bcf.json: no corpus .bcf records a stage tilt",
            "tem-berkeley.json microscope/voltage", "the name some NCEM writers use for the high tension; the"
                    + " corpus example_image.emd has the attribute but empty (BerkeleyEmdReaderTest reads a text one)",
            "tem-gatan.json Microscope Info/Microscope", "the microscope's name where DM's Microscope Info group"
                    + " holds it under that tag (issue #17; rosettasciio's DM reader maps it to the TEM microscope);"
                    + " our DM files name it in Session Info or Microscope Info/Name",
            "tem-nion-swift.json derived/pixelSize/y", "a Nion datum dimension calibrated in a length; the corpus"
                    + " .ndata (an imported image) calibrates only its last dimension (NionSwiftReaderTest builds one)");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Original trees of the corpus records, by detected format id. */
    private static final Map<String, List<MetadataTree>> TREES = new LinkedHashMap<>();

    @BeforeAll
    static void extractCorpus() throws Exception {
        Extractor extractor = Extractor.standard(JSON);
        List<Path> files;
        try (Stream<Path> s = Files.walk(Corpus.ROOT)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(files.size() > 50, "corpus present: " + files.size());
        for (Path f : files) {
            keep(extract(extractor, f));
        }
    }

    @Test
    void everySourcePathResolvesInSomeCorpusFileOfItsFormats() throws Exception {
        Set<String> unresolved = new TreeSet<>();
        Set<String> listedButResolved = new TreeSet<>();
        for (String name : Mapper.readLines(Mapper.INDEX)) {
            MappingTable table = load(name);
            List<MetadataTree> trees = new ArrayList<>();
            for (String format : table.formats()) {
                trees.addAll(TREES.getOrDefault(stripVariant(format), List.of()));
            }
            assertTrue(!trees.isEmpty(), name + ": no corpus file of " + table.formats());
            for (String path : sourcePaths(table)) {
                String key = name + " " + path;
                boolean resolves = resolves(key, path, trees);
                if (!resolves && !NO_CORPUS_FILE.containsKey(key)) {
                    unresolved.add(key);
                } else if (resolves && NO_CORPUS_FILE.containsKey(key)) {
                    listedButResolved.add(key);
                }
            }
        }
        assertEquals(Set.of(), unresolved, "source paths that resolve in no corpus file of their table's formats");
        assertEquals(Set.of(), listedButResolved, "allow-listed paths a corpus file now carries: drop them from the list");
    }

    private static boolean resolves(String key, String path, List<MetadataTree> trees) {
        if (READER_BUILT.containsKey(key)) {
            return trees.stream().anyMatch(t -> resolvesIn(t, READER_BUILT.get(key)));
        }
        if (trees.stream().anyMatch(t -> resolvesIn(t, path))) {
            return true;
        }
        if (path.startsWith(PAIRED_IMAGE)) {
            String rest = path.substring(PAIRED_IMAGE.length());
            return TREES.values().stream().flatMap(List::stream).anyMatch(t -> resolvesIn(t, rest));
        }
        return false;
    }

    private static Set<String> sourcePaths(MappingTable table) {
        Set<String> paths = new LinkedHashSet<>();
        for (MappingTable.Field f : table.fields()) {
            paths.addAll(f.sources());
        }
        table.conditions().values().forEach(checks -> checks.forEach(c -> paths.add(c.path())));
        return paths;
    }

    /** As the mapper looks it up, from the root or from any section (walked without recursion). */
    private static boolean resolvesIn(MetadataTree original, String path) {
        Deque<MetadataTree> todo = new ArrayDeque<>();
        todo.add(original);
        while (!todo.isEmpty()) {
            MetadataTree t = todo.pop();
            if (Mapper.lookup(t, path) != null) {
                return true;
            }
            for (Object child : t.entries().values()) {
                if (child instanceof MetadataTree c) {
                    todo.add(c);
                }
            }
        }
        return false;
    }

    private static MappingTable load(String name) throws Exception {
        try (InputStream in = Mapper.resource("emmeta/mapping/" + name)) {
            return MappingTable.parse(name, JSON.readTree(in), new Converters());
        }
    }

    private static String stripVariant(String format) {
        int hash = format.indexOf('#');
        return hash < 0 ? format : format.substring(0, hash);
    }

    private static ExtractionRecord extract(Extractor extractor, Path f) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(f)) {
            return extractor.extract(src, SourceInfo.file(f.toString(), Files.size(f)), UploadContext.NONE).record();
        }
    }

    private static void keep(ExtractionRecord rec) {
        if (rec.detected() != null && rec.original() != null) {
            TREES.computeIfAbsent(rec.detected().format(), k -> new ArrayList<>()).add(tree(rec.original()));
        }
    }

    /** The record's original tree back from its JSON form (see {@link TreeJson}). */
    private static MetadataTree tree(JsonNode section) {
        JsonNode n = section.size() == 1 && section.path(TreeJson.SECTION).isObject() ? section.get(TreeJson.SECTION) : section;
        MetadataTree t = new MetadataTree();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject() && TreeJson.looksLikeValue(v)) {
                t.put(e.getKey(), new Value(scalar(v.get("value")), v.path("unit").asText(null),
                        v.path("label").asText(null)));
            } else if (v.isObject()) {
                t.put(e.getKey(), tree(v));
            } else if (v.isValueNode() && !v.isNull()) {
                t.put(e.getKey(), new Value(scalar(v), null, null));
            }
        }
        return t;
    }

    private static Object scalar(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        return v.asText();
    }
}
