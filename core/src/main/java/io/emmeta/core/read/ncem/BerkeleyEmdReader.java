package io.emmeta.core.read.ncem;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
import io.emmeta.core.model.Units;
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
 * Berkeley EMD (NCEM; HDF5 with root attributes {@code version_major/minor}). The vocabulary is free per lab: root
 * groups ({@code microscope}, {@code sample}, {@code user}, {@code stage}, {@code comments}) keep their attributes as
 * typed values; every data group ({@code emd_group_type = 1}) is summarised — shape, element type, and per dimension
 * its name, unit ({@code [n_m]} → nm) and step — by reading two values of each dimension vector, never the data.
 * Units are attached to the microscope attributes whose names fix them (high tension, camera length, ...).
 */
public final class BerkeleyEmdReader implements Reader {

    static final int MAX_GROUPS = 256;
    private static final Map<String, String> MICROSCOPE_UNITS = Map.of("high tension", "V", "camera length", "m",
            "dwell time", "s", "defocus", "m", "convergence angle", "rad", "voltage", "V");

    public static final FormatSpec FORMAT = new FormatSpec("hdf5/berkeley-emd", null, Technique.TEM,
            List.of(".emd", ".h5"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** The Berkeley EMD specification puts version_major (and _minor) on the root group. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.HDF5) {
            return Optional.empty();
        }
        io.jhdf.api.Attribute vmaj = probe.hdf5().file().getAttribute("version_major");
        if (vmaj == null) {
            return Optional.empty();
        }
        return Optional.of(Sniff.certain(FORMAT, "hdf5", "root attribute version_major = " + Hdf5Text.attribute(vmaj)));
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        MetadataTree root = new MetadataTree();
        // jHDF is called only inside hdf5.call (typed there: a structure it cannot read ends the read); the tree is
        // built outside it, so a bug of ours is not relabelled as a broken file
        Hdf5Container hdf5 = probe.readableHdf5();
        HdfFile f = hdf5.call(STRUCTURE, hdf5::file);
        attributes(hdf5, f, root, null);
        MetadataTree signals = new MetadataTree();
        int[] count = {0};
        for (Node n : children(hdf5, f)) {
            if (n instanceof Group g) {
                if (isDataGroup(hdf5, g)) {
                    signals.put(g.getName(), summarise(hdf5, g, warnings));
                    count[0]++;
                } else {
                    MetadataTree section = root.section(g.getName());
                    attributes(hdf5, g, section, "microscope".equals(g.getName()) ? MICROSCOPE_UNITS : null, warnings);
                    findDataGroups(hdf5, g, g.getName(), signals, warnings, count, 1);
                    if (section.isEmpty()) {
                        root.put(g.getName(), section); // keep the (empty) group: it is part of the file
                    }
                }
            }
        }
        if (!signals.isEmpty()) {
            root.put("signals", signals);
            Object first = signals.entries().values().iterator().next();
            if (first instanceof MetadataTree t) {
                root.put("signal", t); // the first data group, by a fixed path for the mapping
            }
        }
        ImageRef image = firstImage(hdf5, f, warnings); // before the result copies the warnings
        ReadResult result = ReadResult.of(root, warnings);
        return image == null ? result : result.withImage(image);
    }

    /**
     * The preview's pixels: the first image of the first data group (breadth first, as the summary lists them) whose
     * {@code data} has two dimensions or more. The last two axes are the image (rows, columns); a stack's leading
     * axes are taken at index 0. An image that cannot be shown costs a typed "preview: ..." warning.
     */
    private static ImageRef firstImage(Hdf5Container hdf5, HdfFile f, List<Problem> warnings) {
        String where = "Berkeley EMD data group";
        try {
            Dataset data = firstData(hdf5, f, 0);
            if (data == null) {
                return null;
            }
            where = hdf5.call(STRUCTURE, data::getPath);
            int rank = hdf5.call(where, () -> data.getDimensions().length);
            return Hdf5Image.first(hdf5, data, rank - 2, where);
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), e.getMessage().startsWith("preview") ? e.getMessage()
                    : "preview: " + e.getMessage()));
            return null;
        }
    }

    /** The {@code data} of the first data group with an image (rank 2 or more), searching as the summary does. */
    private static Dataset firstData(Hdf5Container hdf5, Group g, int depth) throws ExtractionException {
        if (depth > 5) {
            return null;
        }
        for (Node n : children(hdf5, g)) {
            if (n instanceof Group c && isDataGroup(hdf5, c) && child(hdf5, c, "data") instanceof Dataset d
                    && hdf5.call(STRUCTURE, () -> d.getDimensions().length) >= 2) {
                return d;
            }
        }
        for (Node n : children(hdf5, g)) {
            if (n instanceof Group c && !isDataGroup(hdf5, c)) {
                Dataset d = firstData(hdf5, c, depth + 1);
                if (d != null) {
                    return d;
                }
            }
        }
        return null;
    }

    /** The prefix of a structure failure's message: the whole read ends with it. */
    private static final String STRUCTURE = "HDF5 structure";

    private static List<Node> children(Hdf5Container hdf5, Group g) throws ExtractionException {
        return hdf5.call(STRUCTURE, () -> List.copyOf(g.getChildren().values()));
    }

    private static Node child(Hdf5Container hdf5, Group g, String name) throws ExtractionException {
        return hdf5.call(STRUCTURE, () -> g.getChildren().get(name));
    }

    /** An attribute's text, or null when absent. */
    private static String text(Hdf5Container hdf5, Node n, String attribute) throws ExtractionException {
        return hdf5.call(STRUCTURE, () -> {
            Attribute a = n.getAttribute(attribute);
            return a == null ? null : Hdf5Text.attribute(a);
        });
    }

    private static boolean isDataGroup(Hdf5Container hdf5, Group g) throws ExtractionException {
        String v = text(hdf5, g, "emd_group_type");
        return v != null && v.strip().equals("1");
    }

    private void findDataGroups(Hdf5Container hdf5, Group g, String path, MetadataTree signals,
            List<Problem> warnings, int[] count, int depth) throws ExtractionException {
        if (depth > 4) {
            return;
        }
        for (Node n : children(hdf5, g)) {
            if (n instanceof Group c) {
                if (count[0] >= MAX_GROUPS) {
                    warnings.add(new Problem(ErrorCode.TOO_LARGE, "more than " + MAX_GROUPS + " data groups"));
                    return;
                }
                if (isDataGroup(hdf5, c)) {
                    signals.put(path + "." + c.getName(), summarise(hdf5, c, warnings)); // '/' separates tree levels
                    count[0]++;
                } else {
                    findDataGroups(hdf5, c, path + "." + c.getName(), signals, warnings, count, depth + 1);
                }
            }
        }
    }

    private MetadataTree summarise(Hdf5Container hdf5, Group g, List<Problem> warnings) throws ExtractionException {
        MetadataTree t = new MetadataTree();
        attributes(hdf5, g, t, null);
        if (child(hdf5, g, "data") instanceof Dataset data) {
            t.put("shape", Value.text(hdf5.call(STRUCTURE, () -> java.util.Arrays.toString(data.getDimensions()))));
            t.put("elementType", Value.text(hdf5.call(STRUCTURE, () -> data.getJavaType().getSimpleName())));
        }
        for (int i = 1; i <= 8; i++) {
            if (!(child(hdf5, g, "dim" + i) instanceof Dataset dim)) {
                break;
            }
            MetadataTree d = t.section("dim" + i);
            String name = text(hdf5, dim, "name");
            String unit = normaliseUnit(text(hdf5, dim, "units"));
            if (name != null) {
                d.put("name", Value.text(name));
            }
            if (unit != null) {
                d.put("units", Value.text(unit));
            }
            int[] dims = hdf5.call(STRUCTURE, dim::getDimensions);
            if (dims.length == 1 && dims[0] >= 2) {
                d.put("size", Value.integer(dims[0]));
                String where = g.getPath() + "/dim" + i;
                try {
                    Object two = hdf5.call(where, () -> dim.getData(new long[] {0}, new int[] {2}));
                    putOriginAndStep(d, two, unit, where);
                } catch (ExtractionException e) {
                    warnings.add(e.toProblem());
                }
            }
        }
        return t;
    }

    /** A dimension vector's first two values as its origin and step; anything but two numbers is CORRUPT. */
    private static void putOriginAndStep(MetadataTree d, Object two, String unit, String where)
            throws ExtractionException {
        if (two == null || !two.getClass().isArray() || Array.getLength(two) < 2
                || !(Array.get(two, 0) instanceof Number first) || !(Array.get(two, 1) instanceof Number second)) {
            throw new ExtractionException(ErrorCode.CORRUPT, where + ": the dimension vector does not start with two"
                    + " numbers");
        }
        double a = first.doubleValue();
        double b = second.doubleValue();
        String u = unit != null && Units.parse(unit) != null ? unit : null;
        d.put("origin", new Value(a, u, null));
        d.put("step", new Value(b - a, u, null));
    }

    /** "[n_m]", "n_m" → "nm"; "" → null. */
    static String normaliseUnit(String u) {
        if (u == null) {
            return null;
        }
        String s = u.strip().replace("[", "").replace("]", "").replace("_", "");
        return s.isEmpty() ? null : s;
    }

    private static void attributes(Hdf5Container hdf5, Node n, MetadataTree t, Map<String, String> units)
            throws ExtractionException {
        attributes(hdf5, n, t, units, null);
    }

    /** A number with its unit in one text ("300kV", "80 cm", "2.5e-6 s"). */
    private static final java.util.regex.Pattern WITH_UNIT = java.util.regex.Pattern.compile(
            "([-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)\\s*([A-Za-zµμ°]*)");

    /**
     * Writers fill the microscope attributes by hand, so a quantity can arrive as text with its unit ("300kV"): such
     * a text becomes the number in the unit it names, when that unit measures what the attribute's name says; a bare
     * number in the text takes the attribute's own unit. Any other text stays text, and a warning says why it is not
     * a quantity.
     */
    static Value quantityFromText(String key, String text, String unit, List<Problem> warnings) {
        java.util.regex.Matcher m = WITH_UNIT.matcher(text.strip());
        if (m.matches()) {
            String written = m.group(2).isEmpty() ? unit : m.group(2);
            try {
                Units.convert(1.0, written, unit);
                return Value.number(Double.parseDouble(m.group(1)), written);
            } catch (IllegalArgumentException e) {
                // a unit of another quantity, or none we know: reported below
            }
        }
        if (warnings != null && !text.isBlank()) {
            warnings.add(new Problem(ErrorCode.MAPPING, "microscope attribute '" + key + "' = '" + text
                    + "' is not a quantity in " + unit + ": kept as text, not mapped"));
        }
        return Value.text(text);
    }

    private static void attributes(Hdf5Container hdf5, Node n, MetadataTree t, Map<String, String> units,
            List<Problem> warnings) throws ExtractionException {
        Map<String, Object> data = hdf5.call(STRUCTURE, () -> {
            Map<String, Object> read = new java.util.LinkedHashMap<>();
            n.getAttributes().forEach((name, a) -> read.put(name, Hdf5Values.data(a)));
            return read;
        });
        for (Map.Entry<String, Object> e : data.entrySet()) {
            String unit = units == null ? null : units.get(e.getKey().toLowerCase(Locale.ROOT));
            Value v = Hdf5Values.value(e.getValue(), unit);
            if (unit != null && v != null && !v.isNumber() && v.value() instanceof String text) {
                v = quantityFromText(e.getKey(), text, unit, warnings);
            }
            if (v != null) {
                t.put(e.getKey(), v);
            }
        }
    }
}
