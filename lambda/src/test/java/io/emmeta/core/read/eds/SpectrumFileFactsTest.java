package io.emmeta.core.read.eds;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Corpus;

/**
 * Issue #17: the key facts of the corpus's EMSA and Bruker .spx spectra and the TVIPS tilt, mapped or noted.
 * Expected values are read without our code: {@code grep} on the text files, and HyperSpy 1.7.3's
 * {@code original_metadata} and metadata for the same files ({@code hs.load(f).metadata}: .msa beam_energy 10.0 kV,
 * date 2022-08-29, time 10:14:00, live_time 30.0 s; .spx beam_energy 15.0, detector_type XFlash 5010, date 2018-03-02,
 * time 13:53:04, real_time 7.575 s).
 */
class SpectrumFileFactsTest {

    static final Path MSA = Corpus.file("public/NexusLIMS/647_leo_edax_test.msa");
    static final Path SPX = Corpus.file("public/rosettasciio/bruker_nano.spx");
    static final Path TVIPS = Corpus.file("public/rosettasciio/TVIPS_bin4.tif");

    static boolean warned(ExtractionRecord r, String part) {
        return r.warnings().stream().anyMatch(p -> p.message().contains(part));
    }

    /** A fact without a schema place is noted (kept in original; a warning would make the document partial). */
    static boolean noted(ExtractionRecord r, String part) {
        return r.notes().stream().anyMatch(n -> n.contains(part));
    }

    /**
     * {@code grep '^#' 647_leo_edax_test.msa}: {@code #DATE : 29-Aug-2022}, {@code #TIME : 10:14},
     * {@code #BEAMKV -kV: 10.0}, {@code #LIVETIME -s: 30.0}, {@code ##EDAX Detector : Octane Elite 25},
     * {@code ##Tilt Angle : -1.0}. 10 kV: an SEM's, by the rule the .spc of the same spectrum follows.
     */
    @Test
    void emsaSpectrumGivesAnSemDocumentAndWarnsAboutTheLiveTime() throws Exception {
        ExtractionRecord r = extract(MSA);
        assertTrue(r.schema().startsWith("SEM"), r.schema());
        assertEquals(10000, r.mapped().at("/entry/instrument/eBeamSource/accelerationVoltage/value").asDouble(), 1e-6);
        assertEquals("V", r.mapped().at("/entry/instrument/eBeamSource/accelerationVoltage/unit").asText());
        assertEquals("2022-08-29T10:14:00", r.mapped().at("/entry/endTime").asText());
        assertEquals(-1.0, r.mapped().at("/entry/instrument/stage/stageTiltAngle/value").asDouble(), 1e-9);
        assertEquals("Octane Elite 25", r.mapped().at("/entry/instrument/detectors/detector1/detectorName").asText());
        assertTrue(noted(r, "EDS live time 30"), r.notes().toString());
    }

    /** The same header with BEAMKV 200 and an upper-case month: a TEM's document; no BEAMKV: no document. */
    @Test
    void beamEnergyChoosesTheEmsaSchema(@TempDir Path dir) throws Exception {
        String text = Files.readString(MSA, StandardCharsets.ISO_8859_1);
        Path f = dir.resolve("tem.msa");
        Files.writeString(f, text.replace("#BEAMKV   -kV: 10.0", "#BEAMKV   -kV: 200.0")
                .replace("29-Aug-2022", "29-AUG-2022"), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("#BEAMKV   -kV: 10.0"), "the line patched is in the file");
        ExtractionRecord r = extract(f);
        assertTrue(r.schema().startsWith("TEM"), r.schema());
        assertEquals(200000, r.mapped().at("/instrument/source/accelerationVoltage/value").asDouble(), 1e-6);
        assertEquals("2022-08-29T10:14:00", r.mapped().at("/startTime").asText());
        assertEquals(-1.0, r.mapped().at("/instrument/stage/tiltAngleAlpha/value").asDouble(), 1e-9);
        Files.writeString(f, text.replace("#BEAMKV   -kV: 10.0", ""), StandardCharsets.ISO_8859_1);
        r = extract(f);
        assertTrue(r.mapped() == null || r.mapped().isMissingNode() || r.mapped().isEmpty(), String.valueOf(r.mapped()));
        assertTrue(warned(r, "no mapping table for emsa/msa"), r.warnings().toString());
    }

    /**
     * {@code grep} on bruker_nano.spx: {@code <PrimaryEnergy>1.5E1} (kV), {@code <Type>XFlash 5010},
     * {@code <Date>2.3.2018}, {@code <Time>13:53:4} (HyperSpy: 2018-03-02 13:53:04, day first), {@code <RealTime>7575}
     * (ms; HyperSpy 7.575 s), {@code <Magnification>6.666666667E2}.
     */
    @Test
    void brukerSpxGivesVoltageDetectorAndDateAndWarnsAboutWhatHasNoPlace() throws Exception {
        ExtractionRecord r = extract(SPX);
        assertTrue(r.schema().startsWith("SEM"), r.schema());
        assertEquals(15000, r.mapped().at("/entry/instrument/eBeamSource/accelerationVoltage/value").asDouble(), 1e-6);
        assertEquals("XFlash 5010", r.mapped().at("/entry/instrument/detectors/detector1/detectorName").asText());
        assertEquals("2018-03-02T13:53:04", r.mapped().at("/entry/endTime").asText());
        assertTrue(noted(r, "EDS real time 7575"), r.notes().toString());
        assertTrue(noted(r, "magnification 666.6666667"), r.notes().toString());
        assertTrue(r.mapped().at("/entry/instrument/stage/stageTiltAngle").isMissingNode(),
                "the file holds no stage tilt (HyperSpy's tilt_alpha 0.0 is its default)");
    }

    /**
     * TVIPS writes the stage tilts without documenting their unit (HyperSpy 1.7.3 passes -0.007 on as tilt_alpha): no
     * tilt is written, and one note names it.
     */
    @Test
    void tvipsTiltOfUnknownUnitIsWarnedNotMapped() throws Exception {
        ExtractionRecord r = extract(TVIPS);
        assertTrue(r.mapped().at("/instrument/stage/tiltAngleAlpha").isMissingNode(), r.mapped().toString());
        assertEquals(1, r.notes().stream().filter(n -> n.startsWith("stage tilt -0.007")).count(), r.notes().toString());
    }
}
