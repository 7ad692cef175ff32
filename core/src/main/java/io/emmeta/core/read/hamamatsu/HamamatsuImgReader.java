package io.emmeta.core.read.hamamatsu;

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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.text.LenientNumbers;
import io.emmeta.core.read.text.TextLimits;

/**
 * Hamamatsu HPD-TA {@code .img}. A 64-byte little-endian header: {@code IM}, the comment's length (int16), width,
 * height, x and y offset, the file type (0 8-bit, 1 compressed, 2 16-bit, 3 32-bit), zero padding. Then the comment,
 * UTF-8 text of {@code [Section],Key=Value,Key="quoted, value"} records, one section a line — except where HPD-TA glues
 * the next section onto a value ({@code SubType=0[DisplayLUT],...}); then the pixels and any scaling tables. Only the
 * header and the comment are read; the pixels' place is handed on to the preview. The date is day first in every
 * version, with '/' (9.5) or '.' (9.2).
 *
 * <p>The technique is not recorded: a streak camera behind a spectrograph records light, no beam, no microscope. In
 * electron microscopy that light is cathodoluminescence, on SEM-based systems (Attolight Allalin, Delmic SPARC), so the
 * documents are SEM documents with what the comment holds: start time and camera (sem-hamamatsu.json).
 */
public final class HamamatsuImgReader implements Reader {

    public static final FormatSpec FORMAT = new FormatSpec("binary/hamamatsu-img", "Hamamatsu", Technique.OTHER,
            List.of(".img"));

    static final int HEADER = 64;
    /** The length field is 16 bits; a comment is a few KiB in every file we know. */
    static final int MAX_COMMENT = 0xffff;

    private static final Pattern WITH_UNIT = Pattern.compile("^([-+]?[0-9]+(?:\\.[0-9]+)?)\\s*(ps|ns|us|µs|ms|s|Hz|kHz|MHz|nm)$");
    private static final Set<String> UNITS = Set.of("ps", "ns", "us", "µs", "ms", "s", "Hz", "kHz", "MHz", "nm");
    private static final DateTimeFormatter SLASH = DateTimeFormatter.ofPattern("dd/MM/uuuu", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DOTS = DateTimeFormatter.ofPattern("dd.MM.uuuu", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** {@code IM}, a file type 0..3, zero padding, and the comment opening with {@code [Application]}. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.BINARY) {
            return Optional.empty();
        }
        byte[] h = probe.head();
        if (h.length < HEADER + 13 || !Head.startsWith(h, 0, 'I', 'M') || le16(h, 12) > 3) {
            return Optional.empty();
        }
        if (new String(h, HEADER, 13, StandardCharsets.ISO_8859_1).equals("[Application]")) {
            return Optional.of(Sniff.certain(FORMAT, "hamamatsu-img", "'IM' header, comment opening with [Application]"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        long size = probe.size();
        byte[] h = probe.head();
        if (h.length < HEADER || !Head.startsWith(h, 0, 'I', 'M')) {
            throw new ExtractionException(ErrorCode.CORRUPT, "no 64-byte 'IM' header");
        }
        List<Problem> warnings = new ArrayList<>();
        MetadataTree root = new MetadataTree();
        MetadataTree header = root.section("header");
        int commentLength = le16(h, 2);
        int width = le16(h, 4);
        int height = le16(h, 6);
        int type = le16(h, 12);
        header.put("commentLength", Value.integer(commentLength));
        header.put("width", Value.integer(width));
        header.put("height", Value.integer(height));
        header.put("xOffset", Value.integer(le16(h, 8)));
        header.put("yOffset", Value.integer(le16(h, 10)));
        header.put("fileType", Value.integer(type));
        if (HEADER + (long) commentLength > size) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "the comment is declared " + commentLength
                    + " bytes but the object ends at " + size);
        }
        int bytesPerPixel = switch (type) {
            case 0 -> 1;
            case 2 -> 2;
            case 3 -> 4;
            default -> 0; // compressed: no fixed size
        };
        long pixels = (long) width * height * bytesPerPixel;
        if (bytesPerPixel > 0 && HEADER + commentLength + pixels > size) {
            warnings.add(new Problem(ErrorCode.TRUNCATED, width + "x" + height + " pixels of " + bytesPerPixel
                    + " byte(s) after the comment need " + (HEADER + commentLength + pixels) + " bytes; the object has "
                    + size));
        }
        byte[] comment = HEADER + commentLength <= h.length ? java.util.Arrays.copyOfRange(h, HEADER, HEADER + commentLength)
                : probe.source().readFully(HEADER, commentLength);
        String text = new String(comment, StandardCharsets.UTF_8);
        int kept = parse(text, root.section("comment"), warnings);
        if (kept == 0) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "no [Section],Key=Value records in the comment");
        }
        derive(root, warnings);
        return ReadResult.of(root, warnings).withImage(image(HEADER + commentLength, width, height, type));
    }

    /**
     * The streak image for the preview: right after the comment, rows of {@code width} little-endian samples (8, 16
     * or 32 bits unsigned, as the file type says; HPD-TA counts photons, never negative). A compressed image (type 1)
     * has no fixed layout and no preview. A truncated file keeps its reference: the preview's reads are checked
     * against the object and end in a typed preview warning.
     */
    static ImageRef image(long offset, int width, int height, int type) {
        ImageRef.SampleType sample = switch (type) {
            case 0 -> ImageRef.SampleType.U8;
            case 2 -> ImageRef.SampleType.U16;
            case 3 -> ImageRef.SampleType.U32;
            default -> null;
        };
        return sample == null ? null : ImageRef.raw(offset, width, height, sample, false);
    }

    /**
     * The start time from the comment's Application Date (day first) and Time, or a warning when they do not parse.
     * The exposure, which the SEM schema cannot hold, is warned about by the mapping table's {@code unmapped} list.
     */
    static void derive(MetadataTree root, List<Problem> warnings) {
        String date = root.text("comment/Application/Date");
        String time = root.text("comment/Application/Time");
        LocalDateTime start = start(date, time);
        if (start != null) {
            root.section("derived").put("startTime", Value.localDateTime(start, "HPD-TA computer"));
        } else if (date != null || time != null) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, "Application Date '" + date + "' and Time '" + time
                    + "' do not form a day-first date and time: no start time"));
        }
    }

    /**
     * The comment's records into {@code Section/Key}; a ',' or line end outside quotes ends a record, a '[' outside
     * quotes opens a section even mid-line. Returns the number of values kept.
     */
    static int parse(String text, MetadataTree into, List<Problem> warnings) {
        TextLimits.Listed strays = new TextLimits.Listed(warnings, "comment records that are not Key=Value");
        MetadataTree section = null;
        StringBuilder token = new StringBuilder();
        boolean quoted = false;
        int kept = 0;
        for (int i = 0; i <= text.length(); i++) {
            if ((i & 0xfff) == 0) {
                Deadline.check();
            }
            char c = i < text.length() ? text.charAt(i) : '\n';
            if (c == '"') {
                quoted = !quoted;
                token.append(c);
                continue;
            }
            if (quoted && c != '\n' && c != '\r') {
                token.append(c);
                continue;
            }
            if (c == '[') {
                kept += record(token, section, strays);
                int close = text.indexOf(']', i);
                int eol = text.indexOf('\n', i);
                if (close < 0 || (eol >= 0 && eol < close)) {
                    strays.add(new Problem(ErrorCode.MALFORMED_TEXT, "unclosed '[' at character " + i));
                    section = null;
                    i = eol < 0 ? text.length() : eol;
                    quoted = false;
                    continue;
                }
                String name = text.substring(i + 1, close).strip().replace('/', '-');
                section = name.isEmpty() ? null : into.section(name);
                i = close;
                quoted = false;
                continue;
            }
            if (c == ',' || c == '\n' || c == '\r') {
                kept += record(token, section, strays);
                quoted = false;
                continue;
            }
            token.append(c);
        }
        strays.close();
        return kept;
    }

    private static int record(StringBuilder token, MetadataTree section, TextLimits.Listed strays) {
        String t = token.toString().strip();
        token.setLength(0);
        if (t.isEmpty()) {
            return 0;
        }
        int eq = t.indexOf('=');
        if (eq <= 0 || section == null) {
            strays.add(new Problem(ErrorCode.MALFORMED_TEXT, "comment record '" + TextLimits.excerpt(t)
                    + "' is not Key=Value in a section"));
            return 0;
        }
        String key = t.substring(0, eq).strip().replace('/', '-');
        String value = t.substring(eq + 1).strip();
        boolean wasQuoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
        if (wasQuoted) {
            value = value.substring(1, value.length() - 1);
        }
        // a version ("4.00") is a name, not a quantity
        section.add(key, key.toLowerCase(Locale.ROOT).contains("version") ? Value.text(value) : typed(value, wasQuoted));
        return 1;
    }

    /**
     * Numbers stay numbers, quoted or not, except the quoted ones that are identifiers or lists ("0,0,672,512"),
     * which are not numbers anyway; "5 s", "200 ms", "5 ns" carry their unit.
     */
    private static Value typed(String value, boolean quoted) {
        Matcher m = WITH_UNIT.matcher(value);
        if (m.matches() && UNITS.contains(m.group(2))) {
            return Value.number(Double.parseDouble(m.group(1)), m.group(2));
        }
        Number n = LenientNumbers.parse(value);
        if (n == null) {
            return Value.text(value);
        }
        return n instanceof Long l ? Value.integer(l) : Value.number(n.doubleValue(), null);
    }

    /** Application Date (dd/MM/yyyy from 9.5, dd.MM.yyyy in 9.2) and Time (HH:mm:ss.SSS), local. */
    static LocalDateTime start(String date, String time) {
        if (date == null || time == null) {
            return null;
        }
        LocalDate d = null;
        for (DateTimeFormatter f : List.of(SLASH, DOTS)) {
            try {
                d = LocalDate.parse(date.strip(), f);
                break;
            } catch (DateTimeParseException e) {
                // the other separator
            }
        }
        try {
            return d == null ? null : LocalDateTime.of(d, LocalTime.parse(time.strip()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}
