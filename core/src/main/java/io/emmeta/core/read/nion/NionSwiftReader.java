package io.emmeta.core.read.nion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

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
import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;

/**
 * Nion Swift data items ({@code .ndata}): a ZIP of {@code data.npy} (the pixels) and
 * {@code metadata.json} (the item's properties: {@code created}, {@code data_shape}, per-dimension
 * {@code dimensional_calibrations} with units, the instrument's {@code metadata} dict — empty for an imported image).
 * Only the central directory, the {@code metadata.json} entry and the head of {@code data.npy} (its {@code .npy}
 * header, to hand the first image's place on to the preview) are read, by ranges.
 *
 * <p>{@code derived/startTime} is {@code created} marked UTC: Nion Swift writes its timestamps in UTC and keeps the
 * local zone beside them ({@code timezone}, {@code timezone_offset}). {@code derived/pixelSize/x|y} is the calibration
 * of the last two (datum) dimensions, x the last, each only where its unit is a length; an uncalibrated dimension
 * (scale 1, no unit) gives none.
 */
public final class NionSwiftReader implements Reader {

    public static final FormatSpec FORMAT = new FormatSpec("zip/nion-swift-ndata", "Nion", Technique.TEM,
            List.of(".ndata"));

    static final int MAX_METADATA_BYTES = 4 << 20;
    static final int MAX_DEPTH = 64;
    static final int MAX_VALUES = 100_000;

    private static final Set<String> LENGTH_UNITS = Set.of("m", "mm", "µm", "um", "nm", "pm", "Å");

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** A ZIP whose central directory lists exactly Nion's two entries, {@code data.npy} and {@code metadata.json}. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.ZIP) {
            return Optional.empty();
        }
        List<ZipDirectory.Entry> entries;
        try {
            entries = ZipDirectory.read(probe.source());
        } catch (ExtractionException e) {
            return Optional.empty(); // not a directory we can read: the detector names it a plain ZIP
        }
        Set<String> names = new java.util.HashSet<>();
        entries.forEach(e -> names.add(e.name()));
        if (names.equals(Set.of("data.npy", "metadata.json"))) {
            return Optional.of(Sniff.certain(FORMAT, "zip", "ZIP entries data.npy and metadata.json (Nion Swift)"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        ZipDirectory.Entry meta = null;
        ZipDirectory.Entry data = null;
        for (ZipDirectory.Entry e : ZipDirectory.read(probe.source())) {
            if (e.name().equals("metadata.json")) {
                meta = e;
            } else if (e.name().equals("data.npy")) {
                data = e;
            }
        }
        if (meta == null) {
            throw new ExtractionException(ErrorCode.CORRUPT, "Nion .ndata without a metadata.json entry");
        }
        byte[] json = ZipDirectory.content(probe.source(), meta, MAX_METADATA_BYTES);
        List<Problem> warnings = new ArrayList<>();
        MetadataTree tree = parse(json);
        MetadataTree derived = new MetadataTree();
        startTime(tree, derived);
        pixelSizes(tree, derived);
        if (!derived.isEmpty()) {
            tree.put("derived", derived);
        }
        // both before the result copies the warnings
        ImageRef image = image(probe, data, tree, warnings);
        SpectrumRef spectrum = image == null ? spectrum(probe, data, tree, warnings) : null;
        return ReadResult.of(tree, warnings).withImage(image).withSpectrum(spectrum);
    }

    /**
     * Where data.npy's first image lies, for the preview: a data item with two datum dimensions (an image, or a
     * sequence or collection of images, whose first the preview shows). One-dimensional data (a spectrum, a spectrum
     * image) has none. A datum calibrated in an inverse length or an angle is a diffraction pattern (log scale). A
     * data.npy the preview cannot use is a typed "preview: …" warning; the metadata stands.
     */
    private static ImageRef image(Probe probe, ZipDirectory.Entry data, MetadataTree tree, List<Problem> warnings)
            throws IOException {
        Value datum = tree.get("datum_dimension_count");
        if (data == null || datum == null || !(datum.value() instanceof Long l) || l != 2) {
            return null;
        }
        MetadataTree cals = tree.getTree("dimensional_calibrations");
        MetadataTree last = cals == null ? null : cals.getTree(Integer.toString(cals.size() - 1));
        String unit = last == null || last.text("units") == null ? "" : last.text("units").strip();
        boolean diffraction = unit.startsWith("1/") || unit.equals("rad") || unit.equals("mrad");
        try {
            // the item's own dimensions (sequence, collection, datum): one more in data.npy is RGB(A)
            Value collection = tree.get("collection_dimension_count");
            Value sequence = tree.get("is_sequence");
            int dims = 2 + (collection != null && collection.value() instanceof Long c ? (int) (long) c : 0)
                    + (sequence != null && Boolean.TRUE.equals(sequence.value()) ? 1 : 0);
            return NpyImage.firstImage(probe.source(), data, diffraction, dims);
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), e.getMessage().startsWith("preview:") ? e.getMessage()
                    : "preview: " + e.getMessage()));
            return null;
        }
    }

    /**
     * Where data.npy's spectrum lies, for a plotted preview: a data item with one datum dimension (a spectrum, or a
     * sequence or collection of them, plotted as their sum), its energy axis the last dimension's calibration
     * (offset, scale, unit; an uncalibrated axis is numbered by channel). Stored entries only; anything the plot
     * cannot use is a typed "preview: …" warning.
     */
    private static SpectrumRef spectrum(Probe probe, ZipDirectory.Entry data, MetadataTree tree,
            List<Problem> warnings) throws IOException {
        Value datum = tree.get("datum_dimension_count");
        if (data == null || datum == null || !(datum.value() instanceof Long l) || l != 1) {
            return null;
        }
        MetadataTree cals = tree.getTree("dimensional_calibrations");
        MetadataTree last = cals == null ? null : cals.getTree(Integer.toString(cals.size() - 1));
        Value offset = last == null ? null : last.get("offset");
        Value scale = last == null ? null : last.get("scale");
        String unit = last == null || last.text("units") == null ? "" : last.text("units").strip();
        try {
            return NpyImage.spectrum(probe.source(), data, offset != null && offset.isNumber() ? offset.asDouble() : 0,
                    scale != null && scale.isNumber() ? scale.asDouble() : 1, unit);
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), e.getMessage().startsWith("preview:") ? e.getMessage()
                    : "preview: " + e.getMessage()));
            return null;
        }
    }

    /** {@code created} as Nion writes it (UTC, no zone suffix), marked UTC; an unparseable text is left in the tree. */
    private static void startTime(MetadataTree tree, MetadataTree derived) {
        String created = tree.text("created");
        if (created == null) {
            return;
        }
        try {
            LocalDateTime.parse(created.strip());
            derived.put("startTime", new Value(created.strip() + "Z", null, "created (UTC)"));
        } catch (DateTimeParseException e) {
            // left as written; the record keeps the text
        }
    }

    private static void pixelSizes(MetadataTree tree, MetadataTree derived) {
        MetadataTree cals = tree.getTree("dimensional_calibrations");
        Value datum = tree.get("datum_dimension_count");
        if (cals == null || cals.size() < 1) {
            return;
        }
        int n = cals.size();
        int datumDims = datum != null && datum.value() instanceof Long l ? (int) (long) l : 2;
        if (datumDims < 1 || datumDims > n) {
            return;
        }
        pixel(cals.getTree(Integer.toString(n - 1)), derived, "x");
        if (datumDims >= 2) {
            pixel(cals.getTree(Integer.toString(n - 2)), derived, "y");
        }
    }

    private static void pixel(MetadataTree cal, MetadataTree derived, String axis) {
        if (cal == null) {
            return;
        }
        Value scale = cal.get("scale");
        String units = cal.text("units");
        if (scale != null && scale.isNumber() && scale.asDouble() > 0 && units != null
                && LENGTH_UNITS.contains(units.strip())) {
            derived.section("pixelSize").put(axis, Value.number(scale.asDouble(), units.strip()));
        }
    }

    /** metadata.json as a tree: objects are sections, arrays sections keyed 0, 1, ...; nulls and empty texts left out. */
    static MetadataTree parse(byte[] json) throws ExtractionException {
        try (JsonParser p = FACTORY.createParser(new String(json, StandardCharsets.UTF_8))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "metadata.json is not a JSON object");
            }
            MetadataTree root = new MetadataTree();
            int[] count = {0};
            fillObject(p, root, count);
            return root;
        } catch (JsonProcessingException e) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "metadata.json: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "metadata.json: " + e.getMessage(), e);
        }
    }

    private static void fillObject(JsonParser p, MetadataTree into, int[] count) throws IOException,
            ExtractionException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            value(p, into, into.uniqueKey(key), count);
        }
    }

    private static void value(JsonParser p, MetadataTree into, String key, int[] count) throws IOException,
            ExtractionException {
        Deadline.check();
        if (++count[0] > MAX_VALUES) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "metadata.json has more than " + MAX_VALUES
                    + " values");
        }
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "metadata.json ends early");
        }
        switch (t) {
            case START_OBJECT -> {
                MetadataTree sub = new MetadataTree();
                fillObject(p, sub, count);
                if (!sub.isEmpty()) {
                    into.put(key, sub);
                }
            }
            case START_ARRAY -> {
                MetadataTree sub = new MetadataTree();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() == null) {
                        throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "metadata.json ends in an array");
                    }
                    value(p, sub, Integer.toString(i++), count);
                }
                if (!sub.isEmpty()) {
                    into.put(key, sub);
                }
            }
            case VALUE_STRING -> {
                String s = p.getText();
                if (!s.isEmpty()) {
                    into.put(key, Value.text(s));
                }
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    into.put(key, Value.text(p.getText()));
                } else {
                    into.put(key, Value.integer(p.getLongValue()));
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                into.put(key, Double.isFinite(d) ? Value.number(d, null) : Value.text(p.getText()));
            }
            case VALUE_TRUE, VALUE_FALSE -> into.put(key, new Value(t == JsonToken.VALUE_TRUE, null, null));
            case VALUE_NULL -> {
                // JSON null: absent
            }
            default -> throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "metadata.json: unexpected " + t);
        }
    }
}
