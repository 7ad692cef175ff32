package io.emmeta.core.read.ncem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;

class BerkeleyEmdReaderTest {

    static ExtractionRecord extract(String file) throws Exception {
        return Chain.extract(Corpus.file(file));
    }

    @Test
    void teamMicroscopeAttributesAndCalibrationWithoutReadingTheData() throws Exception {
        ExtractionRecord r = extract("public/openNCEM/Acquisition_18.emd");
        assertEquals(Status.PARTIAL, r.status());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        JsonNode d = r.mapped();
        assertEquals("TEAM 0.5", d.at("/instrument/instrumentName").asText());
        assertEquals(200000, d.at("/instrument/source/accelerationVoltage/value").asLong());
        assertEquals(0.085, d.at("/instrument/setCameraLength/value").asDouble(), 1e-12);
        assertEquals(0.024979373255162828 * 180 / Math.PI, d.at("/instrument/lens/beamConvergence/value").asDouble(), 1e-9);
        assertEquals("Peter Ercius", d.at("/user/userName").asText());
        assertEquals("nm", r.original().at("/signal/dim2/units").asText());
        assertTrue(d.at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble() > 0);
        assertTrue(r.provenance().bytesRead() < 2125400 / 10, "data array not read: " + r.provenance().bytesRead());
    }

    @Test
    void uncalibratedExampleIsPartialWithoutInventedUnits() throws Exception {
        ExtractionRecord r = extract("rosettasciio/example_image.emd");
        assertEquals(Status.PARTIAL, r.status());
        assertTrue(r.mapped().at("/instrument/detector").isMissingNode(), "no unit, no pixel size");
        assertEquals("[3, 3]", r.original().at("/signal/shape").asText());
    }
    /**
     * A high tension written as text (issue #17: NCEM files filled by hand carry "300kV"). No corpus file has one
     * (openNCEM Acquisition_18.emd writes the float 200000.0, h5py {@code f['microscope'].attrs['high tension']}), so
     * the conversion the reader applies to such attribute text is checked on the texts themselves.
     */
    @Test
    void aVoltageWrittenAsTextBecomesAQuantity() {
        java.util.List<io.emmeta.core.problem.Problem> warnings = new java.util.ArrayList<>();
        io.emmeta.core.model.Value v = BerkeleyEmdReader.quantityFromText("high tension", "300kV", "V", warnings);
        assertEquals(300.0, v.asDouble());
        assertEquals("kV", v.unit());
        assertEquals(300000.0, io.emmeta.core.model.Units.convert(v.asDouble(), v.unit(), "V"));
        v = BerkeleyEmdReader.quantityFromText("high tension", " 200 kV ", "V", warnings);
        assertEquals(200.0, v.asDouble());
        v = BerkeleyEmdReader.quantityFromText("high tension", "80000", "V", warnings);
        assertEquals(80000.0, v.asDouble());
        assertEquals("V", v.unit());
        assertTrue(warnings.isEmpty(), warnings.toString());
        v = BerkeleyEmdReader.quantityFromText("high tension", "300 mm", "V", warnings);
        assertEquals("300 mm", v.value(), "a length is no voltage: kept as text");
        v = BerkeleyEmdReader.quantityFromText("high tension", "HT on", "V", warnings);
        assertEquals(2, warnings.size(), "each text that is not a voltage is named: " + warnings);
    }

    @Test
    void aNumericHighTensionIsUnchanged() throws Exception {
        ExtractionRecord r = Chain.extract(Corpus.file("public/openNCEM/Acquisition_18.emd"));
        assertEquals(200000, r.mapped().at("/instrument/source/accelerationVoltage/value").asDouble(), 1e-9);
    }
}
