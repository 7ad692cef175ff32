package io.emmeta.core.read.velox;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.hdf5.Hdf5Container;
import io.emmeta.core.detect.Detection;
import io.emmeta.core.detect.Format;
import io.emmeta.core.detect.Hdf5Text;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.UnitTable;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * Thermo Fisher Velox EMD (HDF5). Every item under {@code /Data/<kind>/<uuid>/} keeps its metadata as JSON in a
 * uint8 {@code Metadata} dataset of shape (60000, frames), one NUL-padded JSON per frame column. We read the first
 * column (and, for stacks, the last, to say which fields vary) — never the {@code Data} arrays, never the other
 * frames' columns — so a 1000-frame stack costs the same as a single image.
 *
 * <p>Tree: {@code Version}, {@code Info} (parsed JSON), then {@code Data/<kind>/<uuid>/} holding {@code frames},
 * {@code varyingAcrossFrames} (when a stack's first and last frame differ) and the frame-0 JSON as sections
 * (Core, Instrument, Acquisition, Optics, Stage, Scan, Detectors, BinaryResult, CustomProperties, ...). Velox
 * writes every value as a string; numbers become numbers, and SI units are attached from
 * {@value #UNITS} where Velox's metadata definition fixes them. {@code primary} = the first Image item, else the
 * first item of any kind.
 */
public final class VeloxEmdReader implements Reader {

    static final String UNITS = "emmeta/velox/units.json";
    /** Items read per file: a real file holds a handful; a hostile one must not make us walk thousands. */
    static final int MAX_ITEMS = 256;
    static final int MAX_JSON_BYTES = 1 << 20;

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> units;

    public VeloxEmdReader() {
        this.units = UnitTable.load(UNITS);
    }

    @Override
    public Set<Format> formats() {
        return Set.of(Format.VELOX_EMD);
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        MetadataTree root = new MetadataTree();
        MetadataTree primary = null;
        MetadataTree firstAny = null;
        try {
            HdfFile file = probe.hdf5().file();
            for (String name : List.of("Version", "Info")) {
                if (file.getChildren().get(name) instanceof Dataset ds) {
                    String text = Hdf5Text.of(ds);
                    if (text != null) {
                        root.put(name, jsonTree(text, name, warnings));
                    }
                }
            }
            if (!(file.getChildren().get("Data") instanceof Group data)) {
                throw new ExtractionException(ErrorCode.CORRUPT, "Velox file without a /Data group");
            }
            MetadataTree dataTree = root.section("Data");
            int items = 0;
            for (Node kindNode : data.getChildren().values()) {
                if (!(kindNode instanceof Group kind)) {
                    continue;
                }
                for (Node itemNode : kind.getChildren().values()) {
                    if (!(itemNode instanceof Group item)) {
                        continue;
                    }
                    if (++items > MAX_ITEMS) {
                        warnings.add(new Problem(ErrorCode.TOO_LARGE, "more than " + MAX_ITEMS
                                + " data items; the rest were not read"));
                        break;
                    }
                    MetadataTree itemTree = readItem(item, kind.getName() + "/" + item.getName(), warnings);
                    if (itemTree == null) {
                        continue;
                    }
                    dataTree.section(kind.getName()).put(item.getName(), itemTree);
                    if (firstAny == null) {
                        firstAny = itemTree;
                    }
                    if ("Image".equals(kind.getName())) {
                        // the first image that knows when it was taken; else the first image at all
                        if (primary == null || (!hasStartTime(primary) && hasStartTime(itemTree))) {
                            primary = itemTree;
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // jHDF on a cut or inconsistent file: a typed error, never a crash
            String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new ExtractionException(looksTruncated(e) ? ErrorCode.TRUNCATED : ErrorCode.CORRUPT,
                    "HDF5 structure: " + msg, e);
        }
        if (firstAny == null) {
            throw new ExtractionException(ErrorCode.CORRUPT, "no readable Metadata in any /Data item");
        }
        long declared = Hdf5Container.declaredEnd(probe.source());
        if (declared > probe.size()) {
            // the metadata came through, but the datasets after it are cut: the record must not read clean
            warnings.add(new Problem(ErrorCode.TRUNCATED, "the HDF5 superblock declares " + declared
                    + " bytes but the object has " + probe.size() + ": the data arrays are cut, the metadata is not"));
        }
        return new ReadResult(root, primary != null ? primary : firstAny, warnings);
    }

    private MetadataTree readItem(Group item, String where, List<Problem> warnings) {
        if (!(item.getChildren().get("Metadata") instanceof Dataset meta)) {
            warnings.add(new Problem(ErrorCode.CORRUPT, where + ": no Metadata dataset"));
            return null;
        }
        int[] dims = meta.getDimensions();
        if (dims.length == 0 || dims[0] <= 0) {
            warnings.add(new Problem(ErrorCode.CORRUPT, where + ": Metadata has shape " + java.util.Arrays.toString(dims)));
            return null;
        }
        int length = Math.min(dims[0], MAX_JSON_BYTES);
        int frames = dims.length > 1 ? dims[1] : 1;
        String first = column(meta, 0, length, dims.length);
        if (first == null || first.isBlank()) {
            warnings.add(new Problem(ErrorCode.CORRUPT, where + ": frame 0 metadata is empty"));
            return null;
        }
        MetadataTree tree = new MetadataTree();
        tree.put("frames", Value.integer(frames));
        MetadataTree parsed = jsonTree(first, where, warnings);
        if (frames > 1) {
            String last = column(meta, frames - 1, length, dims.length);
            if (last != null && !last.isBlank()) {
                List<String> varying = differences(first, last);
                if (!varying.isEmpty()) {
                    tree.put("varyingAcrossFrames", Value.text(String.join(", ", varying)));
                }
            }
        }
        parsed.entries().forEach((k, v) -> {
            if (v instanceof MetadataTree t) {
                tree.put(k, t);
            } else {
                tree.put(k, (Value) v);
            }
        });
        derive(tree);
        return tree;
    }

    /** One frame's JSON: a (length x 1) slice of the uint8 array, cut at the first NUL. */
    private static String column(Dataset meta, int frame, int length, int rank) {
        Object data = rank > 1 ? meta.getData(new long[] {0, frame}, new int[] {length, 1})
                : meta.getData(new long[] {0}, new int[] {length});
        byte[] bytes = new byte[length];
        int n = 0;
        for (int i = 0; i < length; i++) {
            Object row = Array.get(data, i);
            int b = row.getClass().isArray() ? ((Number) Array.get(row, 0)).intValue() : ((Number) row).intValue();
            if (b == 0) {
                break;
            }
            bytes[n++] = (byte) b;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private List<String> differences(String first, String last) {
        try {
            Map<String, String> a = new LinkedHashMap<>();
            Map<String, String> b = new LinkedHashMap<>();
            flatten(json.readTree(first), "", a);
            flatten(json.readTree(last), "", b);
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, String> e : a.entrySet()) {
                if (!e.getValue().equals(b.get(e.getKey()))) {
                    out.add(e.getKey());
                }
            }
            return out;
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static void flatten(JsonNode n, String path, Map<String, String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "/" + e.getKey(), out);
            }
        } else {
            out.put(path, n.asText());
        }
    }

    private MetadataTree jsonTree(String text, String where, List<Problem> warnings) {
        try {
            JsonNode node = json.readTree(text);
            MetadataTree t = new MetadataTree();
            if (node != null && node.isObject()) {
                fill(t, node, "");
            } else if (node != null) {
                t.put("value", typed(node.asText(), null));
            }
            return t;
        } catch (JsonProcessingException e) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": metadata is not JSON ("
                    + e.getOriginalMessage() + ")"));
            MetadataTree t = new MetadataTree();
            t.put("raw", Value.text(text.length() > 2000 ? text.substring(0, 2000) + "…" : text));
            return t;
        }
    }

    private void fill(MetadataTree t, JsonNode obj, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path.isEmpty() ? e.getKey() : path + "/" + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                fill(t.section(e.getKey()), v, p);
            } else if (v.isArray()) {
                MetadataTree arr = t.section(e.getKey());
                int i = 0;
                for (JsonNode x : v) {
                    if (x.isObject()) {
                        fill(arr.section(Integer.toString(i)), x, p + "/" + i);
                    } else if (!x.isNull()) {
                        arr.put(Integer.toString(i), typed(x.asText(), null));
                    }
                    i++;
                }
            } else if (!v.isNull() && !v.asText().isEmpty()) {
                t.add(e.getKey(), typed(v.asText(), unitFor(p)));
            }
        }
    }

    /** The unit Velox's definition fixes for a path, matched on its last one or two segments. */
    String unitFor(String path) {
        String[] parts = path.split("/");
        String last = parts[parts.length - 1];
        if (parts.length >= 2) {
            String two = parts[parts.length - 2] + "/" + last;
            if (units.containsKey(two)) {
                return units.get(two);
            }
        }
        return units.get(last);
    }

    static Value typed(String s, String unit) {
        String t = s.strip();
        if (t.length() > 1 && t.startsWith("0") && !t.startsWith("0.") && !t.startsWith("0e") && !t.startsWith("0E")) {
            return new Value(s, null, null); // identifiers like the all-zero guid stay text
        }
        if (INTEGER.matcher(t).matches()) {
            return new Value(Long.parseLong(t), unit, null);
        }
        if (NUMBER.matcher(t).matches()) {
            return new Value(Double.parseDouble(t), unit, null);
        }
        if ("true".equalsIgnoreCase(t) || "false".equalsIgnoreCase(t)) {
            return new Value(Boolean.parseBoolean(t), null, null);
        }
        return new Value(s, null, null);
    }

    private static boolean hasStartTime(MetadataTree item) {
        Value v = item.get("Acquisition/AcquisitionStartDatetime/DateTime");
        return v != null && v.isNumber() && v.asDouble() > 0;
    }

    /**
     * Facts that are in the JSON but not addressable by a fixed path: the pixel size's unit (written beside it as
     * PixelUnitX/Y, "m" or "1/m"), and each aperture's diameter by its name (Aperture-N numbering varies).
     */
    private static void derive(MetadataTree item) {
        MetadataTree binary = item.getTree("BinaryResult");
        if (binary != null && binary.getTree("PixelSize") != null) {
            MetadataTree px = binary.getTree("PixelSize");
            attachUnit(px, "width", binary.text("PixelUnitX"));
            attachUnit(px, "height", binary.text("PixelUnitY"));
        }
        MetadataTree apertures = item.getTree("Optics/Apertures");
        if (apertures != null) {
            MetadataTree byName = null;
            for (Object a : apertures.entries().values()) {
                if (a instanceof MetadataTree ap && ap.text("Name") != null && ap.get("Diameter") != null) {
                    if (byName == null) {
                        byName = item.section("derived").section("aperturesByName");
                    }
                    byName.put(ap.text("Name"), ap.get("Diameter"));
                }
            }
        }
    }

    private static void attachUnit(MetadataTree t, String key, String unit) {
        Value v = t.get(key);
        if (v != null && unit != null && v.unit() == null) {
            t.put(key, v.withUnit(unit));
        }
    }

    private static boolean looksTruncated(RuntimeException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("end of") || m.contains("eof") || m.contains("beyond") || m.contains("exceed")
                || e instanceof java.nio.BufferUnderflowException;
    }
}
