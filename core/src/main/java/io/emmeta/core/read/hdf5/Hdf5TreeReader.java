package io.emmeta.core.read.hdf5;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.hdf5.Hdf5Container;
import io.emmeta.core.container.hdf5.Hdf5Image;
import io.emmeta.core.container.hdf5.Hdf5Prefetch;
import io.emmeta.core.container.hdf5.Hdf5Text;
import io.emmeta.core.container.hdf5.Hdf5Values;
import io.emmeta.core.format.Confidence;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.NamedFormats;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * HDF5 files without a dedicated reader (Dectris/NeXus masters, other HDF5): the group tree with every attribute,
 * the value of every small dataset (NeXus keeps its instrument parameters as scalar datasets with a {@code units}
 * attribute, which becomes the value's unit), and only the shape of large ones. Bounded in depth and node count.
 */
public final class Hdf5TreeReader implements Reader {

    static final int MAX_DEPTH = 12;
    static final int MAX_NODES = 5000;
    static final long SMALL = 4096;

    public static final FormatSpec DECTRIS_HDF5 = new FormatSpec("hdf5/dectris-nexus", "Dectris", Technique.TEM,
            List.of(".h5", ".nxs"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(DECTRIS_HDF5, NamedFormats.NEXUS_HDF5, NamedFormats.GENERIC_HDF5);
    }

    /**
     * A NeXus /entry group: Dectris (Eiger, Arina) when its detector description says so, else plain NeXus. Plain
     * NeXus is only probable, so a reader of a specific NeXus application definition added later can claim it.
     */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.HDF5) {
            return Optional.empty();
        }
        HdfFile f = probe.hdf5().file();
        if (!(f.getChildren().get("entry") instanceof Group entry)) {
            return Optional.empty();
        }
        io.jhdf.api.Attribute nx = entry.getAttribute("NX_class");
        String entryEvidence = "/entry group" + (nx == null ? "" : " with NX_class " + Hdf5Text.attribute(nx));
        String text = null;
        if (f.getByPath("/entry").isGroup() && entry.getChildren().get("instrument") instanceof Group instr
                && instr.getChildren().get("detector") instanceof Group det
                && det.getChildren().get("description") instanceof Dataset d) {
            text = Hdf5Text.of(d);
        }
        if (text != null && (text.contains("Dectris") || text.contains("DECTRIS") || text.contains("Eiger")
                || text.contains("EIGER") || text.contains("ARINA") || text.contains("Arina"))) {
            return Optional.of(Sniff.certain(DECTRIS_HDF5, "hdf5", List.of(entryEvidence,
                    "detector description: " + text.strip())));
        }
        return Optional.of(new Sniff(NamedFormats.NEXUS_HDF5, "hdf5", Confidence.PROBABLE, List.of(entryEvidence)));
    }

    /**
     * What {@link #read} visits of a NeXus file, for the prefetch (issue #15): every group under {@code /entry}
     * listed, every small dataset there whole. Only {@code /entry}: the plans of all readers are joined while a file
     * is detected, and a walk of everything would fetch every other format's whole tree; a generic HDF5 file is read
     * without it.
     */
    static final Hdf5Prefetch.Plan WALK = new Hdf5Prefetch.Plan() {
        @Override
        public boolean lists(String group) {
            return group.equals("/") || underEntry(group) && depth(group) <= MAX_DEPTH;
        }

        @Override
        public Hdf5Prefetch.Want wants(String dataset) {
            return underEntry(dataset) ? Hdf5Prefetch.Want.SMALL_WHOLE : Hdf5Prefetch.Want.HEADER;
        }

        private boolean underEntry(String path) {
            return path.equals("/entry") || path.startsWith("/entry/");
        }

        private int depth(String path) {
            return (int) path.chars().filter(c -> c == '/').count();
        }
    };

    @Override
    public Hdf5Prefetch.Plan hdf5Walk() {
        return WALK;
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        MetadataTree root = new MetadataTree();
        int[] budget = {MAX_NODES};
        Hdf5Container hdf5 = probe.readableHdf5();
        // a structure jHDF cannot read ends the read (typed by Hdf5Container); a dataset it cannot read costs a warning
        walk(hdf5, hdf5.call("HDF5 structure", hdf5::file), root, 0, budget, warnings, new java.util.HashSet<>());
        if (budget[0] <= 0) {
            warnings.add(new Problem(ErrorCode.TOO_LARGE, "more than " + MAX_NODES + " HDF5 nodes; the rest not read"));
        }
        ImageRef image = frames(hdf5, detection, warnings); // before the result copies the warnings
        ReadResult result = ReadResult.of(root, warnings);
        return image == null ? result : result.withImage(image);
    }

    /**
     * The preview's pixels: the first frame of {@code /entry/data/data}, where Dectris detectors (and NeXus files
     * written like theirs) keep their frames as {@code (frames, rows, columns)} (a scan's frames with more leading axes, all at index 0); a Dectris data file holds nothing
     * else. Only that name is looked at: a NeXus file of other measurements (an I-V curve's {@code (401, 1)} current)
     * has no image, and no preview. Frames of a Dectris detector (the format, or the {@code image_nr_low} attribute
     * its data files carry) are diffraction patterns, shown on a log scale.
     *
     * <p>A Dectris master file has no preview: its frames are external links into the data files ({@code
     * data_000001} ...), which are other objects, never opened. What else it holds (the detector's flat field and
     * pixel mask, 192 × 192 in the corpus master) describes the detector, not the specimen, and is not shown as if it
     * were the data.
     */
    private static ImageRef frames(Hdf5Container hdf5, Detection detection, List<Problem> warnings) {
        String where = "/entry/data/data";
        try {
            Node n = hdf5.call(where, () -> hdf5.file().getChildren().get("entry") instanceof Group e
                    && e.getChildren().get("data") instanceof Group d ? d.getChildren().get("data") : null);
            if (!(n instanceof Dataset ds) || hdf5.call(where, n::isLink)) {
                return null;
            }
            int rank = hdf5.call(where, () -> ds.getDimensions().length);
            if (rank < 2) {
                return null;
            }
            ImageRef ref = Hdf5Image.first(hdf5, ds, rank - 2, where);
            boolean dectris = detection != null && detection.format() != null
                    && DECTRIS_HDF5.id().equals(detection.format().id())
                    || hdf5.call(where, () -> ds.getAttribute("image_nr_low") != null);
            return dectris ? ref.asDiffraction() : ref;
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), e.getMessage().startsWith("preview") ? e.getMessage()
                    : "preview: " + e.getMessage()));
            return null;
        }
    }

    /**
     * Depth-first, each group once: a hard link back to an ancestor (or any group reached twice) would otherwise
     * make the walk go round until the depth or node budget stops it. HDF5 allows a group in several places; the
     * first place keeps its contents, the others say where they point.
     */
    private static void walk(Hdf5Container hdf5, Group g, MetadataTree t, int depth, int[] budget,
            List<Problem> warnings, Set<Long> seen) throws ExtractionException {
        String where = "HDF5 structure: " + g.getPath();
        if (!seen.add(hdf5.call(where, g::getAddress))) {
            t.put("@linkedTo", Value.text("group at address " + g.getAddress() + ", already read"));
            warnings.add(new Problem(ErrorCode.CORRUPT, g.getPath() + ": links back to a group already read"
                    + " (a cycle or a shared group); its contents are listed once"));
            return;
        }
        attributes(hdf5.call(where, () -> values(g.getAttributes())), t, "@");
        if (depth >= MAX_DEPTH) {
            warnings.add(new Problem(ErrorCode.TOO_LARGE, g.getPath() + ": deeper than " + MAX_DEPTH + " levels"));
            return;
        }
        for (Node n : hdf5.call(where, () -> List.copyOf(g.getChildren().values()))) {
            if (--budget[0] < 0) {
                return;
            }
            String name = n.getName().replace('/', '_');
            if (hdf5.call(where, n::isLink)) {
                t.put(name, Value.text("link"));
            } else if (n instanceof Group c) {
                walk(hdf5, c, t.section(name), depth + 1, budget, warnings, seen);
            } else if (n instanceof Dataset d) {
                try {
                    t.put(name, hdf5.call(d.getPath(), () -> DatasetRead.of(d)).value());
                } catch (ExtractionException e) {
                    warnings.add(e.toProblem());
                }
            }
        }
    }

    /** What a dataset gives: a small one's data and {@code units}, or a description of a large one. */
    private record DatasetRead(Object data, String unit, String description) {

        /** jHDF calls only: run under {@link Hdf5Container#call}. */
        static DatasetRead of(Dataset d) {
            Attribute unitsAttr = d.getAttribute("units");
            String unit = unitsAttr == null ? null : Hdf5Values.text(Hdf5Values.data(unitsAttr));
            Object data = d.getSizeInBytes() <= SMALL && !d.isCompound() && !d.isEmpty() ? d.getData() : null;
            return new DatasetRead(data, unit, "dataset " + java.util.Arrays.toString(d.getDimensions()) + " "
                    + d.getJavaType().getSimpleName());
        }

        Value value() {
            Value v = Hdf5Values.value(data, unit);
            return v != null ? v : Value.text(description);
        }
    }

    /** Each attribute's data (read within the limits of {@link Hdf5Values#data}), in the file's order. */
    private static Map<String, Object> values(Map<String, Attribute> attrs) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Attribute> e : attrs.entrySet()) {
            out.put(e.getKey(), Hdf5Values.data(e.getValue()));
        }
        return out;
    }

    private static void attributes(Map<String, Object> attrs, MetadataTree t, String prefix) {
        for (Map.Entry<String, Object> e : attrs.entrySet()) {
            Value v = Hdf5Values.value(e.getValue(), null);
            if (v != null) {
                t.put(prefix + e.getKey(), v);
            }
        }
    }

}
