package io.emmeta.core.read.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.FormatDetector;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.hitachi.HitachiSidecarReader;
import io.emmeta.core.read.jeol.JeolSemSidecarReader;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

class SidecarReadersTest {

    static ReadResult read(Reader r, Path p) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return r.read(probe, new FormatDetector(io.emmeta.core.Readers.registry()).detect(probe));
        }
    }

    @Test
    void jeolKeysUnitsAndDerivedValues() throws Exception {
        MetadataTree t = read(new JeolSemSidecarReader(), Corpus.file("tomo_mapper/image000.txt")).primary();
        assertEquals(7.0, t.get("CM_ACCEL_VOLT").asDouble(), 1e-12);
        assertEquals("kV", t.get("CM_ACCEL_VOLT").unit());
        assertEquals(10.52, t.get("SM_WD").asDouble(), 1e-12);
        assertEquals("mm", t.get("SM_WD").unit());
        assertEquals(1.64e-8, t.get("SM_PROBE_CURRENT").asDouble(), 1e-20);
        assertEquals("8530F", t.text("CM_INSTRUMENT"));
        assertEquals("30.6525 -2.6135 10.5465 0 0 0", t.text("CM_STAGE_POS"), "multi-token values stay whole");
        assertEquals(30.6525, t.get("derived/stage/x").asDouble(), 1e-12);
        assertEquals(100e-6 / 101, t.get("derived/pixelSize").asDouble(), 1e-15, "100um marker over 101 px");
        MetadataTree ansi = read(new JeolSemSidecarReader(), Corpus.file("public/NexusLIMS/text_preview_jeol_ansi.txt"))
                .primary();
        assertEquals("7800F", ansi.text("CM_INSTRUMENT"));
    }

    @Test
    void hitachiUtf16WithUnitsAsWords() throws Exception {
        ReadResult r = read(new HitachiSidecarReader(), Corpus.file("public/Training_Program_2/sample-１_200倍(x200).txt"));
        MetadataTree t = r.primary();
        assertEquals("TM4000", t.text("InstructName"));
        assertEquals(15000.0, t.get("AcceleratingVoltage").asDouble(), 1e-9);
        assertEquals("V", t.get("AcceleratingVoltage").unit());
        assertEquals(7706.35, t.get("WorkingDistance").asDouble(), 1e-9);
        assertEquals("um", t.get("WorkingDistance").unit());
        assertEquals("nm", t.get("PixelSize").unit());
        assertTrue(t.text("ImageName").contains("倍"), "non-Latin text survives UTF-16");
    }

    @Test
    void garbageSidecarsAreTypedErrors(@TempDir Path dir) throws Exception {
        Path jeol = dir.resolve("x.txt");
        Files.write(jeol, "$CM_FORMAT\n\u0001\u0002garbage\n".getBytes(StandardCharsets.ISO_8859_1));
        ExtractionException e = assertThrows(ExtractionException.class, () -> read(new JeolSemSidecarReader(), jeol));
        assertEquals(ErrorCode.MALFORMED_TEXT, e.code());
        Path hitachi = dir.resolve("h.txt");
        byte[] real = Files.readAllBytes(Corpus.file("public/Training_Program_2/sample-１_200倍(x200).txt"));
        Files.write(hitachi, java.util.Arrays.copyOf(real, 40)); // cut inside the first lines
        ExtractionException h = assertThrows(ExtractionException.class, () -> read(new HitachiSidecarReader(), hitachi));
        assertEquals(ErrorCode.MALFORMED_TEXT, h.code());
    }
}
