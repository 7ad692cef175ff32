package io.emmeta.core.read.fibics;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.testing.Corpus;

class FibicsTiffReaderTest {

    static final String SLICE = "SEM-Mapping-Tool/InLens_keyframe_00001_slice_00006_z=1.6659um.tif";


    @Test
    void atlasSliceWithOffsetDateUnitsAndDerivedValues() throws Exception {
        ExtractionRecord r = extract(Corpus.file(SLICE));
        assertEquals(Status.PARTIAL, r.status());
        var e = r.mapped().get("entry");
        assertEquals("2017-04-20T09:52:36Z", e.get("endTime").asText(), "+02:00 converted to UTC");
        assertEquals(5000, e.at("/instrument/eBeamSource/accelerationVoltage/value").asInt(), "from '(5.0 kV)'");
        assertEquals(-0.0587282805042487, e.at("/instrument/stage/coordinates/xValue").asDouble(), 1e-15);
        assertEquals(4.47154077316689e-8, e.at("/instrument/imaging/pixelSize/xPixelSize/value").asDouble(), 1e-20);
        assertEquals(1e-6, e.at("/instrument/imaging/dwellTime/value").asDouble(), 1e-18);
        assertEquals(-36, e.at("/instrument/stage/tiltCorrectionAngle/value").asInt());
        assertEquals(4.28, r.original().at("/BeamInfo/Ext V/value").asDouble(), 1e-12);
        assertEquals(6, r.original().at("/ATLAS3D/Slice/ZIndex").asInt());
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("?A")), "the damaged µ is said");
    }

    @Test
    void doctypeInTheTagIsRefused(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file(SLICE));
        String latin = new String(real, StandardCharsets.ISO_8859_1);
        // same length, so the TIFF structure stays valid: the prolog is replaced by a DOCTYPE of equal size
        String prolog = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>";
        String doctype = "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:/\">]>";
        String padded = doctype + " ".repeat(Math.max(0, prolog.length() - doctype.length()));
        assertEquals(prolog.length(), padded.length());
        Path f = dir.resolve("xxe.tif");
        Files.write(f, latin.replace(prolog, padded).getBytes(StandardCharsets.ISO_8859_1));
        ExtractionRecord r = extract(f);
        assertEquals(Status.ERROR, r.status());
        assertEquals("XML_REJECTED", r.errors().get(0).code().name());
    }
}
