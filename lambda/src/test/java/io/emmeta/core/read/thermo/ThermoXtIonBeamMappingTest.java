package io.emmeta.core.read.thermo;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Corpus;

/**
 * Helios G4 PFIB images taken with the ion beam ({@code [Beam] Beam=IBeam}): the ion column's voltage and current go
 * to the SEM schema's FIB block, and nothing of the ion beam lands in the electron-beam fields (issue #17).
 *
 * <p>Expected values read from the files with {@code strings FILE | sed -n '/^\[IBeam\]/,/^\[/p'} (the xT INI block of
 * tag 34682): both files write {@code Source=Argon}, {@code HV=30000}, {@code WD=0.0165}, {@code BeamCurrent=2e-011},
 * and neither has an {@code [EBeam]} section.
 */
class ThermoXtIonBeamMappingTest {

    static final List<Path> ION = List.of(Corpus.file("public/DeMarcoLab-fibsem/2022-11-17.01-35-21PM_ib.tif"),
            Corpus.file("public/DeMarcoLab-fibsem/test_image_2.tif"));

    @Test
    void ionBeamVoltageCurrentSourceAndWorkingDistanceFillTheFibBlock() throws Exception {
        for (Path p : ION) {
            ExtractionRecord r = extract(p);
            JsonNode fib = r.mapped().at("/entry/instrument/FIB");
            assertEquals(30000, fib.at("/iBeamSource/accelerationVoltage/value").asDouble(), 1e-9, p.toString());
            assertEquals("V", fib.at("/iBeamSource/accelerationVoltage/unit").asText());
            assertEquals(2e-11, fib.at("/iBeamSource/beamCurrent/value").asDouble(), 1e-24);
            assertEquals("A", fib.at("/iBeamSource/beamCurrent/unit").asText());
            assertEquals("Argon", fib.at("/iBeamSource/sourceName").asText());
            assertEquals(0.0165, fib.at("/iBeamWorkingDistance/value").asDouble(), 1e-12);
        }
    }

    @Test
    void ionValuesNeverReachTheElectronBeamFields() throws Exception {
        for (Path p : ION) {
            JsonNode inst = extract(p).mapped().at("/entry/instrument");
            assertTrue(inst.path("eBeamSource").isMissingNode(), p + ": " + inst.path("eBeamSource"));
            assertTrue(inst.at("/stage/eBeamWorkingDistance").isMissingNode(), p.toString());
        }
    }

    @Test
    void anElectronBeamImageGetsNoFibBlock() throws Exception {
        // [Beam] Beam=EBeam in this Helios slice (strings shows the [EBeam] section and no active IBeam)
        ExtractionRecord r = extract(Corpus.file("tomo_mapper/SEM_Image-SliceImage-001.tif"));
        assertTrue(r.mapped().at("/entry/instrument/FIB").isMissingNode(), r.mapped().toString());
        assertEquals(15000, r.mapped().at("/entry/instrument/eBeamSource/accelerationVoltage/value").asDouble(), 1e-9);
    }
}
