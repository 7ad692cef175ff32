package io.emmeta.core.read.thermo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.Detection;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.source.CachingByteSource;

/**
 * Checks the data of sem-thermofisher.json against real reader output: every {@code from} path (after
 * {@code ${...}} substitution, first present wins) resolves where it should. This is not the mapping engine,
 * only a guard that the table's paths match the tree this reader emits.
 */
class ThermoXtMappingPathsTest {

    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");
    private static final Path CORPUS = Path.of("../shared/corpus");

    @Test
    void electronImageFillsEveryReferenceField() throws Exception {
        Map<String, Value> out = resolve(CORPUS.resolve("tomo_mapper/SEM_Image-SliceImage-001.tif"));
        // The fields the community reference map (tomo_mapper SEM_thermofisher.json) fills, plus ours.
        for (String to : List.of("entry.endTime", "entry.program.programVersion", "entry.user.userName",
                "entry.instrument.instrumentName", "entry.instrument.chamberPressure",
                "entry.instrument.eBeamSource.accelerationVoltage", "entry.instrument.eBeamSource.beamCurrent",
                "entry.instrument.stage.tiltCorrectionAngle", "entry.instrument.stage.stageTiltAngle",
                "entry.instrument.stage.coordinates.xValue", "entry.instrument.stage.coordinates.yValue",
                "entry.instrument.stage.coordinates.zValue", "entry.instrument.stage.eBeamWorkingDistance",
                "entry.instrument.imaging.numberOfPixels.xPixels", "entry.instrument.imaging.numberOfPixels.yPixels",
                "entry.instrument.imaging.pixelSize.xPixelSize", "entry.instrument.imaging.pixelSize.yPixelSize",
                "entry.instrument.imaging.apertureSetting.size", "entry.instrument.imaging.dwellTime",
                "entry.instrument.imaging.cycleTime", "entry.instrument.detectors.detector1.detectorName",
                "entry.instrument.instrumentID.identifierValue", "entry.instrument.imaging.dynamicFocus")) {
            assertNotNull(out.get(to), to);
        }
        assertEquals(15000.0, out.get("entry.instrument.eBeamSource.accelerationVoltage").asDouble());
        assertEquals(3.85417e-7, out.get("entry.instrument.imaging.pixelSize.xPixelSize").asDouble(), 1e-13);
        assertEquals(0.00402349, out.get("entry.instrument.stage.eBeamWorkingDistance").asDouble(), 1e-12);
        assertEquals("Helios G4 PFIB CXe", out.get("entry.instrument.instrumentName").value());
        assertEquals("9952707", out.get("entry.instrument.instrumentID.identifierValue").value());
    }

    @Test
    void ionImageTakesImagingFromIScanAndLeavesTheElectronSourceEmpty() throws Exception {
        Map<String, Value> out = resolve(CORPUS.resolve("public/DeMarcoLab-fibsem/2022-11-17.01-35-21PM_ib.tif"));
        assertEquals(2.60417e-7, out.get("entry.instrument.imaging.pixelSize.xPixelSize").asDouble(), 1e-13);
        assertEquals(1e-6, out.get("entry.instrument.imaging.dwellTime").asDouble(), 1e-15);
        assertEquals(9.45e-8, out.get("entry.instrument.imaging.apertureSetting.size").asDouble(), 1e-15);
        assertFalse(out.containsKey("entry.instrument.eBeamSource.accelerationVoltage"), "30 kV is the ion beam's");
        assertFalse(out.containsKey("entry.instrument.stage.eBeamWorkingDistance"));
    }

    @Test
    void navCamPixelSizeComesFromTheFieldWidth() throws Exception {
        Map<String, Value> out = resolve(CORPUS.resolve("rosettasciio/FEI-Helios-navcam.tif"));
        assertEquals(0.202732 / 768, out.get("entry.instrument.imaging.pixelSize.xPixelSize").asDouble(), 1e-12);
        assertEquals(0.135155 / 512, out.get("entry.instrument.imaging.pixelSize.yPixelSize").asDouble(), 1e-12);
        assertFalse(out.containsKey("entry.instrument.eBeamSource.accelerationVoltage"));
        assertFalse(out.containsKey("entry.instrument.imaging.dwellTime"));
    }

    /** A minimal stand-in for the engine: path resolution, fallbacks, and the ratio converter. */
    private static Map<String, Value> resolve(Path file) throws Exception {
        MetadataTree tree;
        try (CachingByteSource src = CachingByteSource.ofFile(file); Probe probe = new Probe(src, file.toString())) {
            tree = new ThermoXtTiffReader().read(probe,
                    new Detection(ThermoXtTiffReader.FORMAT, "tiff", List.of())).primary();
        }
        JsonNode table;
        try (InputStream in = ThermoXtMappingPathsTest.class.getResourceAsStream("/emmeta/mapping/sem-thermofisher.json")) {
            table = new ObjectMapper().readTree(in);
        }
        assertEquals("SEM", table.get("schema").asText());
        Map<String, Value> out = new LinkedHashMap<>();
        for (JsonNode f : table.get("fields")) {
            String to = f.get("to").asText();
            List<String> from = new ArrayList<>();
            if (f.get("from").isArray()) {
                f.get("from").forEach(n -> from.add(n.asText()));
            } else {
                from.add(f.get("from").asText());
            }
            List<Value> values = new ArrayList<>();
            for (String p : from) {
                values.add(lookup(tree, p));
            }
            String convert = f.path("convert").asText(null);
            Value v = null;
            if ("ratio".equals(convert)) {
                if (values.get(0) != null && values.get(1) != null && values.get(0).isNumber()
                        && values.get(1).isNumber()) {
                    v = Value.number(values.get(0).asDouble() / values.get(1).asDouble(), values.get(0).unit());
                }
            } else if (convert != null) {
                v = values.stream().filter(x -> x != null).findFirst().orElse(null);
            } else {
                v = values.stream().filter(x -> x != null).findFirst().orElse(null);
            }
            if (v != null && f.has("unit")) {
                assertTrue(v.isNumber(), to + " from " + from + " is not a number: " + v);
            }
            if (v != null) {
                out.putIfAbsent(to, v);
            }
        }
        return out;
    }

    private static Value lookup(MetadataTree tree, String path) {
        Matcher m = VAR.matcher(path);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String sub = tree.text(m.group(1));
            if (sub == null) {
                return null;
            }
            m.appendReplacement(b, Matcher.quoteReplacement(sub));
        }
        m.appendTail(b);
        return tree.get(b.toString());
    }
}
