package io.emmeta.core.read.serialem;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.SidecarRule;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
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
 * SerialEM autodoc ({@code .mdoc}), written beside a tilt series, montage or frame set: {@code Key = Value} lines, the
 * file's own keys first, then one block per image ({@code [ZValue = n]}, {@code [FrameSet = n]},
 * {@code [MontSection = n]}), and title lines {@code [T = ...]} (bracketed or not). Each block is kept under its kind
 * and number ({@code ZValue/0}); numbers get the units SerialEM's documentation gives them, the vectors it writes as
 * space-separated numbers get their components, and the first image's date becomes {@code derived/startTime}.
 */
public final class SerialEmMdocReader implements Reader {

    static final int MAX_BYTES = 16 << 20;

    public static final FormatSpec FORMAT = new FormatSpec("text/serialem-mdoc", "SerialEM", Technique.TEM,
            List.of(".mdoc"));

    /** Units SerialEM writes its values in (its autodoc documentation); other values carry none. */
    private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("PixelSpacing", "Å"),
            Map.entry("Voltage", "kV"), Map.entry("TiltAngle", "degree"), Map.entry("StageZ", "µm"),
            Map.entry("Defocus", "µm"), Map.entry("TargetDefocus", "µm"), Map.entry("ExposureTime", "s"),
            Map.entry("RotationAngle", "degree"), Map.entry("StagePosition", "µm"));

    /** Space-separated vectors and the names of their components. */
    private static final Map<String, List<String>> VECTORS = Map.of("StagePosition", List.of("x", "y"),
            "ImageShift", List.of("x", "y"), "ImageSize", List.of("x", "y"),
            "MinMaxMean", List.of("min", "max", "mean"));

    private static final Pattern KEY_LINE = Pattern.compile("[A-Za-z][A-Za-z0-9]* = .*");
    /** {@code 30-Nov-15  15:21:38}: day, English month, two-digit year, time (spaces vary). */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d-MMM-yy H:mm:ss", Locale.ENGLISH);

    /**
     * SerialEM names the autodoc after the whole image name ({@code x.mrc} + {@code x.mrc.mdoc}), so the pair is found
     * from either half in either order. An MRC's own table maps only its pixel size: the autodoc completes it.
     */
    @Override
    public List<SidecarRule> sidecarRules() {
        return List.of(SidecarRule.appendedToImageName(FORMAT, List.of(".mrc", ".tif", ".tiff"), ".mdoc",
                Set.of("mrc")));
    }

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** The first line is a {@code Key = Value} line and a SerialEM title or an image block follows. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TEXT) {
            return Optional.empty();
        }
        String s = Head.text(probe.head());
        String first = s.stripLeading().lines().findFirst().orElse("").strip();
        if (!KEY_LINE.matcher(first).matches()) {
            return Optional.empty();
        }
        if (s.contains("T = SerialEM")) {
            return Optional.of(Sniff.certain(FORMAT, "text", "Key = Value lines with a 'T = SerialEM' title"));
        }
        for (String block : List.of("ZValue", "FrameSet", "MontSection")) {
            if (s.contains("\n[" + block + " = ")) {
                return Optional.of(Sniff.certain(FORMAT, "text", "Key = Value lines with [" + block + " = n] blocks"));
            }
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        String text = IniText.decode(WholeText.bytes(probe, MAX_BYTES, "SerialEM .mdoc")).text();
        List<Problem> warnings = new ArrayList<>();
        TextLimits.Listed strays = new TextLimits.Listed(warnings, "lines that are not Key = Value");
        MetadataTree root = new MetadataTree();
        MetadataTree titles = null;
        MetadataTree current = root.section("global");
        MetadataTree firstImage = null;
        int lineNo = 0;
        for (String raw : text.split("\r?\n|\r", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean bracketed = line.startsWith("[") && line.endsWith("]");
            String inner = bracketed ? line.substring(1, line.length() - 1).strip() : line;
            int eq = inner.indexOf('=');
            if (eq <= 0) {
                strays.add(new Problem(ErrorCode.MALFORMED_TEXT, "line " + lineNo + " is not Key = Value"));
                continue;
            }
            String key = inner.substring(0, eq).strip();
            String value = inner.substring(eq + 1).strip();
            if (key.equals("T")) {
                // titles (the collection's header, the tilt axis line) are free text, bracketed or not
                if (titles == null) {
                    titles = root.section("titles");
                }
                titles.put(Integer.toString(titles.size() + 1), Value.text(value));
            } else if (bracketed) {
                current = root.section(key).section(value);
                if (firstImage == null) {
                    firstImage = current;
                }
            } else {
                put(current, key, value);
            }
        }
        strays.close();
        if (root.getTree("global").isEmpty() && firstImage == null) {
            throw new ExtractionException(ErrorCode.CORRUPT, "no Key = Value lines: not a SerialEM autodoc");
        }
        LocalDateTime start = firstImage == null ? null : dateTime(firstImage.text("DateTime"));
        if (start != null) {
            root.section("derived").put("startTime", Value.localDateTime(start, "SerialEM computer"));
        }
        return ReadResult.of(root, warnings);
    }

    private static void put(MetadataTree into, String key, String value) {
        String unit = UNITS.get(key);
        List<String> parts = List.of(value.split("\\s+"));
        List<String> names = VECTORS.get(key);
        if (names != null && parts.size() == names.size()) {
            MetadataTree v = into.section(key);
            for (int i = 0; i < parts.size(); i++) {
                v.put(names.get(i), typed(parts.get(i), unit));
            }
            return;
        }
        into.add(key, typed(value, unit));
    }

    private static Value typed(String value, String unit) {
        Number n = LenientNumbers.parse(value);
        if (n instanceof Long l && unit == null) {
            return Value.integer(l);
        }
        return n != null ? Value.number(n.doubleValue(), unit) : Value.text(value);
    }

    /** The date SerialEM writes ({@code 30-Nov-15  15:21:38}); null when it is not in that shape. */
    static LocalDateTime dateTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip().replaceAll("\\s+", " "), DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
