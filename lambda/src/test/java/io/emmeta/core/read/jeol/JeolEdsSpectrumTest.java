package io.emmeta.core.read.jeol;

import static io.emmeta.testing.Chain.extract;
import static io.emmeta.testing.Chain.extractBroken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.testing.Corpus;

/**
 * The JEOL Analysis Station .eds spectrum (a JEM-ARM200F with an EX24221M1G5T detector). Expected values are read
 * here from the file's own bytes at the header's fixed offsets, or found as text in it.
 */
class JeolEdsSpectrumTest {

    static final Path EDS = Corpus.file("public/rosettasciio/View002_0000001.eds");

    @Test
    void headerAndFooterGiveTheSpectrumsFacts() throws Exception {
        byte[] raw = Files.readAllBytes(EDS);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        ExtractionRecord r = extract(EDS);
        assertEquals("jeol/analysis-station", r.detected().format());
        assertEquals(b.getDouble(258), r.original().at("/EDS Header/LiveTime/value").asDouble(), 0);
        assertEquals(60.0, b.getDouble(258), 0);
        assertEquals(b.getDouble(266), r.original().at("/EDS Header/RealTime/value").asDouble(), 0);
        assertEquals(b.getDouble(362), r.original().at("/EDS Header/CoefA/value").asDouble(), 0);
        assertEquals("keV", r.original().at("/EDS Header/CoefA/unit").asText());
        assertEquals(b.getInt(454), r.original().at("/EDS Header/NumCH").asInt());
        assertEquals(4096, b.getInt(454));
        assertTrue(text.contains("JEM Administrator"));
        assertEquals("JEM Administrator", r.original().at("/EDS Header/UserName").asText());
        // the footer's parameter block: names as text in the file, kV as a double just after the Port field
        int sem = text.indexOf("JEM-ARM200F(URP)");
        assertTrue(sem > 458 + 4 * 4096, "in the footer, after the counts");
        assertEquals("EX24221M1G5T", r.original().at("/EDS Footer/Parameters/DetT").asText());
        assertEquals(text.substring(sem - 16, sem - 16 + 12), "EX24221M1G5T");
        double kv = b.getDouble(sem + 16 + 16); // SEM (16 bytes), Port (16 bytes), then AccKV
        assertEquals(200.0, kv, 0);
        assertEquals(kv, r.original().at("/EDS Footer/Parameters/AccKV/value").asDouble(), 0);
        for (String element : new String[] {"B K", "O K", "Na K", "Cl K", "Ti K", "Pt M"}) {
            assertTrue(text.contains(element + "\0"), element);
            assertTrue(r.original().at("/EDS Footer/SelectedElements/" + element + "/Z").isNumber(), element);
        }
        assertEquals(78, r.original().at("/EDS Footer/SelectedElements/Pt M/Z").asInt());
        // OLE days at byte 10: 44018.62496527778 is 2020-07-06 14:59:57 (local time, zone not recorded)
        assertEquals(44018.62496527778, b.getDouble(10), 1e-9);
        var doc = r.mapped();
        assertEquals("2020-07-06T14:59:57", doc.get("startTime").asText());
        assertEquals(200000.0, doc.at("/instrument/source/accelerationVoltage/value").asDouble(), 0);
        assertEquals("JEM-ARM200F(URP)", doc.at("/instrument/instrumentName").asText());
        assertEquals("EX24221M1G5T", doc.at("/instrument/detector/detectorName").asText());
        assertEquals(Status.PARTIAL, r.status(), "the schema's context fields are not in the file");
    }

    @Test
    void brokenSpectraAreTyped(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(EDS);
        // inside the header (not claimed), inside the counts (not claimed: its counts would end past the end),
        // inside the footer's element records and inside its parameter block
        for (int cut : new int[] {200, 460, 10_000, 16_900, 17_500, real.length - 300}) {
            Path f = dir.resolve("cut" + cut + ".eds");
            Files.write(f, Arrays.copyOf(real, cut));
            ExtractionRecord r = extractBroken(f, "cut at " + cut);
            if (r.detected().format().equals("jeol/analysis-station")) {
                assertTrue(r.warnings().stream().anyMatch(w -> w.code().name().equals("TRUNCATED")),
                        cut + " " + r.warnings());
                assertEquals(60.0, r.original().at("/EDS Header/LiveTime/value").asDouble(), 0, "header kept");
            }
        }
        // an absurd count of selected elements: CORRUPT warning, header kept
        byte[] absurd = real.clone();
        int footer = 458 + 4 * 4096;
        int excluded = ByteBuffer.wrap(real).order(ByteOrder.LITTLE_ENDIAN).getInt(footer + 4);
        ByteBuffer.wrap(absurd).order(ByteOrder.LITTLE_ENDIAN).putInt(footer + 8 + 2 * excluded, 2_000_000_000);
        Path f = dir.resolve("absurd.eds");
        Files.write(f, absurd);
        ExtractionRecord r = extractBroken(f, "absurd element count");
        assertTrue(r.warnings().stream().anyMatch(w -> w.code().name().equals("CORRUPT")), r.warnings().toString());
        assertEquals("JEM Administrator", r.original().at("/EDS Header/UserName").asText());
    }
    /**
     * Windows instruments write the ending in capitals ({@code VIEW002.EDS}): detection goes by content, so an
     * upper-case copy is the same spectrum with the same document (issue #17). Expected values read with python
     * {@code struct} from the file: the OLE date at byte 10 is 44018.62496527778 days after 1899-12-30 =
     * 2020-07-06 14:59:57; after the footer's DetT/SEM/Port names ({@code EX24221M1G5T}, {@code JEM-ARM200F(URP)},
     * {@code ED}, 16 bytes each) AccKV = 200.0, AccNA = 1.0, and past 38 bytes MnKaRES, WorkD, InsD, XtiltAng =
     * 133.0, 3.8, 11.5, 0.0.
     */
    @Test
    void anUpperCaseEndingIsDetectedAndMappedTheSame(@TempDir Path dir) throws Exception {
        Path upper = dir.resolve("VIEW002_0000001.EDS");
        Files.copy(EDS, upper);
        ExtractionRecord r = extract(upper);
        assertEquals("jeol/analysis-station", r.detected().format());
        assertEquals("spectrum", r.original().at("/file/kind").asText());
        assertTrue(r.schema().startsWith("TEM"), r.schema());
        assertEquals("2020-07-06T14:59:57", r.mapped().get("startTime").asText());
        assertEquals(200000, r.mapped().at("/instrument/source/accelerationVoltage/value").asDouble(), 1e-6);
        assertEquals(1e-9, r.mapped().at("/instrument/source/beamCurrent/value").asDouble(), 1e-18);
        assertEquals("JEM-ARM200F(URP)", r.mapped().at("/instrument/instrumentName").asText());
        assertEquals("EX24221M1G5T", r.mapped().at("/instrument/detector/detectorName").asText());
        assertEquals(0.0, r.mapped().at("/instrument/stage/tiltAngleAlpha/value").asDouble(-1), 0);
        assertEquals("degree", r.mapped().at("/instrument/stage/tiltAngleAlpha/unit").asText());
        assertTrue(io.emmeta.core.TriggerSuffixes.s3Suffixes().contains(".EDS"), "the S3 filter lists .EDS");
    }
}
