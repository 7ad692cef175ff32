package io.emmeta.core.read.velox;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.hdf5.Hdf5Container;
import io.emmeta.core.container.hdf5.Hdf5Image;
import io.emmeta.core.container.hdf5.Hdf5Prefetch;
import io.emmeta.core.container.hdf5.Hdf5Text;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * Thermo Fisher Velox {@code .emd} (HDF5). Reads the root {@code Version} and {@code Info} JSON strings and, for
 * every item under {@code /Data/<kind>/<uuid>}, the JSON of the first frame of its {@code Metadata} column set
 * (plus, for stacks, the last frame to record what changes). Pixel, spectrum and event data are never read.
 *
 * <p>Original tree:
 * <pre>
 * Version/{version, format}          root Version JSON
 * Info/{applicationVersion}          root Info JSON (the Velox build)
 * Data/&lt;kind&gt;/&lt;uuid&gt;/frames           number of Metadata columns (frames)
 * Data/&lt;kind&gt;/&lt;uuid&gt;/&lt;JSON sections&gt; Core, Instrument, Acquisition, Optics, Stage, Scan, Detectors, ...
 * Data/&lt;kind&gt;/&lt;uuid&gt;/derived/aperturesByName/&lt;C1|C2|C3|OBJ|SA&gt;  each aperture's Diameter, by name
 * Data/&lt;kind&gt;/&lt;uuid&gt;/varyingAcrossFrames  paths (comma-separated) that differ in the last frame
 * Data/&lt;kind&gt;/&lt;uuid&gt;/lastFrame/...     only the leaves whose value in the last frame differs from frame 0
 * Data/Text/&lt;uuid&gt;/text              the acquisition log, URL-decoded
 * </pre>
 * Primary: the tree of the first Image item that has a start time (Velox 3.x writes DateTime "0" into derived
 * images), else the first Image, else the first item with metadata; plus a section
 * {@code Emd/{kind, uuid, Version/..., Info/...}} so the mapping can reach file-level facts (Velox's version).
 */
public final class VeloxEmdReader implements Reader {

    /** Items whose metadata is read; a file with more gets a warning, not a longer read. */
    static final int MAX_ITEMS = 256;
    /** Total bytes of metadata JSON read per file (all items together). */
    static final long MAX_TOTAL_JSON_BYTES = 16L << 20;
    /** Items whose last frame is read to summarise per-frame changes. */
    static final int MAX_LAST_FRAME_READS = 32;
    /** Root/Text JSON strings larger than this are not Velox's small descriptors. */
    static final int MAX_SMALL_TEXT = 1 << 20;

    private final VeloxJsonTree json;

    public VeloxEmdReader() {
        this(VeloxUnits.defaults());
    }

    VeloxEmdReader(VeloxUnits units) {
        this.json = new VeloxJsonTree(units);
    }

    public static final FormatSpec FORMAT = new FormatSpec("hdf5/velox-emd", "Thermo Fisher Scientific", Technique.TEM,
            List.of(".emd"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** Velox writes a /Version dataset naming itself (or the SDK it was written with). */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.HDF5) {
            return Optional.empty();
        }
        HdfFile f = probe.hdf5().file();
        Node version = f.getChildren().get("Version");
        if (version instanceof Dataset ds) {
            String v = Hdf5Text.of(ds);
                if (v != null && (v.contains("Velox") || v.contains("DevelopersKit"))) {
                List<String> ev = new ArrayList<>();
                ev.add("/Version = " + v.strip());
                if (f.getChildren().get("Data") instanceof Group) {
                    ev.add("/Data group present");
                }
                return Optional.of(Sniff.certain(FORMAT, "hdf5", ev));
            }
        }
        return Optional.empty();
    }

    /**
     * What {@link #read} visits, for the prefetch: the root and {@code /Data} down to each item's children listed,
     * the items' {@code Metadata} columns (first and last frame), Text items and root descriptors by value.
     */
    static final Hdf5Prefetch.Plan WALK = new Hdf5Prefetch.Plan() {
        @Override
        public boolean lists(String group) {
            return group.equals("/") || group.equals("/Data") || depthUnderData(group) == 1
                    || depthUnderData(group) == 2;
        }

        @Override
        public Hdf5Prefetch.Want wants(String dataset) {
            int depth = depthUnderData(dataset);
            if (depth == 3 && dataset.endsWith("/Metadata")) {
                return Hdf5Prefetch.Want.COLUMN_ENDS;
            }
            return depth == 2 || dataset.indexOf('/', 1) < 0 ? Hdf5Prefetch.Want.VALUE : Hdf5Prefetch.Want.HEADER;
        }

        /** Levels below /Data: 1 for /Data/Image, 2 for an item, 3 for an item's dataset; 0 outside /Data. */
        private int depthUnderData(String path) {
            if (!path.startsWith("/Data/")) {
                return 0;
            }
            return (int) path.chars().filter(c -> c == '/').count() - 1;
        }
    };

    @Override
    public Hdf5Prefetch.Plan hdf5Walk() {
        return WALK;
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        Hdf5Container hdf5 = probe.readableHdf5();
        // normally fetched when the file was opened (hdf5Walk); a probe opened without the plan fetches it here
        Hdf5Prefetch.run(probe.source(), WALK);
        HdfFile file = hdf5.call("Velox file", hdf5::file);
        List<Problem> warnings = new ArrayList<>();
        MetadataTree version = rootJson(hdf5, file, "Version", warnings);
        MetadataTree info = rootJson(hdf5, file, "Info", warnings);
        Items items = readItems(hdf5, dataGroup(hdf5, file), warnings);
        Item chosen = items.chosen();
        warnIfArraysCut(probe, warnings);

        MetadataTree original = new MetadataTree();
        if (version != null) {
            original.put("Version", version);
        }
        if (info != null) {
            original.put("Info", info);
        }
        original.put("Data", items.tree);
        ImageRef image = firstImage(hdf5, file, chosen, warnings); // before the result copies the warnings
        // a file with no image (a single EDS spectrum) shows its first spectrum, a plain array of a few KB
        SpectrumRef spectrum = image == null ? firstSpectrum(hdf5, file, items.tree, warnings) : null;
        ReadResult result = new ReadResult(original, primaryTree(chosen, version, info), warnings);
        return image == null ? result.withSpectrum(spectrum) : result.withImage(image);
    }

    /**
     * The counts of the first {@code /Data/Spectrum} item, handed to the preview as they are: a 1-D array (or one
     * column of {@code (channels, 1)}) of at most {@link SpectrumRef#MAX_CHANNELS} numbers, so reading it costs a few
     * KB. Its energy axis is the one HyperSpy gives it: the {@code Detectors} entry whose name contains
     * {@code BinaryResult/Detector} holds {@code OffsetEnergy} and {@code Dispersion} in eV. The spectrum stream of a
     * spectrum image (compressed events) is never decoded. Null when there is no such spectrum; a typed "preview: ..."
     * warning when it is there but cannot be plotted.
     */
    private static SpectrumRef firstSpectrum(Hdf5Container hdf5, HdfFile file, MetadataTree items,
            List<Problem> warnings) {
        String where = "/Data/Spectrum";
        try {
            Node spectra = hdf5.call(where, () -> file.getChildren().get("Data") instanceof Group d
                    ? d.getChildren().get("Spectrum") : null);
            if (!(spectra instanceof Group group)) {
                return null;
            }
            String uuid = hdf5.call(where, () -> group.getChildren().keySet().stream().findFirst().orElse(null));
            MetadataTree meta = uuid == null ? null : items.getTree("Spectrum/" + uuid);
            if (meta == null) {
                return null;
            }
            where = "/Data/Spectrum/" + uuid + "/Data";
            String path = where;
            Node data = hdf5.call(where, () -> group.getChildren().get(uuid) instanceof Group g
                    ? g.getChildren().get("Data") : null);
            if (!(data instanceof Dataset ds)) {
                return null;
            }
            int[] dims = hdf5.call(where, ds::getDimensions);
            long channels = dims.length == 0 ? 0 : dims[0];
            if (dims.length > 2 || dims.length == 2 && dims[1] != 1 || channels < 1) {
                return null; // a stack of spectra or another layout: not plotted
            }
            if (channels > SpectrumRef.MAX_CHANNELS) {
                warnings.add(new Problem(ErrorCode.TOO_LARGE, "preview: " + path + " declares " + channels
                        + " channels, more than " + SpectrumRef.MAX_CHANNELS));
                return null;
            }
            double[] counts = numbers(hdf5.call(where, ds::getData), (int) channels, path);
            double[] axis = energyAxis(meta);
            if (axis == null) {
                warnings.add(new Problem(ErrorCode.CORRUPT, "preview: the spectrum at " + path
                        + " has no energy calibration (Detectors' OffsetEnergy and Dispersion)"));
                return null;
            }
            return SpectrumRef.inline(counts, axis[0], axis[1], "eV");
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), e.getMessage().startsWith("preview") ? e.getMessage()
                    : "preview: " + e.getMessage()));
            return null;
        }
    }

    /** A numeric array of rank 1 or 2 (one column), flattened; its length must be the declared channel count. */
    private static double[] numbers(Object data, int channels, String where) throws ExtractionException {
        double[] out = new double[channels];
        int n = 0;
        if (data != null && data.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(data) && n <= channels; i++) {
                Object e = Array.get(data, i);
                Object v = e != null && e.getClass().isArray() && Array.getLength(e) == 1 ? Array.get(e, 0) : e;
                if (!(v instanceof Number num) || n == channels) {
                    n = -1;
                    break;
                }
                out[n++] = num.doubleValue();
            }
        }
        if (n != channels) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: " + where + " does not hold " + channels
                    + " numbers");
        }
        return out;
    }

    /** {@code [offset, dispersion]} in eV from the Detectors entry of the item's detector; null when absent. */
    private static double[] energyAxis(MetadataTree meta) {
        Value detector = meta.get("BinaryResult/Detector");
        MetadataTree detectors = meta.getTree("Detectors");
        if (detector == null || detectors == null) {
            return null;
        }
        String name = detector.asText().strip();
        for (Object o : detectors.entries().values()) {
            if (o instanceof MetadataTree d && d.get("DetectorName") != null && !name.isEmpty()
                    && d.get("DetectorName").asText().contains(name) && d.get("Dispersion") != null
                    && d.get("OffsetEnergy") != null) {
                try {
                    return new double[] {Double.parseDouble(d.get("OffsetEnergy").asText().strip()),
                            Double.parseDouble(d.get("Dispersion").asText().strip())};
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * Where the preview finds its pixels: frame 0 of the primary image (else the first image item), whose
     * {@code Data} array is {@code (height, width, frames)}. A spectrum image's picture is its image signal (HAADF,
     * ...) under {@code /Data/Image}; its spectrum stream is never looked at. A file without an image has no preview;
     * an image that cannot be shown costs a typed "preview: ..." warning.
     */
    private static ImageRef firstImage(Hdf5Container hdf5, HdfFile file, Item chosen, List<Problem> warnings) {
        String where = "/Data/Image";
        try {
            Node images = hdf5.call(where, () -> file.getChildren().get("Data") instanceof Group d
                    ? d.getChildren().get("Image") : null);
            if (!(images instanceof Group group)) {
                return null;
            }
            String uuid = chosen.kind.equals("Image") ? chosen.uuid
                    : hdf5.call(where, () -> group.getChildren().keySet().stream().findFirst().orElse(null));
            if (uuid == null) {
                return null;
            }
            where = "/Data/Image/" + uuid + "/Data";
            String path = where;
            Node data = hdf5.call(where, () -> group.getChildren().get(uuid) instanceof Group g
                    ? g.getChildren().get("Data") : null);
            if (!(data instanceof Dataset ds)) {
                warnings.add(new Problem(ErrorCode.CORRUPT, "preview: " + path + " is missing"));
                return null;
            }
            ImageRef ref = Hdf5Image.first(hdf5, ds, 0, where);
            // pixels in reciprocal space ('1/m', as BinaryResult states it): a diffraction pattern, shown on a log scale
            Value unit = chosen.kind.equals("Image") ? chosen.tree.get("BinaryResult/PixelUnitX") : null;
            return unit != null && "1/m".equals(String.valueOf(unit.value()).strip()) ? ref.asDiffraction() : ref;
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), e.getMessage().startsWith("preview") ? e.getMessage()
                    : "preview: " + e.getMessage()));
            return null;
        }
    }

    private static Group dataGroup(Hdf5Container hdf5, HdfFile file) throws ExtractionException {
        Node data = hdf5.call("/Data", () -> file.getChildren().get("Data"));
        if (!(data instanceof Group dataGroup)) {
            throw new ExtractionException(ErrorCode.CORRUPT, "Velox file without a /Data group");
        }
        return dataGroup;
    }

    /**
     * Every item under {@code /Data/<kind>} (up to {@link #MAX_ITEMS}): one that cannot be read costs a warning; a
     * failure that is not the item's (the store, the deadline, an impossible size) ends the read (Hdf5Container).
     */
    private Items readItems(Hdf5Container hdf5, Group dataGroup, List<Problem> warnings) throws ExtractionException {
        Items items = new Items();
        Budget budget = new Budget();
        for (Map.Entry<String, Node> kindEntry : hdf5.call("/Data", () -> List.copyOf(dataGroup.getChildren()
                .entrySet()))) {
            if (!(kindEntry.getValue() instanceof Group kindGroup)) {
                continue;
            }
            String kind = kindEntry.getKey();
            MetadataTree kindTree = new MetadataTree();
            for (Map.Entry<String, Node> itemEntry : hdf5.call("/Data/" + kind, () -> List.copyOf(kindGroup
                    .getChildren().entrySet()))) {
                if (budget.items >= MAX_ITEMS) {
                    budget.skippedItems++;
                    continue;
                }
                budget.items++;
                String uuid = itemEntry.getKey();
                MetadataTree itemTree;
                try {
                    itemTree = readItem(hdf5, itemEntry.getValue(), "/Data/" + kind + "/" + uuid, budget, warnings);
                } catch (ExtractionException e) {
                    warnings.add(e.toProblem());
                    items.firstProblem = items.firstProblem == null ? e.toProblem() : items.firstProblem;
                    continue;
                }
                if (itemTree != null) {
                    kindTree.put(uuid, itemTree);
                    items.add(kind, uuid, itemTree);
                }
            }
            if (!kindTree.isEmpty()) {
                items.tree.put(kind, kindTree);
            }
        }
        if (budget.skippedItems > 0) {
            warnings.add(new Problem(ErrorCode.TOO_LARGE, budget.skippedItems + " further items under /Data not read"
                    + " (metadata is read for the first " + MAX_ITEMS + ")"));
        }
        return items;
    }

    /** The items read, and which of them gives the primary tree. */
    private static final class Items {
        final MetadataTree tree = new MetadataTree();
        Item primary;
        Item firstAny;
        Problem firstProblem;

        void add(String kind, String uuid, MetadataTree itemTree) {
            if (kind.equals("Text")) {
                return; // the acquisition log: kept in the tree, never the primary
            }
            Item item = new Item(kind, uuid, itemTree);
            firstAny = firstAny == null ? item : firstAny;
            if (kind.equals("Image") && (primary == null || (!hasStartTime(primary.tree) && hasStartTime(itemTree)))) {
                // the first image that knows when it was taken (Velox 3.x writes DateTime "0" into derived images),
                // else the first image at all
                primary = item;
            }
        }

        /** The primary item; with none read at all, the read fails with the first item's problem. */
        Item chosen() throws ExtractionException {
            Item chosen = primary != null ? primary : firstAny;
            if (chosen != null) {
                return chosen;
            }
            if (firstProblem != null) {
                throw new ExtractionException(firstProblem.code(), "no item metadata could be read; first problem: "
                        + firstProblem.message());
            }
            throw new ExtractionException(ErrorCode.CORRUPT, "Velox file without any item metadata under /Data");
        }
    }

    /** The metadata came through, but if the arrays after it are cut the record must not read clean. */
    private static void warnIfArraysCut(Probe probe, List<Problem> warnings) throws IOException {
        long declared = Hdf5Container.declaredEnd(probe.source());
        if (declared > probe.size()) {
            warnings.add(new Problem(ErrorCode.TRUNCATED, "the HDF5 superblock declares " + declared
                    + " bytes but the object has " + probe.size() + ": data arrays are cut, the metadata is not"));
        }
    }

    private static boolean hasStartTime(MetadataTree item) {
        Value v = item.get("Acquisition/AcquisitionStartDatetime/DateTime");
        return v != null && v.isNumber() && v.asDouble() > 0;
    }

    private static MetadataTree primaryTree(Item item, MetadataTree version, MetadataTree info) {
        MetadataTree p = new MetadataTree();
        for (Map.Entry<String, Object> e : item.tree.entries().entrySet()) {
            if (e.getValue() instanceof MetadataTree t) {
                p.put(e.getKey(), t);
            } else {
                p.put(e.getKey(), (Value) e.getValue());
            }
        }
        MetadataTree emd = new MetadataTree();
        emd.put("kind", Value.text(item.kind));
        emd.put("uuid", Value.text(item.uuid));
        if (version != null) {
            emd.put("Version", version);
        }
        if (info != null) {
            emd.put("Info", info);
        }
        p.put("Emd", emd);
        return p;
    }

    /** One item: Text items are a dataset holding a URL-encoded log; all others a group with a Metadata dataset. */
    private MetadataTree readItem(Hdf5Container hdf5, Node node, String where, Budget budget, List<Problem> warnings)
            throws ExtractionException {
        if (node instanceof Dataset ds) {
            String text = hdf5.call(where, () -> smallText(ds, where));
            if (text == null) {
                return null;
            }
            byte[] b = bytes(text);
            try {
                return json.convert(VeloxJsonTree.parseObject(b, b.length), false, true);
            } catch (JsonProcessingException e) {
                MetadataTree t = new MetadataTree();
                t.put("text", Value.text(VeloxJsonTree.percentDecode(text)));
                return t;
            }
        }
        if (!(node instanceof Group g)) {
            return null;
        }
        Node md = hdf5.call(where, () -> g.getChildren().get("Metadata"));
        if (!(md instanceof Dataset mds)) {
            warnings.add(new Problem(ErrorCode.CORRUPT, where + ": no Metadata dataset"));
            return null;
        }
        MetadataColumn column = hdf5.call(where, () -> MetadataColumn.of(mds));
        byte[] first = budget.take(hdf5.call(where, () -> column.read(0)), where);
        JsonNode firstJson = parse(first, where + "/Metadata frame 0");
        MetadataTree tree = new MetadataTree();
        tree.put("frames", Value.integer(column.frames()));
        MetadataTree converted = json.convert(firstJson, true, false);
        for (Map.Entry<String, Object> e : converted.entries().entrySet()) {
            if (e.getValue() instanceof MetadataTree t) {
                tree.put(e.getKey(), t);
            } else {
                tree.put(e.getKey(), (Value) e.getValue());
            }
        }
        DerivedFacts.add(tree);
        if (column.frames() > 1 && budget.lastFrameReads < MAX_LAST_FRAME_READS) {
            budget.lastFrameReads++;
            addLastFrame(hdf5, column, converted, tree, where, budget, warnings);
        }
        return tree;
    }

    /** What changes over a stack: the last frame's leaves that differ from frame 0. A failure costs a warning. */
    private void addLastFrame(Hdf5Container hdf5, MetadataColumn column, MetadataTree first, MetadataTree tree,
            String where, Budget budget, List<Problem> warnings) {
        long last = column.frames() - 1;
        String frame = where + "/Metadata frame " + last;
        try {
            byte[] lastBytes = budget.take(hdf5.call(frame, () -> column.read(last)), where);
            MetadataTree lastTree = json.convert(parse(lastBytes, frame), true, false);
            MetadataTree diff = FrameDiff.changed(first, lastTree);
            if (!diff.isEmpty()) {
                tree.put("varyingAcrossFrames", Value.text(String.join(", ", FrameDiff.leafPaths(diff))));
                tree.put("lastFrame", diff);
            }
        } catch (ExtractionException e) {
            warnings.add(e.toProblem());
        }
    }

    private static JsonNode parse(byte[] bytes, String where) throws ExtractionException {
        if (bytes.length == 0) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, where + ": empty metadata");
        }
        try {
            return VeloxJsonTree.parseObject(bytes, bytes.length);
        } catch (JsonProcessingException e) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT,
                    where + ": metadata is not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** The root Version or Info JSON; absent → null, unreadable → warning. */
    private MetadataTree rootJson(Hdf5Container hdf5, HdfFile file, String name, List<Problem> warnings)
            throws ExtractionException {
        Node n = hdf5.call("/" + name, () -> file.getChildren().get(name));
        if (!(n instanceof Dataset ds)) {
            return null;
        }
        String text;
        try {
            text = hdf5.call("/" + name, () -> smallText(ds, "/" + name));
        } catch (ExtractionException e) {
            warnings.add(e.toProblem());
            return null;
        }
        if (text == null) {
            return null;
        }
        byte[] b = bytes(text);
        try {
            return json.convert(VeloxJsonTree.parseObject(b, b.length), true, false);
        } catch (JsonProcessingException e) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, "/" + name + " is not JSON"));
            MetadataTree t = new MetadataTree();
            t.put("text", Value.text(text.strip()));
            return t;
        }
    }

    /** Text of a one-element string (or byte) dataset, refusing anything that is not small. */
    private static String smallText(Dataset ds, String where) throws ExtractionException {
        if (ds.getSize() > 16 || ds.getSizeInBytes() > MAX_SMALL_TEXT) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, where + ": " + ds.getSize() + " elements, expected 1");
        }
        Object data = ds.getData();
        while (data != null && data.getClass().isArray() && !(data instanceof byte[])) {
            data = Array.getLength(data) == 0 ? null : Array.get(data, 0);
        }
        String s;
        if (data instanceof String str) {
            s = str;
        } else if (data instanceof byte[] b) {
            int end = 0;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            s = new String(b, 0, end, StandardCharsets.UTF_8);
        } else {
            return null;
        }
        if (s.length() > MAX_SMALL_TEXT) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, where + ": text of " + s.length() + " characters");
        }
        return s.isBlank() ? null : s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Item(String kind, String uuid, MetadataTree tree) {
    }

    /** Counts what one file has cost so far. */
    private static final class Budget {
        int items;
        int skippedItems;
        int lastFrameReads;
        long jsonBytes;

        byte[] take(byte[] b, String where) throws ExtractionException {
            jsonBytes += b.length;
            if (jsonBytes > MAX_TOTAL_JSON_BYTES) {
                throw new ExtractionException(ErrorCode.TOO_LARGE, where + ": metadata JSON beyond "
                        + MAX_TOTAL_JSON_BYTES + " bytes in total, item skipped");
            }
            return b;
        }
    }
}
