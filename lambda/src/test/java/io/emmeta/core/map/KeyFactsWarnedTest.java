package io.emmeta.core.map;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/**
 * Issue #17, "for each key fact that a file holds, the record has the mapped value or a warning saying why not", over
 * every corpus record that has a document. The key facts are those a mapping table names: a row whose target is one
 * of the thirteen kinds (kV, WD or camera length, pixel size, date, instrument model, probe current, magnification,
 * dwell, exposure, detector, serial, stage tilt), and every {@code unmapped} entry. When one of the row's source paths
 * is present in the record's {@code original} tree, the document holds a value at the row's target (any row may have
 * filled it), or a warning or note names the target, the source path or the kind. Rows with a condition
 * ({@code when}) or an indirection ({@code ${...}}) are not judged: whether they apply is the table's to decide. A
 * placeholder the table skips ("0" for "not recorded") counts as said when the mapper's note names it.
 */
class KeyFactsWarnedTest {

    /** Target path pattern -> the fact kind's word, as a warning or note would name it. */
    private static final Map<Pattern, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(Pattern.compile("accelerationVoltage$"), "voltage");
        KINDS.put(Pattern.compile("(WorkingDistance|CameraLength)$"), "distance|camera length");
        KINDS.put(Pattern.compile("(pixelSize|pixelCalibration)"), "pixel");
        KINDS.put(Pattern.compile("(^|\\.)(startTime|endTime)$"), "date|time");
        KINDS.put(Pattern.compile("(modelName|instrumentName)$"), "model|instrument");
        KINDS.put(Pattern.compile("(probeCurrent|beamCurrent)"), "current");
        KINDS.put(Pattern.compile("[Mm]agnification$"), "magnification");
        KINDS.put(Pattern.compile("dwellTime"), "dwell");
        KINDS.put(Pattern.compile("exposureTime"), "exposure");
        KINDS.put(Pattern.compile("detectorName$"), "detector");
        KINDS.put(Pattern.compile("instrumentID\\.identifierValue$"), "serial");
        KINDS.put(Pattern.compile("(stageTiltAngle|tiltAngleAlpha|tiltAngleBeta)"), "tilt");
    }

    @Test
    void everyKeyFactAFileHoldsIsMappedOrWarnedAbout() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Extractor extractor = Extractor.standard(json);
        Mapper mapper = Mapper.fromClasspath(json);
        List<Path> files;
        try (Stream<Path> s = Files.walk(Corpus.ROOT)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).sorted()
                    .toList();
        }
        List<String> silent = new ArrayList<>();
        int judged = 0;
        for (Path f : files) {
            ExtractionRecord rec;
            try (CachingByteSource src = CachingByteSource.ofFile(f)) {
                rec = extractor.extract(src, SourceInfo.file(f.toString(), Files.size(f)), UploadContext.NONE).record();
            }
            if (rec.mapped() == null || rec.schema() == null || rec.original() == null) {
                continue;
            }
            MappingTable table = tableOf(mapper, rec);
            if (table == null) {
                continue;
            }
            String said = said(rec);
            String file = Corpus.ROOT.relativize(f).toString();
            for (MappingTable.Field row : table.fields()) {
                String kind = kind(row.to());
                if (kind == null || row.when() != null || row.sources().stream().anyMatch(p -> p.contains("${"))) {
                    continue;
                }
                // a converter of several inputs needs its first (a ratio's numerator, a date's day): the others may be
                // fallbacks or may not apply, so only the first one's presence says the file holds the fact
                String present = firstPresent(rec.original(), row.args().isEmpty() ? row.from() : row.args().subList(0, 1));
                if (present == null) {
                    continue;
                }
                judged++;
                if (!at(rec.mapped(), row.to()).isMissingNode()) {
                    continue;
                }
                if (!names(said, row.to(), present, kind)) {
                    silent.add(file + ": " + row.to() + " <- " + present + " (" + kind + ")");
                }
            }
            for (MappingTable.Unmapped u : table.unmapped()) {
                String present = firstPresent(rec.original(), u.from());
                if (present == null) {
                    continue;
                }
                judged++;
                if (!said.contains(u.fact().toLowerCase(Locale.ROOT))) {
                    silent.add(file + ": " + u.fact() + " at " + present + " (no place, no note)");
                }
            }
        }
        assertTrue(judged > 300, "key facts judged: " + judged);
        assertTrue(silent.isEmpty(), silent.size() + " key fact(s) held by a file but neither mapped nor warned"
                + " about:\n" + String.join("\n", silent));
    }

    /** The table the record's document came from: {@code format#SEM|TEM} for a reader with variants, else the format. */
    private static MappingTable tableOf(Mapper mapper, ExtractionRecord rec) {
        String format = rec.detected().format();
        String schema = rec.schema().startsWith("SEM") ? "SEM" : "TEM";
        MappingTable t = mapper.tableFor(format + "#" + schema);
        return t != null ? t : mapper.tableFor(format);
    }

    private static String kind(String to) {
        for (Map.Entry<Pattern, String> e : KINDS.entrySet()) {
            if (e.getKey().matcher(to).find()) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Every warning and note of the record, lower-cased, one per line. */
    private static String said(ExtractionRecord rec) {
        StringBuilder sb = new StringBuilder();
        for (Problem p : rec.warnings()) {
            sb.append(p.message()).append('\n');
        }
        for (String n : rec.notes()) {
            sb.append(n).append('\n');
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean names(String said, String to, String source, String kind) {
        if (said.contains(to.toLowerCase(Locale.ROOT)) || said.contains(source.toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (String word : kind.split("\\|")) {
            if (said.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The first source path that is present in the original tree (a value, not an empty section), or null. */
    private static String firstPresent(JsonNode original, List<String> paths) {
        for (String p : paths) {
            JsonNode n = original.at("/" + p.replace("~", "~0"));
            if (!n.isMissingNode() && !n.isNull() && !(n.isObject() && n.isEmpty())) {
                return p;
            }
        }
        return null;
    }

    private static JsonNode at(JsonNode doc, String dotted) {
        return doc.at("/" + dotted.replace('.', '/'));
    }
}
