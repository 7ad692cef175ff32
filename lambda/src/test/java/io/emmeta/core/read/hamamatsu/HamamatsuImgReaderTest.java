package io.emmeta.core.read.hamamatsu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.Detection;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;

/**
 * Hamamatsu HPD-TA .img files from the corpus; expected values are the ones in the files' own header bytes
 * ({@code xxd | head -1}) and comment text ({@code strings}), quoted in the comments.
 */
class HamamatsuImgReaderTest {

    static final String DIR = "public/rosettasciio/";

    static MetadataTree read(String file) throws Exception {
        Path p = Corpus.file(DIR + file);
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new HamamatsuImgReader().read(probe, new Detection(HamamatsuImgReader.FORMAT, "test",
                    List.of("test"))).original();
        }
    }

    @Test
    void version95SlashDateAndGluedSections() throws Exception {
        MetadataTree t = read("focus_mode.img");
        // 494d e50c a002 0002 0000 0000 0300: 'IM', comment 0x0ce5 = 3301 bytes, 672 x 512, type 3 (32-bit)
        assertEquals(3301L, t.get("header/commentLength").value());
        assertEquals(672L, t.get("header/width").value());
        assertEquals(512L, t.get("header/height").value());
        assertEquals(3L, t.get("header/fileType").value());
        // [Application],...,Date="20/01/2023",Time="11:28:55.083",...,SoftwareVersion="9.5 pf10"
        assertEquals("20/01/2023", t.text("comment/Application/Date"));
        assertEquals("2023-01-20T11:28:55", t.text("derived/startTime"));
        assertEquals("9.5 pf10", t.text("comment/Application/SoftwareVersion"));
        // [Camera],CameraName="Orca R2",SerialNumber="S/N: 891892"
        assertEquals("Orca R2", t.text("comment/Camera/CameraName"));
        assertEquals("S/N: 891892", t.text("comment/Camera/SerialNumber"));
        // [Acquisition],NrExposure=4,...,ExposureTime=5 s,...,areSource="0,0,672,512"
        assertEquals(4L, t.get("comment/Acquisition/NrExposure").value());
        assertEquals(5.0, (Double) t.get("comment/Acquisition/ExposureTime").value(), 0);
        assertEquals("s", t.get("comment/Acquisition/ExposureTime").unit());
        assertEquals("0,0,672,512", t.text("comment/Acquisition/areSource"), "a quoted comma is not a separator");
        // "[Grabber],Type=5,SubType=0[DisplayLUT],EntrySize=9": a section glued onto a value
        assertEquals(0L, t.get("comment/Grabber/SubType").value());
        assertEquals(9L, t.get("comment/DisplayLUT/EntrySize").value());
        // [Streak camera],...,Time Range="5 ns",Mode="Focus"
        assertEquals(5.0, (Double) t.get("comment/Streak camera/Time Range").value(), 0);
        assertEquals("ns", t.get("comment/Streak camera/Time Range").unit());
        assertEquals("Focus", t.text("comment/Streak camera/Mode"));
        // ...ScalingYScalingFile="Focus mode"[Comment],UserComment=""
        assertEquals("Focus mode", t.text("comment/Scaling/ScalingYScalingFile"));
        assertEquals("", t.text("comment/Comment/UserComment"));
    }

    @Test
    void version92DottedDate() throws Exception {
        MetadataTree t = read("photon_counting.img");
        // Date="29.08.2018",Time="12:28:22.676",SoftwareVersion="9.2 pf4"; ExposureTime=200 ms; NrExposure=10000
        assertEquals("2018-08-29T12:28:22", t.text("derived/startTime"));
        assertEquals(200.0, (Double) t.get("comment/Acquisition/ExposureTime").value(), 0);
        assertEquals("ms", t.get("comment/Acquisition/ExposureTime").unit());
        assertEquals(10000L, t.get("comment/Acquisition/NrExposure").value());
        assertEquals(2L, t.get("header/fileType").value(), "0200 at byte 12: 16-bit");
    }

    @Test
    void commentLongerThanTheHeadIsReadByRange() throws Exception {
        MetadataTree t = read("xaxis_other.img");
        // 1810 at byte 2: a 4120-byte comment, past the probe's 4096-byte head; DCAMAPIVERSION="4.00" stays text
        assertEquals(4120L, t.get("header/commentLength").value());
        assertEquals("C13440-20C", t.text("comment/Camera/CameraName"));
        assertEquals("4.00", t.text("comment/Camera/DCAMAPIVERSION"));
        assertEquals("2024-08-08T11:50:25", t.text("derived/startTime"));
        assertEquals("", t.text("comment/Comment/UserComment"), "the last record, after 4096 bytes, is there");
    }

    @Test
    void recordIsAnSemDocumentAndReadsOnlyTheHeader() throws Exception {
        Path p = Corpus.file(DIR + "focus_mode.img");
        ExtractionRecord r = Chain.extract(p);
        assertEquals("binary/hamamatsu-img", r.detected().format());
        assertEquals(Status.PARTIAL, r.status());
        // an SEM (cathodoluminescence) document with what the comment holds; strings shows
        // Date="20/01/2023",Time="11:28:55.083" and CameraName="Orca R2" in this file's comment
        assertTrue(r.schema().startsWith("SEM"), r.schema());
        assertEquals("2023-01-20T11:28:55", r.mapped().at("/entry/startTime").asText());
        assertEquals("Orca R2", r.mapped().at("/entry/instrument/detectors/detector1/detectorName").asText());
        // the exposure has no SEM place: noted (the table's unmapped list), not a warning that would make it partial
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("exposure time ")), r.notes().toString());
        assertTrue(r.provenance().bytesRead() < Files.size(p) / 10, "bytes read " + r.provenance().bytesRead());
    }

    @Test
    void jeolAnalysisStationImgIsNotClaimed() throws Exception {
        ExtractionRecord r = Chain.extract(Corpus.file("public/rosettasciio/Sample/00_View000/View000_0000000.img"));
        assertEquals("jeol/analysis-station", r.detected().format());
    }

    @Test
    void brokenCopiesGetTypedProblems(@TempDir Path tmp) throws Exception {
        byte[] img = Files.readAllBytes(Corpus.file(DIR + "xaxis_other.img"));
        Path cut = tmp.resolve("cut.img");
        Files.write(cut, Arrays.copyOf(img, 2000));
        ExtractionRecord r = Chain.extractBroken(cut, "comment cut");
        assertEquals(Status.ERROR, r.status());
        assertEquals(ErrorCode.TRUNCATED, r.errors().get(0).code());
        Path pixelsCut = tmp.resolve("pixels.img");
        Files.write(pixelsCut, Arrays.copyOf(img, 64 + 4120 + 1000));
        r = Chain.extractBroken(pixelsCut, "pixels cut");
        assertTrue(r.warnings().stream().anyMatch(w -> w.code() == ErrorCode.TRUNCATED), r.warnings().toString());
        assertFalse(r.original().at("/comment/Camera/CameraName").isMissingNode());
        // unbalanced quotes and brackets: the parser ends, keeps what it can
        byte[] noise = Arrays.copyOf(img, 64 + 4120);
        for (int i = 200; i < 64 + 4120; i += 7) {
            noise[i] = (byte) (i % 3 == 0 ? '"' : i % 3 == 1 ? '[' : ',');
        }
        Path garbled = tmp.resolve("garbled.img");
        Files.write(garbled, noise);
        Chain.extractBroken(garbled, "garbled comment");
    }
}
