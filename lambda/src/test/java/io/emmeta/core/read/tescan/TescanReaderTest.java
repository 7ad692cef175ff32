package io.emmeta.core.read.tescan;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.testing.Corpus;

class TescanReaderTest {


    @Test
    void tagBlocksMainAndSemWithSiUnits() throws Exception {
        ExtractionRecord r = extract(Corpus.file("public/odemis/tescan_example_sem1.tif"));
        assertEquals(Status.PARTIAL, r.status());
        assertEquals("MIRA3 XMU", r.original().at("/MAIN/Device").asText(), "no whitelist, no split on spaces");
        assertEquals("V", r.original().at("/SEM/HV/unit").asText());
        var e = r.mapped().get("entry");
        assertEquals(10000, e.at("/instrument/eBeamSource/accelerationVoltage/value").asInt());
        assertEquals(0.01325, e.at("/instrument/stage/eBeamWorkingDistance/value").asDouble(), 1e-12);
        assertEquals("2016-05-16T16:03:27", e.get("endTime").asText());
        assertEquals(768, e.at("/instrument/imaging/numberOfPixels/yPixels").asInt(), "data bar subtracted");
        assertTrue(r.original().at("/thumbnail/bytes/value").asLong() > 1000, "JPEG 2000 thumbnail sized, not decoded");
        assertTrue(r.provenance().bytesRead() < 1827202 / 4);
        // context aside, the document is valid
        r.validation().errors().forEach(x -> assertTrue(x.message().matches(".*(measurementPurpose|parents|technique).*"),
                x.toString()));
    }

    @Test
    void hdrSidecarOnItsOwnWithoutInventingATime() throws Exception {
        ExtractionRecord r = extract(Corpus.file("tomo_mapper/tescan-minimal.hdr"));
        assertEquals("TESCAN SOLARIS X", r.mapped().at("/entry/instrument/instrumentName").asText());
        assertEquals(5e-8, r.mapped().at("/entry/instrument/imaging/pixelSize/xPixelSize/value").asDouble(), 1e-20);
        assertTrue(r.mapped().at("/entry/endTime").isMissingNode(), "a date without a time is not a date-time");
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("only a date")));
    }

    @Test
    void absurdBlockLengthIsTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file("public/odemis/tescan_example_sem1.tif"));
        String latin = new String(real, java.nio.charset.StandardCharsets.ISO_8859_1);
        int block2 = latin.indexOf("AccFrames=1") - 6; // u32 length + u16 id precede the text
        ByteBuffer.wrap(real).order(ByteOrder.LITTLE_ENDIAN).putInt(block2, 0x7ffffff0);
        Path f = dir.resolve("bad.tif");
        Files.write(f, real);
        ExtractionRecord r = extract(f);
        assertEquals(Status.ERROR, r.status());
        assertTrue(r.errors().get(0).code().name().matches("TRUNCATED|CORRUPT"), r.errors().toString());
    }
}
