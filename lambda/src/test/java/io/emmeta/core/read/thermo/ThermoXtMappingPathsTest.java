package io.emmeta.core.read.thermo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.Detection;
import io.emmeta.core.map.Mapper;
import io.emmeta.core.map.MappingTable;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.source.CachingByteSource;

/**
 * sem-thermofisher.json against real reader output, through the mapping engine ({@link Mapper#map}): the fields the
 * community reference map fills come out of an electron image, an ion image takes its imaging from IScan and leaves
 * the electron source empty, a nav-cam image gets its pixel size from the field width.
 */
class ThermoXtMappingPathsTest {

    private static final Path CORPUS = Path.of("../shared/corpus");
    private static final Mapper MAPPER = Mapper.fromClasspath(new ObjectMapper());

    @Test
    void electronImageFillsEveryReferenceField() throws Exception {
        JsonNode out = map(CORPUS.resolve("tomo_mapper/SEM_Image-SliceImage-001.tif"));
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
            assertTrue(at(out, to) != null, to);
        }
        assertQuantity(out, "entry.instrument.eBeamSource.accelerationVoltage", 15000.0, "V", 0);
        assertQuantity(out, "entry.instrument.imaging.pixelSize.xPixelSize", 3.85417e-7, "m", 1e-13);
        assertQuantity(out, "entry.instrument.stage.eBeamWorkingDistance", 0.00402349, "m", 1e-12);
        assertEquals("Helios G4 PFIB CXe", at(out, "entry.instrument.instrumentName").asText());
        assertEquals("9952707", at(out, "entry.instrument.instrumentID.identifierValue").asText());
    }

    @Test
    void ionImageTakesImagingFromIScanAndLeavesTheElectronSourceEmpty() throws Exception {
        JsonNode out = map(CORPUS.resolve("public/DeMarcoLab-fibsem/2022-11-17.01-35-21PM_ib.tif"));
        assertQuantity(out, "entry.instrument.imaging.pixelSize.xPixelSize", 2.60417e-7, "m", 1e-13);
        assertQuantity(out, "entry.instrument.imaging.dwellTime", 1e-6, "s", 1e-15);
        assertQuantity(out, "entry.instrument.imaging.apertureSetting.size", 9.45e-8, "m", 1e-15);
        assertEquals(null, at(out, "entry.instrument.eBeamSource.accelerationVoltage"), "30 kV is the ion beam's");
        assertEquals(null, at(out, "entry.instrument.stage.eBeamWorkingDistance"));
    }

    @Test
    void navCamPixelSizeComesFromTheFieldWidth() throws Exception {
        JsonNode out = map(CORPUS.resolve("rosettasciio/FEI-Helios-navcam.tif"));
        assertQuantity(out, "entry.instrument.imaging.pixelSize.xPixelSize", 0.202732 / 768, "m", 1e-12);
        assertQuantity(out, "entry.instrument.imaging.pixelSize.yPixelSize", 0.135155 / 512, "m", 1e-12);
        assertEquals(null, at(out, "entry.instrument.eBeamSource.accelerationVoltage"));
        assertEquals(null, at(out, "entry.instrument.imaging.dwellTime"));
    }

    /** The reader's tree through the shipped table, as the chain maps it. */
    private static JsonNode map(Path file) throws Exception {
        MetadataTree primary;
        try (CachingByteSource src = CachingByteSource.ofFile(file); Probe probe = new Probe(src, file.toString())) {
            primary = new ThermoXtTiffReader().read(probe,
                    new Detection(ThermoXtTiffReader.FORMAT, "tiff", List.of())).primary();
        }
        MappingTable table = MAPPER.tableFor(ThermoXtTiffReader.FORMAT.id());
        assertEquals("SEM", table.schema());
        Mapper.Result r = MAPPER.map(table, primary, primary);
        assertEquals(List.of(), r.problems(), file + ": every value the table picks maps");
        return r.document();
    }

    /** The node at a dotted schema path, or null. */
    private static JsonNode at(JsonNode doc, String dotted) {
        JsonNode n = doc.at("/" + dotted.replace('.', '/'));
        return n.isMissingNode() ? null : n;
    }

    private static void assertQuantity(JsonNode doc, String dotted, double value, String unit, double tolerance) {
        JsonNode q = at(doc, dotted);
        assertNotNull(q, dotted);
        assertEquals(value, q.path("value").asDouble(), tolerance, dotted);
        assertEquals(unit, q.path("unit").asText(), dotted);
    }
}
