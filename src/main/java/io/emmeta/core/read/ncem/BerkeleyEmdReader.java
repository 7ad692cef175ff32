package io.emmeta.core.read.ncem;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.hdf5.Hdf5Container;
import io.emmeta.core.container.hdf5.Hdf5Values;
import io.emmeta.core.detect.Detection;
import io.emmeta.core.detect.Format;
import io.emmeta.core.detect.Hdf5Text;
import io.emmeta.core.map.Units;
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

    @Override
    public Set<Format> formats() {
        return Set.of(Format.BERKELEY_EMD);
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        MetadataTree root = new MetadataTree();
        Hdf5Container hdf5 = probe.readableHdf5();
        try {
            HdfFile f = hdf5.file();
            attributes(f, root, null);
            MetadataTree signals = new MetadataTree();
            int[] count = {0};
            for (Node n : f.getChildren().values()) {
                if (n instanceof Group g) {
                    if (isDataGroup(g)) {
                        signals.put(g.getName(), summarise(hdf5, g, warnings));
                        count[0]++;
                    } else {
                        MetadataTree section = root.section(g.getName());
                        attributes(g, section, "microscope".equals(g.getName()) ? MICROSCOPE_UNITS : null);
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
        } catch (RuntimeException e) {
            throw hdf5.failure(e, "HDF5 structure");
        }
        return ReadResult.of(root, warnings);
    }

    private static boolean isDataGroup(Group g) {
        Attribute t = g.getAttribute("emd_group_type");
        if (t == null) {
            return false;
        }
        String v = Hdf5Text.attribute(t);
        return v != null && v.strip().equals("1");
    }

    private void findDataGroups(Hdf5Container hdf5, Group g, String path, MetadataTree signals,
            List<Problem> warnings, int[] count,
            int depth) {
        if (depth > 4) {
            return;
        }
        for (Node n : g.getChildren().values()) {
            if (n instanceof Group c) {
                if (count[0] >= MAX_GROUPS) {
                    warnings.add(new Problem(ErrorCode.TOO_LARGE, "more than " + MAX_GROUPS + " data groups"));
                    return;
                }
                if (isDataGroup(c)) {
                    signals.put(path + "." + c.getName(), summarise(hdf5, c, warnings)); // '/' separates tree levels
                    count[0]++;
                } else {
                    findDataGroups(hdf5, c, path + "." + c.getName(), signals, warnings, count, depth + 1);
                }
            }
        }
    }

    private MetadataTree summarise(Hdf5Container hdf5, Group g, List<Problem> warnings) {
        MetadataTree t = new MetadataTree();
        attributes(g, t, null);
        if (g.getChildren().get("data") instanceof Dataset data) {
            t.put("shape", Value.text(java.util.Arrays.toString(data.getDimensions())));
            t.put("elementType", Value.text(data.getJavaType().getSimpleName()));
        }
        for (int i = 1; i <= 8; i++) {
            if (!(g.getChildren().get("dim" + i) instanceof Dataset dim)) {
                break;
            }
            MetadataTree d = t.section("dim" + i);
            String name = text(dim.getAttribute("name"));
            String unit = normaliseUnit(text(dim.getAttribute("units")));
            if (name != null) {
                d.put("name", Value.text(name));
            }
            if (unit != null) {
                d.put("units", Value.text(unit));
            }
            int[] dims = dim.getDimensions();
            if (dims.length == 1 && dims[0] >= 2) {
                d.put("size", Value.integer(dims[0]));
                try {
                    Object two = dim.getData(new long[] {0}, new int[] {2});
                    double a = ((Number) Array.get(two, 0)).doubleValue();
                    double b = ((Number) Array.get(two, 1)).doubleValue();
                    String u = unit != null && Units.parse(unit) != null ? unit : null;
                    d.put("origin", new Value(a, u, null));
                    d.put("step", new Value(b - a, u, null));
                } catch (RuntimeException e) {
                    warnings.add(hdf5.failure(e, g.getPath() + "/dim" + i).toProblem());
                }
            }
        }
        return t;
    }

    /** "[n_m]", "n_m" → "nm"; "" → null. */
    static String normaliseUnit(String u) {
        if (u == null) {
            return null;
        }
        String s = u.strip().replace("[", "").replace("]", "").replace("_", "");
        return s.isEmpty() ? null : s;
    }

    private static void attributes(Node n, MetadataTree t, Map<String, String> units) {
        for (Map.Entry<String, Attribute> e : n.getAttributes().entrySet()) {
            Object data = io.emmeta.core.container.hdf5.Hdf5Values.data(e.getValue());
            String unit = units == null ? null : units.get(e.getKey().toLowerCase(Locale.ROOT));
            Value v = Hdf5Values.value(data, unit);
            if (v != null) {
                t.put(e.getKey(), v);
            }
        }
    }

    private static String text(Attribute a) {
        return a == null ? null : Hdf5Text.attribute(a);
    }
}
