package io.emmeta.core.read.delmic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.hdf5.Hdf5Container;
import io.emmeta.core.container.hdf5.Hdf5Image;
import io.emmeta.core.container.hdf5.Hdf5Text;
import io.emmeta.core.container.hdf5.Hdf5Values;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
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
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * Delmic Odemis HDF5 (the "SVI" layout Odemis writes for SPARC cathodoluminescence and the SEM images taken with it):
 * one root group per stream, {@code Acquisition<n>}, each with {@code ImageData} (the image and its scales, SI units:
 * metres per pixel, Unix seconds), {@code PhysicalData} (the hardware and its settings as small datasets, plus
 * {@code ExtraSettings}, a JSON text of every component's settings as {@code [value, unit]} pairs) and {@code SVIData}
 * (writer, company). Everything is a dataset, not an attribute: the small ones are read, the images never (their shape
 * only). {@code derived/} holds the first acquisition's facts for the mapping: Odemis writes the SEM survey first.
 */
public final class OdemisHdf5Reader implements Reader {

    static final int MAX_ACQUISITIONS = 64;
    static final int MAX_DATASETS = 256;
    /** Metadata datasets are numbers, short texts, a wavelength list and the ExtraSettings JSON (kilobytes). */
    static final long SMALL = 256 * 1024;

    public static final FormatSpec FORMAT = new FormatSpec("hdf5/delmic-odemis", "Delmic", Technique.SEM,
            List.of(".h5"));

    private static final Pattern ACQUISITION = Pattern.compile("Acquisition(\\d{1,6})");
    private static final String STRUCTURE = "HDF5 structure";

    /** The SVI specification's units for the values Odemis writes bare (SI throughout). */
    private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("DimensionScaleX", "m"),
            Map.entry("DimensionScaleY", "m"), Map.entry("DimensionScaleZ", "m"), Map.entry("XOffset", "m"),
            Map.entry("YOffset", "m"), Map.entry("ZOffset", "m"), Map.entry("TOffset", "s"),
            Map.entry("AccelerationVoltage", "V"), Map.entry("EmissionCurrent", "A"),
            Map.entry("IntegrationTime", "s"), Map.entry("EmissionWavelength", "m"),
            Map.entry("ExcitationWavelength", "m"), Map.entry("BackprojectedPinholeRadius", "m"),
            Map.entry("BackprojectedIlluminationPinholeRadius", "m"),
            Map.entry("BackprojectedIlluminationPinholeSpacing", "m"));

    /**
     * ExtraSettings is Odemis's own JSON, two or three levels deep: a deep nesting is refused before it costs. Decimals
     * stay decimals (BigDecimal) so a list kept as text shows the file's digits: a double's text differs between JDK
     * 17 and the JDK 19+ the native image is built on (2.8421709430404007E-14 vs 2.842170943040401E-14), which made the
     * native and JVM records of the same file differ.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /**
     * An {@code Acquisition<n>} root group whose {@code SVIData} names Delmic as the company or Odemis as the writer.
     * Only the first few acquisition groups are looked at: the claim needs one.
     */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.HDF5) {
            return Optional.empty();
        }
        HdfFile f = probe.hdf5().file();
        int looked = 0;
        for (Map.Entry<String, Node> e : f.getChildren().entrySet()) {
            if (!ACQUISITION.matcher(e.getKey()).matches() || !(e.getValue() instanceof Group g)) {
                continue;
            }
            if (++looked > 4) {
                break;
            }
            if (!(g.getChildren().get("SVIData") instanceof Group svi)) {
                continue;
            }
            String company = svi.getChildren().get("Company") instanceof Dataset d ? Hdf5Text.of(d) : null;
            String writer = svi.getChildren().get("WriterVersion") instanceof Dataset d ? Hdf5Text.of(d) : null;
            boolean delmic = company != null && company.strip().equals("Delmic");
            boolean odemis = writer != null && writer.strip().startsWith("Odemis");
            if (delmic || odemis) {
                List<String> evidence = new ArrayList<>();
                if (delmic) {
                    evidence.add("/" + e.getKey() + "/SVIData/Company = Delmic");
                }
                if (writer != null) {
                    evidence.add("/" + e.getKey() + "/SVIData/WriterVersion = " + writer.strip());
                }
                return Optional.of(Sniff.certain(FORMAT, "hdf5", evidence));
            }
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        // jHDF is called only inside hdf5.call (a structure it cannot read ends the read, typed there); the tree and
        // the JSON are built outside it, so a bug of ours is not relabelled as a broken file
        Hdf5Container hdf5 = probe.readableHdf5();
        HdfFile f = hdf5.call(STRUCTURE, hdf5::file);
        TreeMap<Integer, Group> acquisitions = new TreeMap<>();
        Group preview = null;
        for (Node n : children(hdf5, f)) {
            Matcher m = ACQUISITION.matcher(n.getName());
            if (n instanceof Group g && m.matches()) {
                acquisitions.put(Integer.parseInt(m.group(1)), g);
            } else if (n instanceof Group g && n.getName().equals("Preview")) {
                preview = g;
            }
        }
        if (acquisitions.isEmpty()) {
            throw new ExtractionException(ErrorCode.CORRUPT, "no Acquisition<n> group: not an Odemis file");
        }
        MetadataTree root = new MetadataTree();
        Map<String, int[]> shapes = new java.util.HashMap<>();
        int count = 0;
        for (Group g : acquisitions.values()) {
            if (++count > MAX_ACQUISITIONS) {
                warnings.add(new Problem(ErrorCode.TOO_LARGE, "more than " + MAX_ACQUISITIONS
                        + " acquisitions; the rest not read"));
                break;
            }
            MetadataTree a = root.section(g.getName());
            for (Node n : children(hdf5, g)) {
                if (n instanceof Group sub) {
                    int[] shape = group(hdf5, sub, a.section(sub.getName()), warnings);
                    if (shape != null && sub.getName().equals("ImageData")) {
                        shapes.put(g.getName(), shape);
                    }
                }
            }
        }
        if (preview != null) {
            group(hdf5, preview, root.section("Preview"), warnings);
        }
        derive(root, acquisitions.firstEntry().getValue().getName(), shapes, warnings);
        ImageRef image = firstImage(hdf5, acquisitions.firstEntry().getValue(), warnings); // before the copy
        ReadResult result = ReadResult.of(root, warnings);
        return image == null ? result : result.withImage(image);
    }

    /**
     * The preview's pixels: the first 2-D plane of the first acquisition's {@code ImageData/Image} (C, T, Z, Y, X;
     * the leading axes at index 0). That is the acquisition {@code derived/} describes, so the scale bar's pixel size
     * is the pictured image's; Odemis writes the SEM survey (secondary electrons) first, the CL and spectrum streams
     * after it. The {@code Preview} group's RGB rendering is Odemis's own picture of the streams, not the data, and is
     * not used. An image that cannot be shown costs a typed "preview: ..." warning.
     */
    private static ImageRef firstImage(Hdf5Container hdf5, Group acquisition, List<Problem> warnings) {
        String where = "/" + acquisition.getName() + "/ImageData/Image";
        try {
            Node n = hdf5.call(where, () -> acquisition.getChildren().get("ImageData") instanceof Group g
                    ? g.getChildren().get("Image") : null);
            if (!(n instanceof Dataset ds) || hdf5.call(where, n::isLink)) {
                return null;
            }
            int rank = hdf5.call(where, () -> ds.getDimensions().length);
            return rank < 2 ? null : Hdf5Image.first(hdf5, ds, rank - 2, where);
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), e.getMessage().startsWith("preview") ? e.getMessage()
                    : "preview: " + e.getMessage()));
            return null;
        }
    }

    private static List<Node> children(Hdf5Container hdf5, Group g) throws ExtractionException {
        return hdf5.call(STRUCTURE, () -> List.copyOf(g.getChildren().values()));
    }

    /** A group's datasets as values (the image as its shape); returns the image's dimensions when it has one. */
    private static int[] group(Hdf5Container hdf5, Group g, MetadataTree t, List<Problem> warnings)
            throws ExtractionException {
        int[] image = null;
        int count = 0;
        for (Node n : children(hdf5, g)) {
            if (!(n instanceof Dataset d) || hdf5.call(STRUCTURE, n::isLink)) {
                continue;
            }
            if (++count > MAX_DATASETS) {
                warnings.add(new Problem(ErrorCode.TOO_LARGE, g.getPath() + ": more than " + MAX_DATASETS
                        + " datasets; the rest not read"));
                break;
            }
            String name = n.getName();
            DatasetRead r;
            try {
                r = hdf5.call(d.getPath(), () -> DatasetRead.of(d, !name.equals("Image")));
            } catch (ExtractionException e) {
                warnings.add(e.toProblem());
                continue;
            }
            if (name.equals("Image")) {
                image = r.dims();
            }
            if (name.equals("ExtraSettings") && r.data() != null) {
                extraSettings(Hdf5Values.text(r.data()), d.getPath(), t, warnings);
                continue;
            }
            Value v = r.data() == null ? null : Hdf5Values.value(r.data(), UNITS.get(name));
            t.put(name, v != null ? v : Value.text(r.description()));
        }
        return image;
    }

    /** A dataset's data when it is metadata (small, not the image), else only what it is. */
    private record DatasetRead(Object data, int[] dims, String description) {

        /** jHDF calls only: run under {@link Hdf5Container#call}. */
        static DatasetRead of(Dataset d, boolean mayRead) {
            int[] dims = d.getDimensions();
            Object data = mayRead && d.getSizeInBytes() <= SMALL && !d.isCompound() && !d.isEmpty() ? d.getData()
                    : null;
            return new DatasetRead(data, dims, "dataset " + java.util.Arrays.toString(dims) + " "
                    + d.getJavaType().getSimpleName());
        }
    }

    /**
     * ExtraSettings: {@code {component: {setting: [value, unit]}}}. Numbers keep their unit, texts and booleans stay
     * as they are, lists and objects (a pixel size pair, a position per axis) are kept as their JSON text. Text that
     * is not such JSON is kept as text, with a warning.
     */
    private static void extraSettings(String json, String where, MetadataTree t, List<Problem> warnings) {
        if (json == null) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, where + " is not a JSON object; kept as text"));
            t.put("ExtraSettings", Value.text(json));
            return;
        }
        MetadataTree es = t.section("ExtraSettings");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> component = it.next();
            if (!component.getValue().isObject()) {
                putJson(es, component.getKey(), component.getValue(), null);
                continue;
            }
            MetadataTree c = es.section(component.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> s = component.getValue().fields(); s.hasNext();) {
                Map.Entry<String, JsonNode> setting = s.next();
                JsonNode v = setting.getValue();
                if (v.isArray() && v.size() == 2 && (v.get(1).isTextual() || v.get(1).isNull())) {
                    putJson(c, setting.getKey(), v.get(0), v.get(1).isTextual() ? v.get(1).asText() : null);
                } else {
                    putJson(c, setting.getKey(), v, null);
                }
            }
        }
    }

    private static void putJson(MetadataTree t, String key, JsonNode v, String unit) {
        if (v == null || v.isNull()) {
            return; // Odemis writes null for a setting the hardware does not report
        }
        if (v.isNumber()) {
            t.put(key, v.isIntegralNumber() && v.canConvertToLong() ? new Value(v.asLong(), unit, null)
                    : new Value(v.asDouble(), unit, null));
        } else if (v.isBoolean()) {
            t.put(key, new Value(v.asBoolean(), null, null));
        } else if (v.isTextual()) {
            t.put(key, Value.text(v.asText()));
        } else {
            t.put(key, new Value(v.toString(), unit, null));
        }
    }

    /**
     * The mapping's facts, from the first acquisition (Odemis writes the SEM survey image first): its date, the
     * e-beam settings Odemis recorded with it (ExtraSettings "SEM E-beam", else PhysicalData), its pixel size and
     * pixel counts, the channel and hardware names, and the writer's version. A hardware name with "Fake" is
     * Odemis's simulator (FakeSEM ...): the values are not from a microscope, and the record says so.
     */
    private static void derive(MetadataTree root, String first, Map<String, int[]> shapes, List<Problem> warnings) {
        MetadataTree a = root.getTree(first);
        if (a == null) {
            return;
        }
        MetadataTree d = new MetadataTree();
        d.put("acquisition", Value.text(first));
        copy(d, "acquisitionDate", a, "ImageData/TOffset");
        copy(d, "accelerationVoltage", a, "PhysicalData/ExtraSettings/SEM E-beam/accelVoltage",
                "PhysicalData/AccelerationVoltage");
        copy(d, "probeCurrent", a, "PhysicalData/ExtraSettings/SEM E-beam/probeCurrent");
        copy(d, "dwellTime", a, "PhysicalData/ExtraSettings/SEM E-beam/dwellTime");
        copy(d, "pixelSizeX", a, "ImageData/DimensionScaleX");
        copy(d, "pixelSizeY", a, "ImageData/DimensionScaleY");
        copy(d, "channel", a, "PhysicalData/ChannelDescription", "PhysicalData/Title");
        copy(d, "hardwareName", a, "PhysicalData/HardwareName");
        int[] shape = shapes.get(first);
        // Odemis stores images as C, T, Z, Y, X: the last two are the scan's rows and columns
        if (shape != null && shape.length >= 2) {
            d.put("width", Value.integer(shape[shape.length - 1]));
            d.put("height", Value.integer(shape[shape.length - 2]));
        }
        String writer = a.text("SVIData/WriterVersion");
        if (writer != null && writer.startsWith("Odemis ")) {
            d.put("softwareVersion", Value.text(writer.substring("Odemis ".length()).strip()));
        }
        for (Map.Entry<String, Object> e : root.entries().entrySet()) {
            String hw = e.getValue() instanceof MetadataTree t ? t.text("PhysicalData/HardwareName") : null;
            if (hw != null && hw.contains("Fake")) {
                d.put("simulatedHardware", Value.text(hw));
                warnings.add(new Problem(ErrorCode.MAPPING, "written with simulated hardware ('" + hw + "' in "
                        + e.getKey() + "): Odemis's simulator, so the values are not from a microscope"));
                break;
            }
        }
        root.put("derived", d);
    }

    private static void copy(MetadataTree into, String key, MetadataTree from, String... paths) {
        for (String p : paths) {
            Value v = from.get(p);
            if (v != null) {
                into.put(key, v);
                return;
            }
        }
    }

    /**
     * What {@link #read} visits, for the prefetch (issue #15): the root, each {@code Acquisition<n>} and its groups
     * listed (ImageData, PhysicalData, SVIData...), {@code Preview} listed, their small datasets by value. Without it
     * jHDF's walk fetched one structure at a time: 53 sequential fetches for a 400 KB SPARC file.
     */
    static final io.emmeta.core.container.hdf5.Hdf5Prefetch.Plan WALK = new io.emmeta.core.container.hdf5.Hdf5Prefetch.Plan() {
        @Override
        public boolean lists(String group) {
            String[] p = group.substring(1).split("/", -1);
            return group.equals("/") || p[0].equals("Preview") && p.length == 1
                    || ACQUISITION.matcher(p[0]).matches() && p.length <= 2;
        }

        @Override
        public io.emmeta.core.container.hdf5.Hdf5Prefetch.Want wants(String dataset) {
            String[] p = dataset.substring(1).split("/", -1);
            boolean read = !p[p.length - 1].equals("Image") && (p.length == 3 && ACQUISITION.matcher(p[0]).matches()
                    || p.length == 2 && p[0].equals("Preview"));
            return read ? io.emmeta.core.container.hdf5.Hdf5Prefetch.Want.VALUE
                    : io.emmeta.core.container.hdf5.Hdf5Prefetch.Want.HEADER;
        }
    };

    @Override
    public io.emmeta.core.container.hdf5.Hdf5Prefetch.Plan hdf5Walk() {
        return WALK;
    }
}
