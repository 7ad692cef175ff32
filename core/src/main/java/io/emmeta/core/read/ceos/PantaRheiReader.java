package io.emmeta.core.read.ceos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.zip.NpyImage;
import io.emmeta.core.container.zip.ZipDirectory;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.source.ByteSource;

/**
 * CEOS Panta Rhei {@code .prz}: numpy's {@code savez} ZIP of {@code data.npy} (the pixels), {@code meta_data.npy} (a
 * one-element object array, i.e. a pickle stream), {@code file_format_version.npy} and display settings
 * ({@code data_model.npy}). From version 7 Panta Rhei also writes {@code meta_data_json.npy}, the same dict as JSON in
 * a numpy unicode scalar, and ZIP64 local headers.
 *
 * <p>Read by ranges: the central directory from the end, the version scalar, then the JSON copy where present, else
 * the pickle stream parsed as data by {@link PickleData} (never unpickled: a pickle can run any code), and the first
 * bytes of {@code data.npy} for its shape, which also give the preview the first image's place.
 *
 * <p>{@code derived/} holds what needs more than one key: the pixel size per axis ({@code device.calib[i].value}
 * times its {@code pixel_factor}, the calibration being of the reference frame; only where the unit is {@code m}), the
 * image size from the array shape (numpy order: y, x), and the magnification of the path that made the image
 * ({@code scan_driver.magnification} for a scan, {@code projector.magnification} for a camera, chosen by
 * {@code source.type}).
 */
public final class PantaRheiReader implements Reader {

    public static final FormatSpec FORMAT = new FormatSpec("zip/ceos-panta-rhei", "CEOS", Technique.TEM,
            List.of(".prz"));

    static final String META = "meta_data.npy";
    static final String META_JSON = "meta_data_json.npy";
    static final String DATA = "data.npy";
    static final String VERSION = "file_format_version.npy";

    static final int MAX_METADATA_BYTES = 4 << 20;
    /** An .npy header is padded to a multiple of 64 bytes and is a few hundred at most. */
    static final int NPY_HEAD = 1024;

    /** Python's json module writes NaN and Infinity for non-finite floats; they are read (and kept as text). */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(DataTree.MAX_DEPTH)
                    .maxStringLength(PickleData.MAX_STRING).build())
            .build();

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** A ZIP whose directory lists {@code data.npy} and {@code meta_data.npy}, the two entries every version writes. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.ZIP) {
            return Optional.empty();
        }
        Map<String, ZipDirectory.Entry> entries;
        try {
            entries = byName(probe.source());
        } catch (ExtractionException e) {
            return Optional.empty(); // an unreadable directory: the detector names it a plain ZIP
        }
        if (entries.containsKey(DATA) && entries.containsKey(META)) {
            return Optional.of(Sniff.certain(FORMAT, "zip", "ZIP entries data.npy and meta_data.npy (CEOS Panta Rhei)"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        ByteSource src = probe.source();
        Map<String, ZipDirectory.Entry> entries = byName(src);
        List<Problem> warnings = new ArrayList<>();
        MetadataTree tree;
        String from;
        if (entries.containsKey(META_JSON)) {
            tree = fromJson(ZipDirectory.content(src, entries.get(META_JSON), MAX_METADATA_BYTES));
            from = META_JSON;
        } else if (entries.containsKey(META)) {
            tree = fromPickle(ZipDirectory.content(src, entries.get(META), MAX_METADATA_BYTES));
            from = META + " (pickle stream read as data, not unpickled)";
        } else {
            throw new ExtractionException(ErrorCode.CORRUPT, "Panta Rhei .prz without a meta_data entry");
        }
        MetadataTree file = new MetadataTree();
        file.put("metadataEntry", Value.text(from));
        version(src, entries.get(VERSION), file, warnings);
        List<Long> shape = dataShape(src, entries.get(DATA), warnings);
        if (shape != null) {
            MetadataTree s = new MetadataTree();
            for (int i = 0; i < shape.size(); i++) {
                s.put(Integer.toString(i), Value.integer(shape.get(i)));
            }
            file.put("dataShape", s);
        }
        tree.put(tree.uniqueKey("file"), file);
        MetadataTree derived = derived(tree, shape);
        if (!derived.isEmpty()) {
            tree.put(tree.uniqueKey("derived"), derived);
        }
        ImageRef image = image(src, entries.get(DATA), tree, shape, warnings); // before the result copies the warnings
        return ReadResult.of(tree, warnings).withImage(image);
    }

    /**
     * Where data.npy's first image lies, for the preview: the last two dimensions of its first frame (a stack's first
     * image; of a 4-D scan, the first detector frame). A diffraction pattern (log scale) is a 4-D scan's frame or an
     * image calibrated in an angle or an inverse length. A data.npy the preview cannot use is a typed "preview: …"
     * warning; the metadata stands.
     */
    private static ImageRef image(ByteSource src, ZipDirectory.Entry data, MetadataTree tree, List<Long> shape,
            List<Problem> warnings) throws IOException {
        if (data == null) {
            return null;
        }
        String unit = tree.text("device.calib/0/unit");
        boolean diffraction = (shape != null && shape.size() == 4) || "rad".equals(unit)
                || (unit != null && unit.startsWith("1/"));
        try {
            return NpyImage.firstImage(src, data, diffraction);
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), e.getMessage().startsWith("preview:") ? e.getMessage()
                    : "preview: " + e.getMessage()));
            return null;
        }
    }

    private static Map<String, ZipDirectory.Entry> byName(ByteSource src) throws IOException, ExtractionException {
        Map<String, ZipDirectory.Entry> out = new HashMap<>();
        for (ZipDirectory.Entry e : ZipDirectory.read(src)) {
            out.putIfAbsent(e.name(), e);
        }
        return out;
    }

    private static void version(ByteSource src, ZipDirectory.Entry entry, MetadataTree file, List<Problem> warnings)
            throws IOException {
        if (entry == null) {
            return;
        }
        try {
            byte[] b = ZipDirectory.content(src, entry, NPY_HEAD);
            Long v = Npy.parse(b, VERSION).int64Scalar(b);
            if (v != null) {
                file.put("fileFormatVersion", Value.integer(v));
            }
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), VERSION + " not read: " + e.getMessage()));
        }
    }

    /** The pixel array's shape from the head of data.npy; null (with a warning) when it cannot be read. */
    private static List<Long> dataShape(ByteSource src, ZipDirectory.Entry entry, List<Problem> warnings)
            throws IOException {
        if (entry == null) {
            return null;
        }
        try {
            return Npy.parse(ZipDirectory.head(src, entry, NPY_HEAD), DATA).shape();
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), DATA + " header not read: " + e.getMessage()));
            return null;
        }
    }

    /** meta_data_json.npy: a unicode scalar holding a JSON list whose first item is the metadata dict. */
    static MetadataTree fromJson(byte[] npyBytes) throws ExtractionException {
        Npy npy = Npy.parse(npyBytes, META_JSON);
        Object data = json(npy.unicodeScalar(npyBytes, META_JSON));
        Object first = data instanceof List<?> l && !l.isEmpty() ? l.get(0) : data;
        if (!(first instanceof Map<?, ?>)) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, META_JSON + " holds no metadata dict");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) first;
        return DataTree.toTree(dict);
    }

    /** meta_data.npy: an object array's pickle stream after the .npy header; its first dict is the metadata. */
    static MetadataTree fromPickle(byte[] npyBytes) throws ExtractionException {
        Npy npy = Npy.parse(npyBytes, META);
        if (!npy.descr().equals("|O")) {
            throw new ExtractionException(ErrorCode.CORRUPT, META + ": dtype " + npy.descr() + ", not an object array");
        }
        byte[] stream = java.util.Arrays.copyOfRange(npyBytes, npy.offset(), npyBytes.length);
        Map<String, Object> dict = PickleData.firstDict(PickleData.parse(stream));
        if (dict == null) {
            throw new ExtractionException(ErrorCode.CORRUPT, META + ": the pickle stream holds no dict");
        }
        return DataTree.toTree(dict);
    }

    private static MetadataTree derived(MetadataTree t, List<Long> shape) {
        MetadataTree d = new MetadataTree();
        pixel(t.getTree("device.calib/0"), d, "x");
        pixel(t.getTree("device.calib/1"), d, "y");
        if (shape != null && shape.size() == 2) {
            d.section("imageSize").put("x", Value.integer(shape.get(1)));
            d.section("imageSize").put("y", Value.integer(shape.get(0)));
        }
        String source = t.text("source.type");
        Value mag = "scan_generator".equals(source) ? t.get("scan_driver.magnification")
                : "camera".equals(source) ? t.get("projector.magnification") : null;
        if (mag != null && mag.isNumber() && mag.asDouble() > 0) {
            d.put("magnification", mag);
        }
        return d;
    }

    private static void pixel(MetadataTree calib, MetadataTree d, String axis) {
        if (calib == null || !"m".equals(calib.text("unit"))) {
            return;
        }
        Value value = calib.get("value");
        Value factor = calib.get("pixel_factor");
        if (value == null || !value.isNumber()) {
            return;
        }
        double f = factor != null && factor.isNumber() ? factor.asDouble() : 1;
        double size = value.asDouble() * f;
        if (size > 0 && Double.isFinite(size)) {
            d.section("pixelSize").put(axis, Value.number(size, "m"));
        }
    }

    // ---- JSON as plain data ------------------------------------------------------------------------------------

    static Object json(String text) throws ExtractionException {
        try (JsonParser p = FACTORY.createParser(text.getBytes(StandardCharsets.UTF_8))) {
            if (p.nextToken() == null) {
                throw new ExtractionException(ErrorCode.MALFORMED_TEXT, META_JSON + " is empty");
            }
            return value(p, new int[1]);
        } catch (JsonProcessingException e) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, META_JSON + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, META_JSON + ": " + e.getMessage(), e);
        }
    }

    private static Object value(JsonParser p, int[] count) throws IOException, ExtractionException {
        Deadline.check();
        if (++count[0] > DataTree.MAX_VALUES) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, META_JSON + " has more than " + DataTree.MAX_VALUES
                    + " values");
        }
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, META_JSON + " ends early");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    m.put(key, value(p, count));
                }
                if (p.currentToken() != JsonToken.END_OBJECT) {
                    throw new ExtractionException(ErrorCode.MALFORMED_TEXT, META_JSON + " ends inside an object");
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() == null) {
                        throw new ExtractionException(ErrorCode.MALFORMED_TEXT, META_JSON + " ends inside an array");
                    }
                    l.add(value(p, count));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getText() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return PickleData.NONE;
            default:
                throw new ExtractionException(ErrorCode.MALFORMED_TEXT, META_JSON + ": unexpected " + t);
        }
    }
}
