package io.emmeta.core.read.velox;

import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.hdf5.Hdf5Container;
import io.emmeta.core.container.hdf5.Hdf5Text;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
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
        probe.hdf5().stopIfSizesLied();
        if (version instanceof Dataset ds) {
            String v = Hdf5Text.of(ds);
            probe.hdf5().stopIfSizesLied();
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

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        try {
            return readFile(probe);
        } catch (RuntimeException | StackOverflowError e) {
            io.emmeta.core.problem.Deadline.rethrowIfExpired(e);
            throw classify(probe, e, "Velox file");
        }
    }

    /** After a structure declared more bytes than the file holds, no further item is tried (see Hdf5Container). */
    private static boolean stopAfterImpossibleSize(Probe probe, List<Problem> warnings) {
        if (!probe.hdf5().sawImpossibleSize()) {
            return false;
        }
        warnings.add(new Problem(ErrorCode.CORRUPT, "a structure declares more bytes than the file holds; the remaining"
                + " items are not read, so the declared sizes cannot cost memory again"));
        return true;
    }

    private ReadResult readFile(Probe probe) throws IOException, ExtractionException {
        probe.hdf5().stopIfSizesLied();
        HdfFile file = probe.hdf5().file();
        List<Problem> warnings = new ArrayList<>();
        MetadataTree original = new MetadataTree();

        MetadataTree version = rootJson(probe, file, "Version", warnings);
        probe.hdf5().stopIfSizesLied();
        MetadataTree info = rootJson(probe, file, "Info", warnings);
        probe.hdf5().stopIfSizesLied();
        if (version != null) {
            original.put("Version", version);
        }
        if (info != null) {
            original.put("Info", info);
        }

        Node data = file.getChildren().get("Data");
        if (!(data instanceof Group dataGroup)) {
            throw new ExtractionException(ErrorCode.CORRUPT, "Velox file without a /Data group");
        }
        MetadataTree dataTree = new MetadataTree();
        original.put("Data", dataTree);

        Budget budget = new Budget();
        Item primary = null;
        Item firstAny = null;
        Problem firstItemProblem = null;
        int itemsWithMetadata = 0;
        kinds:
        for (Map.Entry<String, Node> kindEntry : dataGroup.getChildren().entrySet()) {
            if (!(kindEntry.getValue() instanceof Group kindGroup)) {
                continue;
            }
            String kind = kindEntry.getKey();
            MetadataTree kindTree = new MetadataTree();
            for (Map.Entry<String, Node> itemEntry : kindGroup.getChildren().entrySet()) {
                if (budget.items >= MAX_ITEMS) {
                    budget.skippedItems++;
                    continue;
                }
                budget.items++;
                String uuid = itemEntry.getKey();
                String where = "/Data/" + kind + "/" + uuid;
                MetadataTree itemTree;
                try {
                    itemTree = readItem(probe, kind, itemEntry.getValue(), where, budget, warnings);
                } catch (ExtractionException e) {
                    warnings.add(e.toProblem());
                    firstItemProblem = firstItemProblem == null ? e.toProblem() : firstItemProblem;
                    if (stopAfterImpossibleSize(probe, warnings)) {
                        break kinds;
                    }
                    continue;
                } catch (RuntimeException | StackOverflowError e) {
                    io.emmeta.core.problem.Deadline.rethrowIfExpired(e);
                    ExtractionException x = classify(probe, e, where);
                    warnings.add(x.toProblem());
                    firstItemProblem = firstItemProblem == null ? x.toProblem() : firstItemProblem;
                    if (stopAfterImpossibleSize(probe, warnings)) {
                        break kinds;
                    }
                    continue;
                }
                if (itemTree == null) {
                    continue;
                }
                kindTree.put(uuid, itemTree);
                if (!kind.equals("Text")) {
                    itemsWithMetadata++;
                    Item item = new Item(kind, uuid, itemTree);
                    firstAny = firstAny == null ? item : firstAny;
                    if (kind.equals("Image") && (primary == null
                            || (!hasStartTime(primary.tree) && hasStartTime(itemTree)))) {
                        // the first image that knows when it was taken (Velox 3.x writes DateTime "0" into
                        // derived images), else the first image at all
                        primary = item;
                    }
                }
            }
            if (!kindTree.isEmpty()) {
                dataTree.put(kind, kindTree);
            }
        }
        if (budget.skippedItems > 0) {
            warnings.add(new Problem(ErrorCode.TOO_LARGE, budget.skippedItems + " further items under /Data not read"
                    + " (metadata is read for the first " + MAX_ITEMS + ")"));
        }
        Item chosen = primary != null ? primary : firstAny;
        if (chosen == null) {
            if (firstItemProblem != null) {
                throw new ExtractionException(firstItemProblem.code(),
                        "no item metadata could be read; first problem: " + firstItemProblem.message());
            }
            throw new ExtractionException(ErrorCode.CORRUPT, "Velox file without any item metadata under /Data");
        }
        long declared = Hdf5Container.declaredEnd(probe.source());
        if (declared > probe.size()) {
            // the metadata came through, but the arrays after it are cut: the record must not read clean
            warnings.add(new Problem(ErrorCode.TRUNCATED, "the HDF5 superblock declares " + declared
                    + " bytes but the object has " + probe.size() + ": data arrays are cut, the metadata is not"));
        }
        return new ReadResult(original, primaryTree(chosen, version, info), warnings);
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
    private MetadataTree readItem(Probe probe, String kind, Node node, String where, Budget budget,
            List<Problem> warnings) throws ExtractionException {
        if (node instanceof Dataset ds) {
            String text = smallText(ds, where);
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
        Node md = g.getChildren().get("Metadata");
        if (!(md instanceof Dataset mds)) {
            warnings.add(new Problem(ErrorCode.CORRUPT, where + ": no Metadata dataset"));
            return null;
        }
        MetadataColumn column = MetadataColumn.of(mds);
        byte[] first = budget.take(column.read(0), where);
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
            long last = column.frames() - 1;
            try {
                byte[] lastBytes = budget.take(column.read(last), where);
                MetadataTree lastTree = json.convert(parse(lastBytes, where + "/Metadata frame " + last), true, false);
                MetadataTree diff = FrameDiff.changed(converted, lastTree);
                if (!diff.isEmpty()) {
                    tree.put("varyingAcrossFrames", Value.text(String.join(", ", FrameDiff.leafPaths(diff))));
                    tree.put("lastFrame", diff);
                }
            } catch (ExtractionException e) {
                warnings.add(e.toProblem());
            } catch (RuntimeException e) {
                io.emmeta.core.problem.Deadline.rethrowIfExpired(e);
                warnings.add(classify(probe, e, where + "/Metadata frame " + last).toProblem());
            }
        }
        return tree;
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
    private MetadataTree rootJson(Probe probe, HdfFile file, String name, List<Problem> warnings) {
        Node n = file.getChildren().get(name);
        if (!(n instanceof Dataset ds)) {
            return null;
        }
        try {
            String text = smallText(ds, "/" + name);
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
        } catch (ExtractionException e) {
            warnings.add(e.toProblem());
        } catch (RuntimeException e) {
            io.emmeta.core.problem.Deadline.rethrowIfExpired(e);
            warnings.add(classify(probe, e, "/" + name).toProblem());
        }
        return null;
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

    /**
     * Maps a failure inside jHDF to a typed error. The superblock records where the file ends; a shorter object
     * is a truncated upload whatever jHDF tripped over first.
     */
    static ExtractionException classify(Probe probe, Throwable e, String where) {
        String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        try {
            long eof = Hdf5Container.declaredEnd(probe.source());
            if (eof > probe.size()) {
                return new ExtractionException(ErrorCode.TRUNCATED, where + ": file ends at byte " + probe.size()
                        + " but the HDF5 superblock says " + eof + " (" + detail + ")", e);
            }
        } catch (IOException ignored) {
            // fall through to the cause chain
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof BufferUnderflowException
                    || (t.getMessage() != null && t.getMessage().contains("more bytes than available"))) {
                return new ExtractionException(ErrorCode.TRUNCATED, where + ": " + detail, e);
            }
            if (t.getMessage() != null && t.getMessage().contains("exceeds the cache")) {
                return new ExtractionException(ErrorCode.TOO_LARGE, where + ": " + detail, e);
            }
        }
        return new ExtractionException(ErrorCode.CORRUPT, where + ": " + detail, e);
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
