package io.emmeta.core.read.quantumdetectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.container.Probe;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;

/**
 * Merlin .mib frame headers and .hdr acquisition headers from the corpus. Expected values are the ones written in the
 * files' own ASCII (quoted in the comments; {@code head -c 800 x.mib}, {@code cat x.hdr}).
 */
class MerlinReaderTest {

    static final String DIR = "public/rosettasciio/";

    static MetadataTree read(String file, FormatSpec format) throws Exception {
        Path p = Corpus.file(DIR + file);
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new MerlinReader().read(probe, new Detection(format, "test", List.of("test"))).original();
        }
    }

    @Test
    void eightFrameScanFrameHeaderAndCount() throws Exception {
        MetadataTree t = read("001_4x2_6bit.mib", MerlinReader.MIB);
        // "MQ1,000001,00384,01,0256,0256,U08,   1x1,01,2021-05-07 18:51:10.905800,0.100000,0,0,0,4.000000E+1,..."
        assertEquals("MQ1", t.text("frame/headerId"));
        assertEquals(384L, t.get("frame/dataOffset").value());
        assertEquals(1L, t.get("frame/chipCount").value());
        assertEquals(256L, t.get("frame/width").value());
        assertEquals(256L, t.get("frame/height").value());
        assertEquals("U08", t.text("frame/pixelType"));
        assertEquals("1x1", t.text("frame/sensorLayout"));
        assertEquals("2021-05-07 18:51:10.905800", t.text("frame/timeStamp"));
        assertEquals(0.1, (Double) t.get("frame/shutterTime").value(), 0);
        assertEquals(40.0, (Double) t.get("frame/thresholds/0").value(), 0, "4.000000E+1 keV");
        assertEquals("keV", t.get("frame/thresholds/0").unit());
        assertEquals("3RX", t.text("frame/chips/1/type"));
        assertTrue(t.text("frame/chips/1/DACs").startsWith("068,511,000"), t.text("frame/chips/1/DACs"));
        // "...,MQ1A,2021-05-07T16:51:10.905800928Z,100000000ns,6,": the UTC tail, two hours behind the local time
        assertEquals("2021-05-07T16:51:10.905800928Z", t.text("extended/timeStamp"));
        assertEquals(1e8, (Double) t.get("extended/shutterTime").value(), 0);
        assertEquals("ns", t.get("extended/shutterTime").unit());
        assertEquals(6L, t.get("extended/counterDepth").value());
        assertEquals("2021-05-07T18:51:10", t.text("derived/startTime"));
        // 384 header bytes + 256 x 256 one-byte pixels per frame; the .hdr says "Frames in Acquisition (Number): 8"
        long size = Files.size(Corpus.file(DIR + "001_4x2_6bit.mib"));
        assertEquals(384 + 256 * 256L, t.get("derived/frameBytes").value());
        assertEquals(size / (384 + 256 * 256L), t.get("derived/frameCount").value());
        assertEquals(8L, t.get("derived/frameCount").value());
    }

    @Test
    void rawQuadHeaderHasFourChipsAndOneBitPixels() throws Exception {
        MetadataTree t = read("Quad_1_Frame_CounterDepth_1_Rows_256RAW.mib", MerlinReader.MIB);
        // "MQ1,000001,00768,04,1024,0256,R64,   2x2,0F,2021-04-15 14:44:15.862206,0.001000,..., MQ1A,...,1000000ns,1,"
        assertEquals(768L, t.get("frame/dataOffset").value());
        assertEquals(4L, t.get("frame/chipCount").value());
        assertEquals("R64", t.text("frame/pixelType"));
        assertEquals("2x2", t.text("frame/sensorLayout"));
        assertEquals("0F", t.text("frame/chipSelect"));
        assertEquals(4, t.getTree("frame/chips").size());
        assertEquals(1L, t.get("extended/counterDepth").value());
        // raw one-bit counters: 1024 x 256 bits after the 768-byte header is the whole file, one frame
        assertEquals(768 + 1024 * 256 / 8L, t.get("derived/frameBytes").value());
        assertEquals(Files.size(Corpus.file(DIR + "Quad_1_Frame_CounterDepth_1_Rows_256RAW.mib")),
                t.get("derived/frameBytes").value());
        assertEquals(1L, t.get("derived/frameCount").value());
    }

    @Test
    void hdrKeysAndItsDayFirstDate() throws Exception {
        MetadataTree t = read("001_4x2_6bit.hdr", MerlinReader.HDR);
        // "Time and Date Stamp (day, mnth, yr, hr, min, s):\t07/05/2021 18:50:41": 7 May, as the frame header's
        // 2021-05-07 confirms (month first would be 5 July)
        assertEquals("07/05/2021 18:50:41", t.text("header/Time and Date Stamp"));
        assertEquals("2021-05-07T18:50:41", t.text("derived/startTime"));
        assertEquals("Merlin Quad", t.text("header/Readout System"));
        assertEquals("0.76.1.101", t.text("header/Software Version"));
        assertEquals(6L, t.get("header/Counter Depth").value());
        assertEquals(8L, t.get("header/Frames in Acquisition").value());
        assertEquals("SLGM", t.text("header/Gain"));
        assertEquals("120 V", t.text("header/Sensor Bias"));
        assertNull(t.get("header/End"), "reading stops at End");
    }

    @Test
    void mibAloneMapsItsFrameHeader() throws Exception {
        ExtractionRecord r = Chain.extract(Corpus.file(DIR + "Single_1_Frame_CounterDepth_6_Rows_256.mib"));
        assertEquals("binary/quantumdetectors-merlin-mib", r.detected().format());
        JsonNode doc = r.mapped();
        // MQ1A tail "2021-04-15T13:43:24.703250151Z" (UTC), "1000000ns"; header "0256,0256,U08"; depth "6"
        assertEquals("2021-04-15T13:43:24Z", doc.get("startTime").asText());
        assertEquals(0.001, doc.at("/instrument/detector/exposureTime/value").asDouble(), 1e-15);
        assertEquals("s", doc.at("/instrument/detector/exposureTime/unit").asText());
        assertEquals(6, doc.at("/instrument/detector/bitDepthReadout").asInt());
        assertEquals(256, doc.at("/instrument/detector/numberOfPixelsCamera/xPixels").asInt());
        assertEquals(256, doc.at("/instrument/detector/numberOfPixelsCamera/yPixels").asInt());
        assertTrue(doc.at("/instrument/source/accelerationVoltage").isMissingNode(), "a detector file has no beam");
        assertTrue(r.provenance().bytesRead() <= Files.size(Corpus.file(DIR + "Single_1_Frame_CounterDepth_6_Rows_256.mib")));
    }

    @Test
    void rawFrameGivesNoCameraPixelCount() throws Exception {
        ExtractionRecord r = Chain.extract(Corpus.file(DIR + "Quad_1_Frame_CounterDepth_1_Rows_256RAW.mib"));
        JsonNode doc = r.mapped();
        // 1024 x 256 is the raw readout order of four 256 x 256 chips, not the camera's geometry
        assertTrue(doc.at("/instrument/detector/numberOfPixelsCamera").isMissingNode(), doc.toString());
        assertEquals(1, doc.at("/instrument/detector/bitDepthReadout").asInt());
    }

    @Test
    void pairedWithItsHdrTheRecordNamesBoth() throws Exception {
        Path mib = Corpus.file(DIR + "001_4x2_6bit.mib");
        Path hdr = Corpus.file(DIR + "001_4x2_6bit.hdr");
        Extractor x = Extractor.standard(new ObjectMapper());
        ExtractionRecord r;
        try (CachingByteSource m = CachingByteSource.ofFile(mib); CachingByteSource h = CachingByteSource.ofFile(hdr)) {
            r = x.extract(m, SourceInfo.file(mib.toString(), Files.size(mib)), UploadContext.NONE, h,
                    SourceInfo.file(hdr.toString(), Files.size(hdr))).record();
            // only the first frame's header and one probe of the second frame's magic: far less than the frames
            assertTrue(m.stats().bytesRead() < Files.size(mib) / 4, "bytes read " + m.stats().bytesRead());
        }
        assertEquals("text/quantumdetectors-merlin-hdr", r.detected().format());
        assertEquals(hdr.toString(), r.source().sidecar());
        JsonNode doc = r.mapped();
        assertEquals("Merlin Quad", doc.at("/instrument/detector/detectorName").asText(), "Readout System");
        assertEquals("Quantum Detectors", doc.at("/instrument/detector/detectorManufacturer/manufacturerName").asText());
        assertEquals("2021-05-07T16:51:10Z", doc.get("startTime").asText(), "the frame's UTC tail");
        assertEquals(0.1, doc.at("/instrument/detector/exposureTime/value").asDouble(), 1e-12, "100000000ns");
        assertEquals(6, doc.at("/instrument/detector/bitDepthReadout").asInt());
        assertEquals(8, r.original().at("/image/derived/frameCount").asInt());
        assertTrue(doc.at("/instrument/source/accelerationVoltage").isMissingNode());
    }

    @Test
    void brokenCopiesGetTypedProblems(@TempDir Path tmp) throws Exception {
        byte[] mib = Files.readAllBytes(Corpus.file(DIR + "001_4x2_6bit.mib"));
        // cut inside the first header: the declared 384 bytes are not there
        Path cut = tmp.resolve("cut.mib");
        Files.write(cut, Arrays.copyOf(mib, 200));
        ExtractionRecord r = Chain.extractBroken(cut, "header cut");
        assertEquals(Status.ERROR, r.status());
        assertEquals(ErrorCode.TRUNCATED, r.errors().get(0).code());
        // cut in the middle of the third frame: two whole frames, a warning, no count claimed
        Path midFrame = tmp.resolve("mid.mib");
        Files.write(midFrame, Arrays.copyOf(mib, 65920 * 2 + 1000));
        r = Chain.extractBroken(midFrame, "frame cut");
        assertNotEquals(Status.ERROR, r.status());
        assertTrue(r.warnings().stream().anyMatch(p -> p.code() == ErrorCode.TRUNCATED), r.warnings().toString());
        assertTrue(r.original().at("/derived/frameCount").isMissingNode());
        assertEquals(2, r.original().at("/derived/wholeFrames").asInt());
        // a data offset that is not a number
        byte[] bad = mib.clone();
        System.arraycopy("0x384".getBytes(StandardCharsets.US_ASCII), 0, bad, 11, 5);
        Path badOffset = tmp.resolve("bad.mib");
        Files.write(badOffset, Arrays.copyOf(bad, 4096));
        r = Chain.extractBroken(badOffset, "offset not a number");
        assertEquals(Status.UNSUPPORTED, r.status(), "without a numeric offset it is not claimed as a Merlin frame");
        // a sequence number that is not a number: claimed (magic, offset, size agree), then refused by the reader
        byte[] badSeq = mib.clone();
        System.arraycopy("0000x1".getBytes(StandardCharsets.US_ASCII), 0, badSeq, 4, 6);
        Path badSequence = tmp.resolve("seq.mib");
        Files.write(badSequence, Arrays.copyOf(badSeq, 4096));
        r = Chain.extractBroken(badSequence, "sequence not a number");
        assertEquals(Status.ERROR, r.status());
        assertEquals(ErrorCode.CORRUPT, r.errors().get(0).code());
        // a huge declared offset is refused before any read of it
        byte[] huge = mib.clone();
        System.arraycopy("99999".getBytes(StandardCharsets.US_ASCII), 0, huge, 11, 5);
        Path hugeOffset = tmp.resolve("huge.mib");
        Files.write(hugeOffset, Arrays.copyOf(huge, 4096));
        r = Chain.extractBroken(hugeOffset, "huge offset");
        assertEquals(ErrorCode.CORRUPT, r.errors().get(0).code());
        // the second frame's magic overwritten: the count is not claimed
        byte[] noSecond = mib.clone();
        noSecond[65920] = 'X';
        Path shifted = tmp.resolve("shifted.mib");
        Files.write(shifted, noSecond);
        r = Chain.extractBroken(shifted, "second frame magic gone");
        assertTrue(r.warnings().stream().anyMatch(p -> p.code() == ErrorCode.CORRUPT), r.warnings().toString());
        assertTrue(r.original().at("/derived/frameCount").isMissingNode());
        // an .hdr cut before its End line: read, with a warning
        byte[] hdr = Files.readAllBytes(Corpus.file(DIR + "001_4x2_6bit.hdr"));
        Path hdrCut = tmp.resolve("cut.hdr");
        Files.write(hdrCut, Arrays.copyOf(hdr, 300));
        r = Chain.extractBroken(hdrCut, "hdr cut");
        assertEquals("text/quantumdetectors-merlin-hdr", r.detected().format());
        assertTrue(r.warnings().stream().anyMatch(p -> p.code() == ErrorCode.TRUNCATED), r.warnings().toString());
        assertFalse(r.original().at("/header/Chip ID").isMissingNode());
    }
}
