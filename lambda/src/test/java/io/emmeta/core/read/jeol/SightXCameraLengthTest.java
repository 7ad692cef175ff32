package io.emmeta.core.read.jeol;

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
 * JEOL SightX camera length (issue #17). Expected values read with tifffile from the ImageDescription
 * {@code <TemReporter>} XML: the Ronchigram was recorded in STEM ({@code <EosMode>eosASID</EosMode>}) with
 * {@code <DetectAngleString>40cm</DetectAngleString>}; the TEM image ({@code <EosMode>eosTEM</EosMode>}) keeps the same
 * DetectAngleString from the last STEM session, and its lens selector is a magnification
 * ({@code <SelectorUnitString>X</SelectorUnitString>}), so it has no camera length.
 */
class SightXCameraLengthTest {

    static final Path RONCHIGRAM = Corpus.file("public/rosettasciio/JEOL-SightX-Ronchigram-dummy.tif");
    static final Path TEM_MAG = Corpus.file("rosettasciio/JEOL-SightX-TEM-mag-dummy.tif");

    @Test
    void stemCameraLengthFromTheDetectAngleSetting() throws Exception {
        ExtractionRecord r = extract(RONCHIGRAM);
        assertEquals(0.4, r.mapped().at("/instrument/setCameraLength/value").asDouble(), 1e-12);
        assertEquals("m", r.mapped().at("/instrument/setCameraLength/unit").asText());
    }

    @Test
    void aTemImageHasNoCameraLength() throws Exception {
        ExtractionRecord r = extract(TEM_MAG);
        assertTrue(r.mapped().at("/instrument/setCameraLength").isMissingNode(), r.mapped().toString());
        assertEquals(150000, r.mapped().at("/instrument/setMagnification").asDouble(), 1e-9);
    }

    /**
     * In diffraction the lens selector is the camera length: a copy of the Ronchigram whose selector reads 40 cm
     * (patched in place, same byte count) gives 0.4 m from SelectorValue/SelectorUnitString and no magnification.
     */
    @Test
    void diffractionSelectorIsTheCameraLength(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(RONCHIGRAM);
        String text = new String(real, StandardCharsets.ISO_8859_1);
        String from = "<SelectorValue>400000</SelectorValue>\r\n    <SelectorString>X400k</SelectorString>\r\n"
                + "    <SelectorUnitString>X</SelectorUnitString>";
        String eol = text.contains(from) ? "\r\n" : "\n";
        from = from.replace("\r\n", eol);
        String to = ("<SelectorValue>   60</SelectorValue>\r\n    <SelectorString>60 cm</SelectorString>\r\n"
                + "    <SelectorUnitString>cm</SelectorUnitString>").replace("\r\n", eol);
        assertEquals(from.length(), to.length());
        int at = text.indexOf(from);
        assertTrue(at > 0, "the selector block is in the file");
        byte[] b = real.clone();
        System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, b, at, to.length());
        Path f = dir.resolve("diffraction.tif");
        Files.write(f, b);
        ExtractionRecord r = extract(f);
        assertEquals(0.6, r.mapped().at("/instrument/setCameraLength/value").asDouble(), 1e-12);
        assertTrue(r.mapped().at("/instrument/setMagnification").isMissingNode(), r.mapped().toString());
    }
}
