package io.emmeta.core.read.tia;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

class TiaEmiReaderTest {


    @Test
    void objectInfoFromTheTailWithUnits() throws Exception {
        ExtractionRecord r = extract(Corpus.file("public/openNCEM/16_STOimage.emi"));
        assertEquals(Status.PARTIAL, r.status());
        assertEquals(80000, r.mapped().at("/instrument/source/accelerationVoltage/value").asInt());
        assertEquals(0.116, r.mapped().at("/instrument/setCameraLength/value").asDouble(), 1e-12);
        assertEquals(-2e-9, r.mapped().at("/instrument/defocus/value").asDouble(), 1e-18, "-0.002 um");
        assertEquals("STEM", r.mapped().at("/instrument/operationMode").asText());
        assertEquals("nano probe mode", r.mapped().at("/instrument/probeMode").asText());
        assertEquals("uA", r.original().at("/description/Emission/unit").asText());
        assertTrue(r.provenance().bytesRead() < 2109440 / 4, "the tail only: " + r.provenance().bytesRead());
    }

    @Test
    void xxeInTheObjectInfoIsRefusedAndAMissingBlockIsTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file("public/rosettasciio/64x64_TEM_images_acquire.emi"));
        String s = new String(real, StandardCharsets.ISO_8859_1);
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOPSECRET");
        String evil = s.replace("<ObjectInfo>", "<!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri()
                + "\">]><ObjectInfo>&e;");
        Path f = dir.resolve("evil.emi");
        Files.write(f, evil.getBytes(StandardCharsets.ISO_8859_1));
        ExtractionRecord r = extract(f);
        assertEquals(Status.ERROR, r.status());
        assertTrue(new ObjectMapper().writeValueAsString(r).indexOf("TOPSECRET") < 0);
        Path none = dir.resolve("none.emi");
        Files.write(none, s.replace("<ObjectInfo>", "<Nothing>").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("CORRUPT", extract(none).errors().get(0).code().name());
    }
}
