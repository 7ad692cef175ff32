package io.emmeta.core.read.serialem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.Detection;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;

/** SerialEM autodocs from the corpus; every expected value is the one written in the file's own text. */
class SerialEmMdocReaderTest {

    static MetadataTree read(String file) throws Exception {
        Path p = Corpus.file(file);
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new SerialEmMdocReader().read(probe, new Detection(SerialEmMdocReader.FORMAT, "text",
                    List.of("test"))).original();
        }
    }

    @Test
    void tiltSeriesKeepsEveryImageBlockWithItsUnits() throws Exception {
        MetadataTree t = read("public/mdocfile/tilt_series.mdoc");
        // "PixelSpacing = 5.4", "ImageSize = 924 958" before the first block
        assertEquals(5.4, (Double) t.get("global/PixelSpacing").value(), 1e-12);
        assertEquals("Å", t.get("global/PixelSpacing").unit());
        assertEquals(924L, t.get("global/ImageSize/x").value());
        assertEquals(958L, t.get("global/ImageSize/y").value());
        // [ZValue = 0]: "TiltAngle = 0.000999877", "StagePosition = 20.7936 155.287", "Magnification = 105000"
        assertEquals(0.000999877, (Double) t.get("ZValue/0/TiltAngle").value(), 1e-15);
        assertEquals("degree", t.get("ZValue/0/TiltAngle").unit());
        assertEquals(20.7936, (Double) t.get("ZValue/0/StagePosition/x").value(), 1e-12);
        assertEquals(155.287, (Double) t.get("ZValue/0/StagePosition/y").value(), 1e-12);
        assertEquals(105000L, t.get("ZValue/0/Magnification").value());
        // [ZValue = 1]: "TiltAngle = 3.00113"
        assertEquals(3.00113, (Double) t.get("ZValue/1/TiltAngle").value(), 1e-12);
        long blocks = Files.readAllLines(Corpus.file("public/mdocfile/tilt_series.mdoc"), StandardCharsets.US_ASCII)
                .stream().filter(l -> l.startsWith("[ZValue = ")).count();
        assertEquals(blocks, t.getTree("ZValue").size(), "one section per [ZValue = n] block");
        // the bracketed title lines, and the first block's "DateTime = 30-Nov-15  15:21:38"
        assertTrue(t.text("titles/1").startsWith("SerialEM: Digitized on EMBL Krios"), t.text("titles/1"));
        assertTrue(t.text("titles/2").startsWith("Tilt axis angle = 85.3"), t.text("titles/2"));
        assertEquals("2015-11-30T15:21:38", t.text("derived/startTime"));
    }

    @Test
    void frameSetWithCrlfAndAnUnbracketedTitle() throws Exception {
        MetadataTree t = read("public/mdocfile/frame_set_single.mdoc");
        assertEquals(300.0, (Double) t.get("global/Voltage").value(), 0);
        assertEquals("kV", t.get("global/Voltage").unit());
        assertTrue(t.text("titles/1").startsWith("SerialEM: UMass_Krios Camera"), t.text("titles/1"));
        assertNull(t.get("global/T"), "the title is not a key of the file");
        assertEquals(1.07856, (Double) t.get("FrameSet/0/ExposureTime").value(), 1e-12);
        assertEquals("s", t.get("FrameSet/0/ExposureTime").unit());
        assertEquals("SuperRef_s_mmm_00000_-15.0_Oct08_01.59.24.dm4", t.text("FrameSet/0/GainReference"));
        assertEquals("2021-10-08T07:39:08", t.text("derived/startTime"));
    }

    @Test
    void theDocumentCarriesTheFilesValuesInSchemaUnits() throws Exception {
        ExtractionRecord r = Chain.extract(Corpus.file("public/mdocfile/frame_set_single.mdoc"));
        assertEquals("text/serialem-mdoc", r.detected().format());
        var doc = r.mapped();
        assertEquals(300_000.0, doc.at("/instrument/source/accelerationVoltage/value").asDouble(), 1e-6, "300 kV");
        assertEquals(1.2827e-10, doc.at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(), 1e-20,
                "PixelSpacing = 1.2827 Å");
        assertEquals(-5.08286e-6, doc.at("/instrument/defocus/value").asDouble(), 1e-15, "Defocus = -5.08286 µm");
        assertEquals(32.984, doc.at("/instrument/stage/tiltAngleAlpha/value").asDouble(), 1e-12);
        assertEquals(-142.82e-6, doc.at("/instrument/stage/specimenPosition/xValue").asDouble(), 1e-15);
        assertEquals(33000, doc.at("/instrument/setMagnification").asInt());
        assertEquals("2021-10-08T07:39:08", doc.get("startTime").asText(), "local time: the file records no zone");
        assertEquals("SerialEM", doc.at("/program/programName").asText());
    }

    @Test
    void serialEmDatesAsWritten() {
        assertEquals("2021-03-25T17:00:46", SerialEmMdocReader.dateTime("25-Mar-21  17:00:46").toString());
        assertNull(SerialEmMdocReader.dateTime("2021-03-25 17:00:46"), "another shape is not guessed at");
    }

    /** Pairing is by name (x.mrc + x.mrc.mdoc); an autodoc named otherwise can never pair and keeps its own document. */
    @Test
    void anAutodocNotNamedAfterAnImageIsNoLoneSidecar(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ExtractionRecord alone = Chain.extract(Corpus.file("public/mdocfile/tilt_series.mdoc"));
        assertTrue(alone.mapped() != null && alone.mapped().has("instrument"));
        assertFalse(io.emmeta.core.Extractor.isLoneSidecar(alone), "tilt_series.mdoc names no image: its document");
        // the same bytes under an image's whole name + .mdoc: a half of a pair, its document waits for the image
        Path named = dir.resolve("TS_01.mrc.mdoc");
        Files.copy(Corpus.file("public/mdocfile/tilt_series.mdoc"), named);
        assertTrue(io.emmeta.core.Extractor.isLoneSidecar(Chain.extract(named)));
    }
}
