package io.emmeta.core.read.protochips;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.text.TextLimits;

/**
 * Protochips holder log: a {@code Time, Notes, <column>, ...} line, then rows whose Notes cell holds the header facts
 * as {@code Key = Value} ({@code Date (yyyy.mm.dd) = 2014.10.08}, {@code Time (hh:mm:ss.ms) = ...}, {@code Temperature
 * units = Degrees C}, {@code User agreeing to terms = ...}) while the time is still 0, then the measurements. Only a
 * bounded head is read: the notes and the columns; the data rows are counted only when the whole file fits in it.
 */
public final class ProtochipsCsvReader implements Reader {

    public static final FormatSpec FORMAT = new FormatSpec("text/protochips-csv", "Protochips", Technique.TEM,
            List.of(".csv"));

    /** The notes are in the first dozen lines; logs run to megabytes. */
    static final int HEAD_LIMIT = 64 * 1024;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu.MM.dd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss[.SSS]", Locale.ROOT);

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** The first line names the Time and Notes columns and a Date note follows. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TEXT) {
            return Optional.empty();
        }
        String s = Head.text(probe.head());
        String first = s.lines().findFirst().orElse("").replace(" ", "");
        if (first.startsWith("Time,Notes,") && s.contains("Date (yyyy.mm.dd) =")) {
            return Optional.of(Sniff.certain(FORMAT, "text", "'Time, Notes,' columns and a 'Date (yyyy.mm.dd)' note"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        long size = probe.size();
        boolean whole = size <= HEAD_LIMIT;
        byte[] bytes = probe.source().readFully(0, (int) Math.min(size, HEAD_LIMIT));
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!whole) {
            int lastBreak = text.lastIndexOf('\n');
            text = lastBreak < 0 ? "" : text.substring(0, lastBreak); // a cut line is not a row
        }
        String[] lines = text.split("\r?\n", -1);
        List<String> columns = cells(lines[0]);
        if (columns.size() < 2 || !columns.get(0).equals("Time") || !columns.get(1).equals("Notes")) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "first line is not 'Time, Notes, ...'");
        }
        List<Problem> warnings = new ArrayList<>();
        MetadataTree root = new MetadataTree();
        MetadataTree cols = root.section("columns");
        for (int i = 0; i < columns.size(); i++) {
            cols.put(Integer.toString(i + 1), Value.text(columns.get(i)));
        }
        MetadataTree notes = root.section("notes");
        MetadataTree first = null;
        long rows = 0;
        for (int n = 1; n < lines.length; n++) {
            Deadline.check();
            if (lines[n].isBlank()) {
                continue;
            }
            List<String> c = cells(lines[n]);
            String note = c.size() > 1 ? c.get(1) : "";
            int eq = note.indexOf(" = ");
            if (eq > 0) {
                notes.add(note.substring(0, eq).strip().replace('/', '-'), Value.text(note.substring(eq + 3).strip()));
                continue;
            }
            rows++;
            if (first == null) {
                // the first measurement row: the holder's state when the log starts
                first = root.section("firstRow");
                for (int i = 0; i < Math.min(c.size(), columns.size()); i++) {
                    if (i != 1) {
                        first.put(columns.get(i).replace('/', '-'), number(c.get(i)));
                    }
                }
            }
        }
        if (notes.isEmpty()) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "no 'Key = Value' notes in the head");
        }
        MetadataTree derived = root.section("derived");
        if (whole) {
            derived.put("rowCount", Value.integer(rows));
        } else {
            warnings.add(new Problem(ErrorCode.TOO_LARGE, "only the first " + HEAD_LIMIT + " of " + size
                    + " bytes read: the rows are not counted"));
        }
        LocalDateTime start = start(notes.text("Date (yyyy.mm.dd)"), notes.text("Time (hh:mm:ss.ms)"));
        if (start != null) {
            derived.put("startTime", Value.localDateTime(start, "holder control computer"));
        } else if (notes.text("Date (yyyy.mm.dd)") != null) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, "start date '"
                    + TextLimits.excerpt(notes.text("Date (yyyy.mm.dd)")) + "' is not yyyy.mm.dd with a time"));
        }
        return ReadResult.of(root, warnings);
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String c : line.split(",", -1)) {
            out.add(c.strip());
        }
        return out;
    }

    private static Value number(String s) {
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? Value.number(d, null) : Value.text(s); // "NaN": no reading, kept as written
        } catch (NumberFormatException e) {
            return Value.text(s);
        }
    }

    static LocalDateTime start(String date, String time) {
        if (date == null || time == null) {
            return null;
        }
        try {
            return LocalDateTime.of(LocalDate.parse(date.strip(), DATE), LocalTime.parse(time.strip(), TIME));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
