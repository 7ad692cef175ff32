package io.emmeta.core.read.tiff;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Corpus;

/**
 * Issue #17: the pixel size of TIFF kinds whose writer states one, never the baseline 72 dpi of a print size.
 * Expected values read with tifffile ({@code TiffFile(f).pages[0].tags}, {@code tags[33560].value} for Olympus) and
 * compared with HyperSpy 1.7.3's axes for the same files (0.1687 µm, 0.1687 µm, 2.393e-11 m, 1.821 nm).
 */
class TiffPixelSizeTest {

    static final double REL = 1e-6;

    /** tifffile: 65003 'µm', 65009 = 65010 = 0.16867469251155853; XResolution 72 dpi (ResolutionUnit INCH), unused. */
    @Test
    void digitalMicrographTiffUsesItsScaleTags() throws Exception {
        ExtractionRecord r = extract(Corpus.file("rosettasciio/test_loading_image_saved_with_DM.tif"));
        assertTrue(r.schema().startsWith("TEM"), r.schema());
        assertEquals(0.16867469251155853e-6,
                r.mapped().at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(), 0.16867e-6 * REL);
        assertEquals(0.16867469251155853e-6,
                r.mapped().at("/instrument/detector/pixelSizeImage/yPixelSize/value").asDouble(), 0.16867e-6 * REL);
        assertEquals("m", r.mapped().at("/instrument/detector/pixelSizeImage/xPixelSize/unit").asText());
    }

    /**
     * tifffile: ImageDescription 'ImageJ=1.51a\nunit=micron...', XResolution (5928571, 1000000) pixels per micron,
     * ResolutionUnit NONE: 1/5.928571 µm. ImageJ names no technique, so no schema document: the size stays in derived/.
     */
    @Test
    void imageJTiffPixelSizeIsOneOverItsResolutionInItsUnit() throws Exception {
        ExtractionRecord r = extract(Corpus.file("rosettasciio/test_loading_image_saved_with_imageJ.tif"));
        assertEquals(1 / 5.928571, r.original().at("/derived/pixelSize/x/value").asDouble(), REL);
        assertEquals("µm", r.original().at("/derived/pixelSize/x/unit").asText());
        assertEquals(1 / 5.928571, r.original().at("/derived/pixelSize/y/value").asDouble(), REL);
    }

    /**
     * tifffile {@code pages[1].tags[33560].value}: pixelsizex 2.392791775876109e-11 (m), magnification 600000.0;
     * DateTime '2018:11:15 19:42:31'; Model 'Quemesa'.
     */
    @Test
    void olympusSisGivesPixelSizeMagnificationDateAndCamera() throws Exception {
        ExtractionRecord r = extract(Corpus.file("rosettasciio/olympus_SIS.tif"));
        assertTrue(r.schema().startsWith("TEM"), r.schema());
        assertEquals(2.392791775876109e-11,
                r.mapped().at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(), 2.39e-11 * REL);
        assertEquals(600000, r.mapped().at("/instrument/setMagnification").asDouble(), 1e-6);
        assertEquals("2018-11-15T19:42:31", r.mapped().at("/startTime").asText());
        assertEquals("Quemesa", r.mapped().at("/instrument/detector/detectorName").asText());
    }

    /**
     * tifffile ImageDescription XML: EosMode eosTEM, ModeString MAG, SelectorValue 150000 (X), JemBaumerCamera
     * PixelsPerMeter 3642: 1 / (3642 × 150000) m = 1.8305 nm (HyperSpy's 1.821 nm uses the TIFF's 93 dpi, the same
     * pitch rounded to whole dots per inch). The Ronchigram (eosASID, STEM) gets none.
     */
    @Test
    void sightXTemImageGetsPixelSizeFromPitchAndMagnificationOnly() throws Exception {
        ExtractionRecord r = extract(Corpus.file("rosettasciio/JEOL-SightX-TEM-mag-dummy.tif"));
        assertEquals(1 / (3642.0 * 150000), r.mapped().at("/instrument/detector/pixelSizeImage/xPixelSize/value")
                .asDouble(), 1.83e-9 * REL);
        ExtractionRecord stem = extract(Corpus.file("public/rosettasciio/JEOL-SightX-Ronchigram-dummy.tif"));
        assertTrue(stem.mapped().at("/instrument/detector/pixelSizeImage").isMissingNode(), stem.mapped().toString());
    }
}
