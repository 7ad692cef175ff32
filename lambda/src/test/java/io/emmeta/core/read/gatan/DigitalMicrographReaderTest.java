package io.emmeta.core.read.gatan;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.testing.Corpus;

class DigitalMicrographReaderTest {


    @Test
    void dm3StemImageTagsUnitsAndFiletime() throws Exception {
        ExtractionRecord r = extract(Corpus.file("rosettasciio/test_STEM_image.dm3"));
        assertEquals(Status.PARTIAL, r.status());
        var d = r.mapped();
        assertEquals("2016-08-08T15:26:37Z", d.get("startTime").asText(), "FILETIME, not the locale DataBar text");
        assertEquals(200000, d.at("/instrument/source/accelerationVoltage/value").asInt());
        assertEquals(225000, d.at("/instrument/setMagnification").asInt());
        assertEquals(0.135, d.at("/instrument/setCameraLength/value").asDouble(), 1e-12);
        assertEquals(-0.000461276, d.at("/instrument/stage/specimenPosition/xValue").asDouble(), 1e-12);
        assertEquals("STEM", d.at("/instrument/operationMode").asText());
        // the file's calibration is 0.24853801727294922 nm (Scale, Units "nm"): lengths are written in m
        assertEquals("m", d.at("/instrument/detector/pixelCalibration/unit").asText());
        assertEquals(0.24853801727294922e-9, d.at("/instrument/detector/pixelCalibration/value").asDouble(), 1e-22);
        assertEquals(0.24853801727294922e-9, d.at("/instrument/detector/pixelSizeImage/yPixelSize/value").asDouble(),
                1e-22);
    }

    @Test
    void bigFileCostsTheTagsNotThePixels() throws Exception {
        Path p = Corpus.file("public/scythe/04_Titan_EELS_SI_dataZeroed.dm3");
        ExtractionRecord r = extract(p);
        assertEquals(300000, r.mapped().at("/instrument/source/accelerationVoltage/value").asInt());
        assertTrue(r.provenance().bytesRead() < Files.size(p) / 20, r.provenance().bytesRead() + " of " + Files.size(p));
        ExtractionRecord dm4 = extract(Corpus.file("rosettasciio/EELS_SI.dm4"));
        assertEquals(0.55, dm4.mapped().at("/instrument/setCameraLength/value").asDouble(), 1e-12);
    }

    @Test
    void digiScanSampleTimeIsTheDwellTime() throws Exception {
        ExtractionRecord r = extract(Corpus.file("rosettasciio/test_STEM_image.dm3"));
        assertEquals("µs", r.original().at("/ImageList/1/ImageTags/DigiScan/Sample Time/unit").asText());
        assertEquals(3.5e-6, r.mapped().at("/instrument/scan/dwellTime/value").asDouble(), 1e-15);
    }

    /*
     * Expected values below: HyperSpy 1.7.3 (apt python3-hyperspy), hs.load(f).original_metadata, ImageList.TagGroup0
     * .ImageTags (the main image) and .ImageData.Calibrations.Dimension; the Ångström from a hex dump:
     * python3 -c "d=open(f,'rb').read(); i=d.find(b'Units',40300); print(d[i:i+60].hex(' '))" shows dimension 1's
     * Units array as one UTF-16 unit, 41 00 ("A").
     */

    @Test
    void xAndYInOneUnitAndDmAngstromIsNotAmpere() throws Exception {
        // HyperSpy: Dimension TagGroup0 Scale 1.0 Units 'nm', TagGroup1 Scale 2.0 Units 'A'
        ExtractionRecord r = extract(Corpus.file("public/openNCEM/dmTest_float32_nonSquare_diffPixelSize.dm4"));
        var px = r.mapped().at("/instrument/detector/pixelSizeImage");
        assertEquals("m", px.at("/xPixelSize/unit").asText());
        assertEquals(1e-9, px.at("/xPixelSize/value").asDouble(), 1e-24);
        assertEquals("m", px.at("/yPixelSize/unit").asText());
        assertEquals(2e-10, px.at("/yPixelSize/value").asDouble(), 1e-24);
        assertEquals("m", r.mapped().at("/instrument/detector/pixelCalibration/unit").asText());
        var scale = r.original().at("/ImageList/1/ImageData/Calibrations/Dimension/1/Scale");
        assertEquals("Å", scale.get("unit").asText(), "never 'A', the ampere: " + scale);
        assertEquals(2.0, scale.get("value").asDouble(), 0);
    }

    @Test
    void spectrumImageLineScanDateDwellAndSpatialScaleNotTheEnergyAxis() throws Exception {
        // HyperSpy: SI.Acquisition Date '4/22/2016', Start time '4:34:54 PM', End time '4:44:59 PM', Pixel time (s)
        // 0.5; Dimension 0 Scale 0.5 'eV' (the spectrum), Dimension 1 Scale 0.0010174631606787443 'µm' (the scan);
        // Acquisition.Device.Name 'US1000FT 1'; no DataBar, no Acquisition Time (OS)
        ExtractionRecord r = extract(Corpus.file("public/scythe/04_Titan_EELS_SI_dataZeroed.dm3"));
        var d = r.mapped();
        assertEquals("2016-04-22T16:34:54", d.get("startTime").asText(), "US date with a 12-hour time, no zone");
        assertEquals("2016-04-22T16:44:59", d.get("endTime").asText());
        assertEquals(0.5, d.at("/instrument/scan/dwellTime/value").asDouble(), 0);
        assertEquals("s", d.at("/instrument/scan/dwellTime/unit").asText());
        assertEquals(0.0010174631606787443e-6, d.at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(),
                1e-20);
        assertTrue(d.at("/instrument/detector/pixelSizeImage/yPixelSize").isMissingNode(), "a line scan has no y");
        assertEquals("m", d.at("/instrument/detector/pixelCalibration/unit").asText());
        assertEquals("US1000FT 1", d.at("/instrument/detector/detectorName").asText());
    }

    @Test
    void clLineScanWavelengthAxisIsNoPixelSizeAndAnAmbiguousDateStaysOut() throws Exception {
        // HyperSpy: Dimension 0 Scale 0.0934361144900322 'nm' is the wavelength axis, Dimension 1 Scale
        // 0.020634513348340988 'µm' the line; SI.Acquisition Date '04/11/2020', Start time '14:41:01' (24 h: day or
        // month first cannot be told), Pixel time (s) 0.05; Session Info.Microscope 'Ultra55'
        ExtractionRecord r = extract(Corpus.file("public/rosettasciio/test-MonoCL_spectrum-SI.dm4"));
        var d = r.mapped();
        assertEquals(0.020634513348340988e-6, d.at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(),
                1e-20);
        assertTrue(d.get("startTime") == null, "04/11/2020 is not guessed: " + d.get("startTime"));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("04/11/2020")), r.notes().toString());
        assertEquals(0.05, d.at("/instrument/scan/dwellTime/value").asDouble(), 0);
        assertEquals("Ultra55", d.at("/instrument/instrumentName").asText());
        assertEquals("PVCAM1", d.at("/instrument/detector/detectorName").asText());
    }

    @Test
    void mapDatesDayFirstAndSpectrumDatesFromTheEelsGroup() throws Exception {
        // HyperSpy, EELS_SI.dm4: SI.Acquisition Date '14/05/2019', Start time '20:50:13', End time '21:00:58',
        // Pixel time (s) 0.02; Dimension 0 and 1 Scale 0.0019920736085623503 'µm', Dimension 2 Scale 1.0 'eV'
        ExtractionRecord si = extract(Corpus.file("rosettasciio/EELS_SI.dm4"));
        assertEquals("2019-05-14T20:50:13", si.mapped().get("startTime").asText());
        assertEquals("2019-05-14T21:00:58", si.mapped().get("endTime").asText());
        assertEquals(0.0019920736085623503e-6,
                si.mapped().at("/instrument/detector/pixelSizeImage/yPixelSize/value").asDouble(), 1e-20);
        assertEquals(0.02, si.mapped().at("/instrument/scan/dwellTime/value").asDouble(), 0);
        // HyperSpy, test-EELS_spectrum.dm3: EELS.Acquisition Date '8/8/2016', Start time '7:35:17 PM', End time
        // '7:35:18 PM'; Dimension 0 Scale 0.5 'eV' (a single spectrum: its dispersion is the calibration)
        ExtractionRecord spectrum = extract(Corpus.file("rosettasciio/test-EELS_spectrum.dm3"));
        assertEquals("2016-08-08T19:35:17", spectrum.mapped().get("startTime").asText());
        assertEquals("2016-08-08T19:35:18", spectrum.mapped().get("endTime").asText());
        assertEquals("eV", spectrum.mapped().at("/instrument/detector/pixelCalibration/unit").asText());
        assertEquals(0.5, spectrum.mapped().at("/instrument/detector/pixelCalibration/value").asDouble(), 0);
        assertTrue(spectrum.mapped().at("/instrument/detector/pixelSizeImage").isMissingNode());
    }

    @Test
    void siDateWithoutDataBarAndUnknownMicroscopeStaysOut() throws Exception {
        // HyperSpy: SI.Acquisition Date '12/14/2019', Start time '3:14:24 PM', End time '3:18:41 PM', Pixel time (s)
        // 0.2; Microscope Info.Name 'Unknown' (DM's placeholder), Session Info.Microscope empty
        ExtractionRecord r = extract(Corpus.file("public/SciFiDatasets/DMReader_SI-HAADF.dm3"));
        assertEquals("2019-12-14T15:14:24", r.mapped().get("startTime").asText());
        assertEquals("2019-12-14T15:18:41", r.mapped().get("endTime").asText());
        assertEquals(0.2, r.mapped().at("/instrument/scan/dwellTime/value").asDouble(), 0);
        assertTrue(r.mapped().at("/instrument/instrumentName").isMissingNode());
    }

    @Test
    void brokenTreesAreTypedAndBounded(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file("rosettasciio/test_STEM_image.dm3"));
        for (int cut : new int[] {20, 40, 1000, real.length / 2, real.length - 100}) {
            Path f = dir.resolve("cut" + cut + ".dm3");
            Files.write(f, java.util.Arrays.copyOf(real, cut));
            ExtractionRecord r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> extract(f));
            if (r.status() == Status.ERROR) {
                assertTrue(r.errors().get(0).code().name().matches("TRUNCATED|CORRUPT"), r.errors().toString());
            } else {
                // cut after some tags: those are kept, and the record says the rest is missing
                assertEquals(Status.PARTIAL, r.status(), cut + "");
                assertTrue(r.warnings().stream().anyMatch(w -> w.code().name().equals("TRUNCATED")), cut + " "
                        + r.warnings());
            }
        }
        byte[] absurd = real.clone();
        ByteBuffer.wrap(absurd).putInt(18, 1_000_000_000); // the root group's tag count
        Path f = dir.resolve("absurd.dm3");
        Files.write(f, absurd);
        ExtractionRecord r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> extract(f));
        assertEquals("CORRUPT", r.errors().get(0).code().name());
    }
}
