package io.emmeta.core.read.quantumdetectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
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
import io.emmeta.core.format.SidecarRule;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.WholeText;
import io.emmeta.core.read.text.IniText;
import io.emmeta.core.read.text.LenientNumbers;
import io.emmeta.core.read.text.TextLimits;

/**
 * Quantum Detectors Merlin. A {@code .mib} is a stream of frames, each an ASCII header of comma-separated fields
 * ({@code MQ1,sequence,data offset,chips,width,height,pixel type,layout,chip select,time,shutter (s),counter,colour,
 * gain,8 thresholds (keV),per chip: type and 27 DACs,} then from later software an {@code MQ1A} tail: UTC time,
 * shutter in ns, counter depth) followed by the pixels. Only the first header is read (it is in the probe's head);
 * the frame count is the object size over the frame size (header + pixels), checked against the second frame's magic
 * by one small ranged read. The {@code .hdr} beside it is {@code Key (options):<TAB>value} text between {@code HDR,}
 * and {@code End}, with the acquisition's date as DD/MM/YYYY.
 */
public final class MerlinReader implements Reader {

    public static final FormatSpec MIB = new FormatSpec("binary/quantumdetectors-merlin-mib", "Quantum Detectors",
            Technique.TEM, List.of(".mib"));
    public static final FormatSpec HDR = new FormatSpec("text/quantumdetectors-merlin-hdr", "Quantum Detectors",
            Technique.TEM, List.of(".hdr"));

    /** The .hdr is 2 KiB in every file we know; anything far larger is not one. */
    static final int MAX_HDR_BYTES = 1 << 20;
    /** A quad header is 768 bytes; a header declaring more than this is not believed. */
    static final int MAX_FRAME_HEADER = 64 * 1024;
    /** Fields before the chip blocks: magic .. the eighth threshold. */
    private static final int FIXED_FIELDS = 22;

    private static final Pattern HDR_LINE = Pattern.compile("^([^:\\t]+?)\\s*:\\t?(.*)$");
    private static final Pattern OPTIONS_IN_KEY = Pattern.compile("\\s*\\(.*\\)\\s*$");
    private static final Pattern NS = Pattern.compile("^(\\d{1,18})ns$");
    /** The frame header's local time, microseconds as written. */
    private static final DateTimeFormatter FRAME_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSSSSS]",
            Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    /** The .hdr's "Time and Date Stamp (day, mnth, yr, hr, min, s)": day first. */
    private static final DateTimeFormatter HDR_TIME = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    @Override
    public List<FormatSpec> formats() {
        return List.of(MIB, HDR);
    }

    /**
     * The acquisition header is written as {@code stem.hdr} beside {@code stem.mib}. The .mib maps its own frame
     * header, but the detector's name, chip ids and software are only in the .hdr: the pair is mapped from the .hdr's
     * table, the frame header reachable as image/...
     */
    @Override
    public List<SidecarRule> sidecarRules() {
        return List.of(new SidecarRule(HDR, List.of(".mib"), ".hdr", Set.of(MIB.id())));
    }

    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        byte[] h = probe.head();
        if (container == ContainerKind.BINARY && Head.startsWith(h, 0, 'M', 'Q', '1', ',')) {
            String[] f = fields(h, Math.min(h.length, 64));
            if (f.length > 5 && integer(f[2]) != null && integer(f[4]) != null && integer(f[5]) != null) {
                return Optional.of(Sniff.certain(MIB, "mib", "'MQ1,' frame header with numeric offset and size"));
            }
        }
        if (container == ContainerKind.TEXT) {
            String s = Head.text(h);
            if (s.startsWith("HDR,") && (s.contains("\nChip ID") || s.contains("\nReadout System"))) {
                return Optional.of(Sniff.certain(HDR, "text", "'HDR,' first line and Merlin keys (Chip ID)"));
            }
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        return detection.format().equals(HDR) ? readHdr(probe) : readMib(probe);
    }

    // ---- .mib ----

    private ReadResult readMib(Probe probe) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        long size = probe.size();
        byte[] h = probe.head();
        String[] f = fields(h, Math.min(h.length, 64));
        Long offset = f.length > 2 ? integer(f[2]) : null;
        if (!Head.startsWith(h, 0, 'M', 'Q', '1', ',') || offset == null || offset < 64) {
            throw new ExtractionException(ErrorCode.CORRUPT, "no MQ1 frame header with a data offset");
        }
        if (offset > MAX_FRAME_HEADER) {
            throw new ExtractionException(ErrorCode.CORRUPT, "frame header declares " + offset + " bytes (at most "
                    + MAX_FRAME_HEADER + " believed)");
        }
        if (offset > size) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "frame header declares " + offset
                    + " bytes but the object has " + size);
        }
        byte[] header = offset <= h.length ? h : probe.source().readFully(0, offset.intValue());
        f = fields(header, offset.intValue());
        if (f.length < FIXED_FIELDS) {
            throw new ExtractionException(ErrorCode.CORRUPT, "frame header has " + f.length + " fields, "
                    + FIXED_FIELDS + " expected before the chip blocks");
        }
        MetadataTree root = new MetadataTree();
        MetadataTree frame = root.section("frame");
        frame.put("headerId", Value.text(f[0]));
        String[] names = {null, "sequenceNumber", "dataOffset", "chipCount", "width", "height"};
        for (int i = 1; i < names.length; i++) {
            Long n = integer(f[i]);
            if (n == null) {
                throw new ExtractionException(ErrorCode.CORRUPT, "frame header field " + names[i] + " '"
                        + TextLimits.excerpt(f[i]) + "' is not a number");
            }
            frame.put(names[i], Value.integer(n));
        }
        frame.put("pixelType", Value.text(f[6].strip()));
        frame.put("sensorLayout", Value.text(f[7].strip()));
        frame.put("chipSelect", Value.text(f[8].strip()));
        frame.put("timeStamp", Value.text(f[9].strip()));
        number(frame, "shutterTime", f[10], "s", warnings);
        number(frame, "counter", f[11], null, warnings);
        number(frame, "colourMode", f[12], null, warnings);
        number(frame, "gainMode", f[13], null, warnings);
        MetadataTree thresholds = frame.section("thresholds");
        for (int i = 0; i < 8; i++) {
            number(thresholds, Integer.toString(i), f[14 + i], "keV", warnings);
        }
        int tail = chips(frame, f);
        MetadataTree ext = null;
        if (tail < f.length && f[tail].strip().equals("MQ1A")) {
            ext = root.section("extended");
            if (tail + 1 < f.length) {
                ext.put("timeStamp", Value.text(f[tail + 1].strip()));
            }
            if (tail + 2 < f.length) {
                Matcher m = NS.matcher(f[tail + 2].strip());
                if (m.matches()) {
                    ext.put("shutterTime", Value.number(Long.parseLong(m.group(1)), "ns"));
                } else {
                    warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, "MQ1A shutter time '"
                            + TextLimits.excerpt(f[tail + 2]) + "' is not a count of ns"));
                }
            }
            if (tail + 3 < f.length) {
                number(ext, "counterDepth", f[tail + 3], null, warnings);
            }
        }
        MetadataTree derived = root.section("derived");
        LocalDateTime local = parse(f[9].strip(), FRAME_TIME);
        if (local != null) {
            derived.put("startTime", Value.localDateTime(local, "Merlin readout computer"));
        } else {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, "frame time '" + TextLimits.excerpt(f[9])
                    + "' is not YYYY-MM-DD HH:MM:SS.ffffff"));
        }
        frameCount(probe, frame, ext, derived, size, warnings);
        ImageRef image = firstFrame(frame, ext, warnings); // before the result, which copies the warnings
        return ReadResult.of(root, warnings).withImage(image);
    }

    /**
     * The first frame's pixels for the preview: right after its header, big-endian unsigned integers of the header's
     * pixel type (as HyperSpy reads them), or a raw R64 frame (see {@link #rawFrame}). 1-bit (U01) frames are not
     * located.
     */
    private static ImageRef firstFrame(MetadataTree frame, MetadataTree ext, List<Problem> warnings) {
        long width = (Long) frame.get("width").value();
        long height = (Long) frame.get("height").value();
        long offset = (Long) frame.get("dataOffset").value();
        if (width < 2 || height < 2 || width > 1 << 16 || height > 1 << 16) {
            return null;
        }
        if (frame.text("pixelType").equals("R64")) {
            return rawFrame(frame, ext, width, height, offset, warnings);
        }
        ImageRef.SampleType type = switch (frame.text("pixelType")) {
            case "U08" -> ImageRef.SampleType.U8;
            case "U16" -> ImageRef.SampleType.U16;
            case "U32" -> ImageRef.SampleType.U32;
            default -> null;
        };
        return type == null ? null : ImageRef.raw(offset, width, height, type, true);
    }

    /**
     * A raw R64 frame: the counters as read out, 1-, 6- or 12-bit depth (the MQ1A tail) stored in 1, 8 or 16 bits.
     * One chip is its own image; a quad (4 chips, layout 2x2) is read out as rows of {@code 4 × 256} and assembled
     * to {@code 512 × 512} as the detector software and LiberTEM do, so the readout must be four times as wide as
     * high. Anything else (24-bit depth, which is two 12-bit frames; other layouts) gets a typed warning: a guess at
     * its geometry would draw a wrong picture.
     */
    private static ImageRef rawFrame(MetadataTree frame, MetadataTree ext, long width, long height, long offset,
            List<Problem> warnings) {
        Integer bits = rawBits(ext);
        Value chipCount = frame.get("chipCount");
        long chips = chipCount != null && chipCount.value() instanceof Long n ? n : 0;
        String layout = frame.text("sensorLayout");
        boolean quad = chips == 4 && layout != null && layout.startsWith("2x2") && width == 4 * height;
        if (bits == null || bits == 32 || !(chips == 1 || quad)) {
            warnings.add(new Problem(ErrorCode.UNSUPPORTED_FORMAT, "preview: raw R64 frames of counter depth "
                    + (ext == null || ext.get("counterDepth") == null ? "unknown" : ext.get("counterDepth").value())
                    + ", " + chips + " chip(s) in layout " + layout + " (" + width + " × " + height
                    + " read out) are not decoded"));
            return null;
        }
        long packed = width * height * bits / 8;
        return quad ? ImageRef.merlinRaw(offset, packed, 2 * height, 2 * height, true)
                : ImageRef.merlinRaw(offset, packed, width, height, false);
    }

    /** The chip blocks (a type such as {@code 3RX}, then its DACs); returns the index after them. */
    private static int chips(MetadataTree frame, String[] f) {
        int i = FIXED_FIELDS;
        MetadataTree chips = null;
        int n = 0;
        while (i < f.length && !f[i].strip().equals("MQ1A") && !f[i].isBlank()) {
            String type = f[i].strip();
            int j = i + 1;
            while (j < f.length && integer(f[j]) != null) {
                j++;
            }
            if (chips == null) {
                chips = frame.section("chips");
            }
            MetadataTree chip = chips.section(Integer.toString(++n));
            chip.put("type", Value.text(type));
            chip.put("DACs", Value.text(String.join(",", List.of(f).subList(i + 1, j))));
            i = j;
        }
        return i;
    }

    /**
     * Frames = object size / (header + pixels). The pixels' size follows from the pixel type (U01..U64 bits each) or,
     * for raw R64 frames, from the counter depth the MQ1A tail gives (1, 6, 12 or 24 bits stored in 1, 8, 16, 32).
     * When the size is not a whole number of frames, or the next frame does not start where the arithmetic says, the
     * count is left out with a warning rather than guessed.
     */
    private static void frameCount(Probe probe, MetadataTree frame, MetadataTree ext, MetadataTree derived, long size,
            List<Problem> warnings) throws IOException {
        long width = (Long) frame.get("width").value();
        long height = (Long) frame.get("height").value();
        long offset = (Long) frame.get("dataOffset").value();
        String type = frame.text("pixelType");
        Integer bits = switch (type) {
            case "U01" -> 1;
            case "U08" -> 8;
            case "U16" -> 16;
            case "U32" -> 32;
            case "U64" -> 64;
            case "R64" -> rawBits(ext);
            default -> null;
        };
        if (bits == null || width <= 0 || height <= 0 || width > 1 << 16 || height > 1 << 16) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "pixel type " + type + " of " + width + "x" + height
                    + ": frame size unknown, no frame count"));
            return;
        }
        long frameBytes = offset + (width * height * bits + 7) / 8;
        derived.put("frameBytes", Value.integer(frameBytes));
        if (size % frameBytes != 0) {
            warnings.add(new Problem(ErrorCode.TRUNCATED, size + " bytes is not a whole number of " + frameBytes
                    + "-byte frames: " + (size / frameBytes) + " whole frame(s), the last one cut"));
            derived.put("wholeFrames", Value.integer(size / frameBytes));
            return;
        }
        if (size > frameBytes) {
            byte[] next = probe.source().readFully(frameBytes, 4);
            if (!Head.startsWith(next, 0, 'M', 'Q', '1', ',')) {
                warnings.add(new Problem(ErrorCode.CORRUPT, "no MQ1 header at byte " + frameBytes
                        + " where the second frame should start: frame count unknown"));
                return;
            }
        }
        derived.put("frameCount", Value.integer(size / frameBytes));
    }

    private static Integer rawBits(MetadataTree ext) {
        Value depth = ext == null ? null : ext.get("counterDepth");
        if (depth == null || !(depth.value() instanceof Long d)) {
            return null;
        }
        return switch (d.intValue()) {
            case 1 -> 1;
            case 6 -> 8;
            case 12 -> 16;
            case 24 -> 32;
            default -> null;
        };
    }

    // ---- .hdr ----

    private ReadResult readHdr(Probe probe) throws IOException, ExtractionException {
        String text = IniText.decode(WholeText.bytes(probe, MAX_HDR_BYTES, "Merlin .hdr")).text();
        List<Problem> warnings = new ArrayList<>();
        TextLimits.Listed strays = new TextLimits.Listed(warnings, "lines that are not 'Key: value'");
        MetadataTree root = new MetadataTree();
        MetadataTree header = root.section("header");
        int lineNo = 0;
        boolean ended = false;
        for (String raw : text.split("\r?\n|\r", -1)) {
            lineNo++;
            String line = raw.replace("\0", "").strip();
            if (line.isEmpty() || lineNo == 1 && line.startsWith("HDR,")) {
                continue;
            }
            if (line.equals("End") || line.startsWith("End\t") || line.startsWith("End ")) {
                ended = true;
                break;
            }
            if (line.length() > TextLimits.MAX_LINE_CHARS) {
                warnings.add(TextLimits.tooLong("line " + lineNo, line.length()));
                line = line.substring(0, TextLimits.MAX_LINE_CHARS);
            }
            int colon = line.indexOf(':');
            Matcher m = colon > 0 ? HDR_LINE.matcher(line) : null;
            if (m == null || !m.matches()) {
                strays.add(new Problem(ErrorCode.MALFORMED_TEXT, "line " + lineNo + " is not 'Key: value'"));
                continue;
            }
            // the parenthesis lists the options or the unit the value is written with; the value carries it again
            String key = OPTIONS_IN_KEY.matcher(m.group(1)).replaceAll("").strip().replace('/', '-');
            String value = m.group(2).strip();
            if (key.isEmpty() || value.isEmpty()) {
                continue;
            }
            Number n = LenientNumbers.parse(value);
            header.add(key, n == null ? Value.text(value)
                    : n instanceof Long l ? Value.integer(l) : Value.number(n.doubleValue(), null));
        }
        strays.close();
        if (header.isEmpty()) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "no 'Key: value' lines after HDR,");
        }
        if (!ended) {
            warnings.add(new Problem(ErrorCode.TRUNCATED, "no 'End' line: the header may be cut"));
        }
        String stamp = header.text("Time and Date Stamp");
        LocalDateTime t = stamp == null ? null : parse(stamp, HDR_TIME);
        if (t != null) {
            root.section("derived").put("startTime", Value.localDateTime(t, "Merlin readout computer"));
        } else if (stamp != null) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, "date stamp '" + TextLimits.excerpt(stamp)
                    + "' is not DD/MM/YYYY HH:MM:SS"));
        }
        return ReadResult.of(root, warnings);
    }

    // ---- helpers ----

    /** The header's comma-separated fields, NUL and space padding at the end removed. */
    static String[] fields(byte[] b, int length) {
        String s = new String(b, 0, Math.min(length, b.length), StandardCharsets.ISO_8859_1);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\0' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return s.substring(0, end).split(",", -1);
    }

    /** A fixed-width zero-padded decimal ({@code 00384}), else null. */
    static Long integer(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > 18) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i)) || t.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(t);
    }

    private static void number(MetadataTree into, String key, String text, String unit, List<Problem> warnings) {
        Number n = LenientNumbers.parse(text);
        Long padded = integer(text);
        if (padded != null && unit == null) {
            into.put(key, Value.integer(padded));
        } else if (n != null) {
            into.put(key, Value.number(n.doubleValue(), unit));
        } else if (padded != null) {
            into.put(key, Value.number(padded, unit));
        } else {
            into.put(key, Value.text(text.strip()));
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, "frame header field " + key + " '"
                    + TextLimits.excerpt(text) + "' is not a number"));
        }
    }

    private static LocalDateTime parse(String s, DateTimeFormatter f) {
        try {
            return LocalDateTime.parse(s, f);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
