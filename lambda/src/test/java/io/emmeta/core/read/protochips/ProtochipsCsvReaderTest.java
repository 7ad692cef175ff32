package io.emmeta.core.read.protochips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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

/** Protochips holder logs from the corpus; expected values are the files' own text (quoted in the comments). */
class ProtochipsCsvReaderTest {

    static final String DIR = "public/rosettasciio/";

    static MetadataTree read(Path p) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new ProtochipsCsvReader().read(probe, new Detection(ProtochipsCsvReader.FORMAT, "text",
                    List.of("test"))).original();
        }
    }

    /** Lines of the file that are measurements: after the column line, without a 'Key = Value' note. */
    static long dataRows(Path p) throws Exception {
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        return lines.stream().skip(1).filter(l -> !l.isBlank() && !l.contains(" = ")).count();
    }

    @Test
    void electricalLogNotesColumnsAndRows() throws Exception {
        Path p = Corpus.file(DIR + "protochips_electrical.csv");
        MetadataTree t = read(p);
        // "Time, Notes, Channel A Current, Channel A Voltage, ..."
        assertEquals("Time", t.text("columns/1"));
        assertEquals("Channel A Current", t.text("columns/3"));
        assertEquals("Channel B Resistance", t.text("columns/8"));
        // "0, Date (yyyy.mm.dd) = 2014.10.08", "0, Time (hh:mm:ss.ms) = 16:26:51.738", "Current units = Amps"
        assertEquals("2014.10.08", t.text("notes/Date (yyyy.mm.dd)"));
        assertEquals("Amps", t.text("notes/Current units"));
        assertEquals("Enter User Name", t.text("notes/User agreeing to terms"));
        assertEquals("2014-10-08T16:26:51", t.text("derived/startTime"));
        // "0, , -6.91414E-13, 6.14405E-05, NaN, 0, 0, NaN": the first measurement
        assertEquals(-6.91414E-13, (Double) t.get("firstRow/Channel A Current").value(), 0);
        assertEquals("NaN", t.text("firstRow/Channel A Resistance"));
        assertEquals(dataRows(p), t.get("derived/rowCount").value());
    }

    @Test
    void gasCellLogWithoutUserLine() throws Exception {
        Path p = Corpus.file(DIR + "protochips_gas_cell_no_user.csv");
        MetadataTree t = read(p);
        // "Time, Notes,Holder Temperature,Holder Pressure,..." and "0,Pressure units = Torr,..."
        assertEquals("Holder Temperature", t.text("columns/3"));
        assertEquals("Torr", t.text("notes/Pressure units"));
        assertEquals("2016-10-17T16:59:20", t.text("derived/startTime"));
        assertEquals(null, t.get("notes/User agreeing to terms"));
        assertEquals(dataRows(p), t.get("derived/rowCount").value());
    }

    @Test
    void theDocumentHoldsTheStartOnly() throws Exception {
        ExtractionRecord r = Chain.extract(Corpus.file(DIR + "protochips_gas_cell_no_user.csv"));
        assertEquals("text/protochips-csv", r.detected().format());
        assertEquals(Status.PARTIAL, r.status());
        assertEquals("2016-10-17T16:59:20", r.mapped().get("startTime").asText(), "local: no zone in the log");
        assertTrue(r.mapped().at("/instrument").isMissingNode(), "no holder reading has a TEM schema place");
    }

    @Test
    void brokenAndLongCopies(@TempDir Path tmp) throws Exception {
        byte[] csv = Files.readAllBytes(Corpus.file(DIR + "protochips_electrical.csv"));
        // the notes column header kept, the notes gone: a typed error
        Path noNotes = tmp.resolve("nonotes.csv");
        String text = new String(csv, StandardCharsets.UTF_8);
        Files.writeString(noNotes, text.lines().findFirst().get() + "\n" + text.substring(text.indexOf("0, , ")), StandardCharsets.UTF_8);
        ExtractionRecord r = Chain.extractBroken(noNotes, "no notes");
        assertTrue(r.status() == Status.ERROR || r.status() == Status.UNSUPPORTED, r.status().toString());
        // a copy cut mid-line reads its notes, counts the whole rows
        Path cut = tmp.resolve("cut.csv");
        Files.write(cut, Arrays.copyOf(csv, 2000));
        r = Chain.extractBroken(cut, "cut");
        assertEquals("2014-10-08T16:26:51", r.mapped().get("startTime").asText());
        // a log longer than the head: the head is read, the rows are not counted
        StringBuilder big = new StringBuilder(text);
        String row = "1096, , 1.39992E-05, 0.04612, 3290.0, 0, 0, NaN\n";
        while (big.length() < 3 * ProtochipsCsvReader.HEAD_LIMIT) {
            big.append(row);
        }
        Path longLog = tmp.resolve("long.csv");
        Files.writeString(longLog, big, StandardCharsets.UTF_8);
        r = Chain.extractBroken(longLog, "long");
        assertTrue(r.warnings().stream().anyMatch(w -> w.code() == ErrorCode.TOO_LARGE), r.warnings().toString());
        assertTrue(r.original().at("/derived/rowCount").isMissingNode());
        assertTrue(r.provenance().bytesRead() < Files.size(longLog));
    }
}
