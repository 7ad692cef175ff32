package io.emmeta.core.map;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Units;
import io.emmeta.core.model.Value;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/**
 * The floor to beat: for every corpus file of a vendor with a community reference map
 * ({@code ../shared/reference/tomo_mapper-maps}), every schema field the reference mapper would fill from that file is
 * filled by us with the same value after unit conversion — or the difference is listed in {@link #DIFFERENCES} with its
 * reason. The reference mapper (Python) cannot run here, so its map files are interpreted: a key is a path into the
 * vendor's record (Zeiss: the display label; Thermo Fisher and TESCAN: Section.Key; JEOL: the $key), optionally split
 * "value unit" by a regex; the bare numbers of Thermo Fisher, TESCAN and JEOL are in the unit the vendor's key implies.
 */
class ReferenceParityTest {

    static final Path MAPS = Path.of("..", "shared", "reference", "tomo_mapper-maps");
    static final ObjectMapper JSON = new ObjectMapper();

    /** (vendor, target) → why we deliberately differ. Anything else that differs fails. */
    static final Map<String, String> DIFFERENCES = Map.ofEntries(
            Map.entry("zeiss entry.instrument.eBeamSource.beamCurrent", "we map the probe current (AP_IPROBE, 'I Probe');"
                    + " the reference maps 'Beam Current', the gun emission current (hyperspy#2166)"),
            Map.entry("zeiss entry.instrument.FIB.iBeamSource.beamCurrent", "the ion probe current named in DP_FIB_PROBE,"
                    + " not 'FIB Emission I' (the source's emission)"),
            Map.entry("zeiss entry.instrument.FIB.gasInjectionSystem.GISName", "'None' is no GIS name: left out"),
            Map.entry("zeiss entry.instrument.stage.tiltCorrectionType", "'Off' written as the schema's 'none'"),
            Map.entry("zeiss FIB", "the FIB block only when a FIB is fitted and its required fields are known"
                    + " (the reference writes 'FIB EHT 0.000 kV' etc. for SEM-only instruments)"),
            Map.entry("thermofisher entry.instrument.instrumentName", "System/SystemType (always written); the reference"
                    + " uses User/UserText, free text and often empty"),
            Map.entry("thermofisher entry.instrument.stage.eBeamWorkingDistance", "EBeam/WD: on ion and nav-cam images"
                    + " Stage/WorkingDistance is the other beam's"),
            Map.entry("jeol entry.instrument.instrumentName", "CM_INSTRUMENT (the model); the reference writes CM_FORMAT,"
                    + " the file-format tag 'JEOL-SEM'"),
            Map.entry("jeol entry.instrument.eBeamSource.gunVacuum", "SM_PENNING_VAC is a raw gauge reading of unknown unit"),
            Map.entry("jeol entry.instrument.stage.tiltCorrectionAngle", "SM_SCAN_ROTATION is the scan rotation, not a tilt"
                    + " correction"),
            Map.entry("jeol entry.instrument.imaging.apertureSetting.size", "SM_OL_APERTURE is an aperture index, not a size"),
            Map.entry("jeol entry.instrument.imaging.dwellTime", "CM_SCAN_SPEED is a speed index, not a time"),
            Map.entry("jeol entry.instrument.imaging.cycleTime", "CM_SCAN_MODE is a mode code, not a time"),
            Map.entry("jeol entry.instrument.detectors.detector1.detectorName", "CM_DETECTOR_NAME ('SEI'); the reference"
                    + " writes SM_DET_SE1_MODE_NUMBER, a mode number"),
            Map.entry("jeol entry.instrument.chamberPressure", "SM_VACUUM_MODE_FOR_SPECIMEN_CHAMBER is a mode code, not a"
                    + " pressure"),
            Map.entry("jeol entry.instrument.eBeamSource.beamCurrent", "a probe current of 0.00 means 'not measured': left"
                    + " out"),
            Map.entry("tescan entry.endTime", "a date without a time of day is not a date-time: left out (the reference"
                    + " writes midnight UTC)"));

    static Stream<Arguments> files() throws Exception {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Corpus.ROOT)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                ExtractionRecord r = extract(p);
                if (r.detected() == null) {
                    continue;
                }
                String vendor = switch (r.detected().format()) {
                    case "tiff/zeiss-smartsem", "tiff/zeiss-atlas-fibics" -> "zeiss";
                    case "tiff/thermofisher-xt" -> "thermofisher";
                    case "tiff/tescan", "text/tescan-hdr" -> "tescan";
                    case "text/jeol-sem" -> "jeol";
                    default -> null;
                };
                if (vendor != null) {
                    out.add(Arguments.of(vendor, Corpus.ROOT.relativize(p).toString()));
                }
            }
        }
        return out.stream();
    }

    static ExtractionRecord extract(Path p) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p)) {
            return Extractor.standard(JSON).extract(src, SourceInfo.file(p.toString(), Files.size(p)),
                    UploadContext.NONE).record();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("files")
    void weFillWhatTheReferenceFillsWithTheSameValues(String vendor, String file) throws Exception {
        ExtractionRecord rec = extract(Corpus.file(file));
        JsonNode doc = rec.mapped();
        assertTrue(doc != null, file + ": no document");
        MetadataTree tree = tree(rec.original());
        JsonNode map = JSON.readTree(MAPS.resolve("SEM_" + vendor + ".json").toFile());
        int referenceFills = 0;
        int matches = 0;
        List<String> documented = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String target = e.getValue().asText();
            Key key = Key.parse(e.getKey());
            if (target.endsWith(".unit") || target.endsWith("coordinatesUnit")) {
                continue; // the reference copies the vendor's unit; ours is one unit per quantity, checked by value
            }
            Value source = lookup(vendor, key.path, tree);
            if (source == null) {
                continue; // this file does not hold it: the reference fills nothing either
            }
            referenceFills++;
            String field = target.replaceAll("\\.(value|Date|Time)$", "");
            String diff = DIFFERENCES.get(vendor + " " + field);
            if (diff == null && field.contains(".FIB.") && doc.at(pointer("entry.instrument.FIB")).isMissingNode()) {
                diff = DIFFERENCES.get(vendor + " FIB");
            }
            if (!source.isNumber() && key.regex() != null) {
                source = new Value(key.apply(source.asText()), null, source.label()); // e.g. "1024 * 768" → "1024"
            }
            String problem = compare(source, target, doc);
            if (problem == null) {
                matches++;
            } else if (diff != null) {
                documented.add(field);
            } else {
                gaps.add(field + ": " + problem);
            }
        }
        int ours = count(doc);
        System.out.printf("parity %-12s %-68s reference %2d, matched %2d, documented %2d, ours %2d fields%n", vendor,
                file, referenceFills, matches, documented.size(), ours);
        assertTrue(gaps.isEmpty(), file + ": " + gaps);
        assertTrue(ours > matches, file + ": we fill more than the reference");
    }

    /** A reference key: the path, the regex that splits its text (or null), and the group taken (0 = all). */
    record Key(String path, java.util.regex.Pattern regex, int group) {
        static Key parse(String k) {
            int tick = k.indexOf('`');
            if (tick < 0) {
                return new Key(k, null, 0);
            }
            String path = k.substring(0, tick).replaceAll("\\.$", "");
            String expr = k.substring(tick); // `sub(/(.+) (.+)/, \\1)`
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("sub\\(/(.*)/,\\s*\\\\+(\\d)\\)").matcher(expr);
            if (!m.find()) {
                return new Key(path, null, 0);
            }
            String regex = m.group(1).replace("\\\\", "\\");
            return new Key(path, java.util.regex.Pattern.compile(regex), Integer.parseInt(m.group(2)));
        }

        /** The reference's value from the vendor's text: the regex group, or the whole text. */
        String apply(String text) {
            if (regex == null) {
                return text;
            }
            java.util.regex.Matcher m = regex.matcher(text);
            return m.matches() ? m.group(group) : text;
        }
    }

    static Value lookup(String vendor, String path, MetadataTree tree) {
        if (vendor.equals("zeiss") && path.startsWith("Fibics.")) {
            String p = path.substring("Fibics.".length()).replace(".#text", "").replace(".@units", "");
            if (p.equals("ScanInfo.item")) {
                return tree.get("ScanInfo/Tilt Corrn. Angle");
            }
            return tree.get(p.replace('.', '/'));
        }
        return switch (vendor) {
            case "zeiss" -> byLabel(tree, path);
            case "jeol" -> tree.get(path.replace("$", ""));
            default -> tree.get(path.replace('.', '/'));
        };
    }

    /** Zeiss keys are the display labels, dots removed by the reference mapper ("Serial No." → "Serial No"). */
    static Value byLabel(MetadataTree tree, String label) {
        for (Object o : tree.entries().values()) {
            if (o instanceof Value v && v.label() != null
                    && (v.label().equals(label) || v.label().replace(".", "").equals(label))) {
                return v;
            }
        }
        return null;
    }

    /** Null when our document holds the reference's value at the target, else what is wrong. */
    static String compare(Value source, String target, JsonNode doc) {
        if (target.endsWith(".Date") || target.endsWith(".Time") || target.equals("entry.endTime")) {
            JsonNode ours = doc.at(pointer("entry.endTime"));
            if (ours.isMissingNode()) {
                return "no endTime";
            }
            String expected = referenceDateTimePart(source.asText(), target);
            return expected == null || ours.asText().contains(expected) ? null
                    : "endTime " + ours.asText() + " lacks " + expected;
        }
        boolean quantity = target.endsWith(".value");
        String field = quantity ? target.substring(0, target.length() - ".value".length()) : target;
        JsonNode ours = doc.at(pointer(field));
        if (ours.isMissingNode()) {
            return "not filled (reference: " + source.asText() + (source.unit() == null ? "" : " " + source.unit()) + ")";
        }
        if (source.isNumber()) {
            double ourValue;
            String ourUnit;
            if (ours.isObject()) {
                ourValue = ours.path("value").asDouble();
                ourUnit = ours.path("unit").asText(null);
            } else {
                ourValue = ours.asDouble();
                JsonNode unit = doc.at(pointer(field.replaceAll("[xyz]Value$", "coordinatesUnit")));
                ourUnit = field.matches(".*[xyz]Value$") ? unit.asText(null) : null;
            }
            double expected = source.asDouble();
            double converted = ourUnit != null && source.unit() != null ? Units.convert(ourValue, ourUnit, source.unit())
                    : ourValue;
            double tol = Math.max(1e-9 * Math.abs(expected), 1e-12);
            return Math.abs(converted - expected) <= tol ? null
                    : "ours " + ourValue + " " + ourUnit + " = " + converted + " " + source.unit() + " vs " + expected;
        }
        if (source.value() instanceof Boolean b) {
            return ours.isBoolean() && ours.asBoolean() == b ? null : "ours " + ours + " vs " + b;
        }
        String text = source.asText().strip();
        String ourText = ours.isValueNode() ? ours.asText() : ours.toString();
        if (ours.isBoolean()) {
            boolean expected = List.of("yes", "on", "true").contains(text.toLowerCase(Locale.ROOT));
            return ours.asBoolean() == expected ? null : "ours " + ours + " vs '" + text + "'";
        }
        return ourText.equals(text) ? null : "ours '" + ourText + "' vs '" + text + "'";
    }

    /** The date or time digits the reference's joined timestamp would carry. */
    static String referenceDateTimePart(String raw, String target) {
        String s = raw.strip();
        try {
            if (target.equals("entry.endTime")) {
                if (s.matches("\\d{4}-\\d{2}-\\d{2}T.*[+-]\\d{2}:\\d{2}$")) {
                    return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                            .withNano(0).toString();
                }
                if (s.matches("\\d{2}\\.\\d{2}\\.\\d{4} .*")) { // FEI TimeOfCreation, day first
                    return LocalDateTime.parse(s, java.time.format.DateTimeFormatter.ofPattern("dd.MM.uuuu HH:mm:ss"))
                            .toString();
                }
                return s;
            }
            if (target.endsWith(".Date")) {
                String z = Converters.zeissDateTimeText(s, "0:00:00");
                if (z != null) {
                    return z.substring(0, 10);
                }
                return s.replace('/', '-');
            }
            String[] hms = s.split(":");
            return String.format("%02d:%s:%s", Integer.parseInt(hms[0].strip()), hms[1], hms[2]);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String pointer(String dotted) {
        return "/" + dotted.replace('.', '/');
    }

    static int count(JsonNode n) {
        if (n.isObject()) {
            if (n.has("value") && n.has("unit")) {
                return 1;
            }
            int c = 0;
            for (JsonNode x : n) {
                c += count(x);
            }
            return c;
        }
        if (n.isArray()) {
            int c = 0;
            for (JsonNode x : n) {
                c += count(x);
            }
            return c;
        }
        return 1;
    }

    /** The record's original tree back as a MetadataTree (values with unit and label). */
    static MetadataTree tree(JsonNode n) {
        MetadataTree t = new MetadataTree();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject() && v.has("value") && !v.get("value").isContainerNode()) {
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

    static Object scalar(JsonNode v) {
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
