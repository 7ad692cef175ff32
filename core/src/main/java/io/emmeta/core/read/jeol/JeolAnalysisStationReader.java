package io.emmeta.core.read.jeol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
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

/**
 * JEOL Analysis Station (JED-2200/2300 EDS software) files: the project ({@code .ASW}), images and element maps
 * ({@code .img}, {@code .map}: magic 52, "JED-2200:…") and spectrum images ({@code .pts}: magic 304, "PTTDFILE").
 * Each has a small fixed header pointing at a {@link JeolTree}; the tree is read, its pixel and spectrum arrays are
 * not. Units the format implies but does not write are added (kV, mm, µs); the derived block gives what a schema
 * needs and the file holds only indirectly: the creation time (OLE days, local time of the instrument PC), the
 * field of view and pixel size (ScanSize [mm] / magnification / pixels), and whether the beam energy is an SEM's or
 * a TEM's.
 */
public final class JeolAnalysisStationReader implements Reader {

    /** The header layouts, told apart by the first little-endian int32 and the text after it. */
    public enum Kind {
        PROJECT, IMAGE, SPECTRUM_IMAGE
    }

    /** The .eds spectrum header: its fixed part ends with the channel count at 454, the counts follow. */
    static final int EDS_CHANNELS_AT = 454;
    static final int EDS_DATA_AT = 458;

    /** OLE automation dates count days from this instant (local time). */
    private static final LocalDateTime OLE_EPOCH = LocalDateTime.of(1899, 12, 30, 0, 0);

    public static final FormatSpec FORMAT = new FormatSpec("jeol/analysis-station", "JEOL", Technique.OTHER,
            List.of(".asw", ".img", ".map", ".pts", ".eds"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        Kind kind = container == ContainerKind.BINARY ? kindOf(probe.head()) : null;
        if (kind == null) {
            // the .eds spectrum has no magic beyond a leading 2: only its header's numbers agree (probable)
            return container == ContainerKind.BINARY && JeolEdsSpectrum.looksLikeEds(probe.head(), probe.size())
                    ? Optional.of(Sniff.probable(FORMAT, "jeol-as", "JEOL Analysis Station .eds spectrum"
                            + " header: leading 2, an OLE date at byte 10, a channel count at 454 that fits the size"))
                    : Optional.empty();
        }
        return Optional.of(Sniff.certain(FORMAT, "jeol-as", switch (kind) {
            case IMAGE -> "JEOL Analysis Station image/map header: magic 52, 'JED-…' format name";
            case SPECTRUM_IMAGE -> "JEOL Analysis Station spectrum image header: magic 304, 'PTTDFILE'";
            case PROJECT -> "JEOL Analysis Station project: magic 0, tree opening with 'FileType'";
        }));
    }

    /** The kind from the first bytes, or null when they are none of the three headers. */
    public static Kind kindOf(byte[] head) {
        if (head.length < 40) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        String after = new String(head, 4, 12, StandardCharsets.ISO_8859_1);
        if (magic == 52 && after.startsWith("JED-")) {
            return Kind.IMAGE;
        }
        if (magic == 304 && after.startsWith("PTTDFILE")) {
            return Kind.SPECTRUM_IMAGE;
        }
        if (magic == 0 && head[12] == 1 && b.getInt(13) == 9
                && new String(head, 17, 8, StandardCharsets.ISO_8859_1).equals("FileType")) {
            return Kind.PROJECT;
        }
        return null;
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        byte[] head = probe.head();
        Kind kind = kindOf(head);
        if (kind == null && JeolEdsSpectrum.looksLikeEds(head, probe.size())) {
            List<Problem> warnings = new ArrayList<>();
            MetadataTree root = new MetadataTree();
            JeolEdsSpectrum.read(probe, head, root, warnings);
            Double kv = JeolEdsSpectrum.derive(root);
            ReadResult result = ReadResult.of(root, warnings).withSpectrum(JeolEdsSpectrum.spectrum(head));
            return kv == null ? result : result.withVariant(kv <= 30 ? "SEM" : "TEM");
        }
        if (kind == null) {
            throw new ExtractionException(ErrorCode.CORRUPT, "not a JEOL Analysis Station header");
        }
        List<Problem> warnings = new ArrayList<>();
        MetadataTree root = new MetadataTree();
        MetadataTree file = root.section("file");
        file.put("kind", Value.text(kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')));
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        long treeAt;
        switch (kind) {
            case IMAGE -> {
                file.put("format", Value.text(JeolTree.text(java.util.Arrays.copyOfRange(head, 4, 36))));
                if (head.length < 48) {
                    // detection needs 40 bytes; the tree offset is the int at 44
                    throw new ExtractionException(ErrorCode.TRUNCATED, "JEOL image header cut at " + head.length);
                }
                treeAt = (b.getInt(44) & 0xFFFFFFFFL) + 12;
            }
            case SPECTRUM_IMAGE -> {
                file.put("format", Value.text(JeolTree.text(java.util.Arrays.copyOfRange(head, 4, 12))));
                if (head.length < 304) {
                    throw new ExtractionException(ErrorCode.TRUNCATED, "JEOL .pts header cut at " + head.length);
                }
                file.put("group", Value.text(JeolTree.text(java.util.Arrays.copyOfRange(head, 36, 164))));
                file.put("memo", Value.text(JeolTree.text(java.util.Arrays.copyOfRange(head, 164, 296))));
                putOleDate(file, "created", b.getDouble(296), warnings);
                treeAt = (b.getInt(20) & 0xFFFFFFFFL) + 12;
            }
            default -> treeAt = 12;
        }
        if (treeAt >= probe.size()) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "the JEOL header points at byte " + treeAt
                    + "; the object has " + probe.size());
        }
        java.util.Map<String, JeolTree.Array> arrays = new java.util.HashMap<>();
        JeolTree.parse(probe.source(), treeAt, root, warnings, arrays);
        String technique = derive(root, kind, warnings);
        // located before the result is made: it copies the warnings, and these can add some
        ImageRef image = kind == Kind.IMAGE ? image(root, arrays.get("Image/Bits"), warnings) : null;
        io.emmeta.core.model.SpectrumRef spectrum = kind == Kind.SPECTRUM_IMAGE
                ? JeolPtsStream.spectrum(root, b.getInt(28) & 0xFFFFFFFFL, probe.size(), warnings) : null;
        ReadResult result = ReadResult.of(root, warnings).withImage(image).withSpectrum(spectrum);
        return technique == null ? result : result.withVariant(technique);
    }

    /**
     * Where the pixels of an image or element map lie: {@code Image/Bits}, one row after another, {@code Image/Size}
     * giving width and height (HyperSpy reads them the same way), as uint8 (every corpus file), uint16, int32 or
     * float. A size whose pixels do not fill the array exactly (a hostile or damaged header) gets a typed preview
     * warning and no image: rows would otherwise be read from whatever follows the array.
     */
    private static ImageRef image(MetadataTree root, JeolTree.Array bits, List<Problem> warnings) {
        Long w = integer(root.get("Image/Size/0"));
        Long h = integer(root.get("Image/Size/1"));
        if (bits == null || w == null || h == null) {
            return null; // no pixels in this file (the tree names none): nothing to preview, nothing to warn of
        }
        ImageRef.SampleType type = switch (bits.type()) {
            case 1, 6 -> ImageRef.SampleType.U8;
            case 2, 7, 14 -> ImageRef.SampleType.U16;
            case 3, 8 -> ImageRef.SampleType.I32;
            case 4, 9 -> ImageRef.SampleType.F32;
            case 5, 10 -> ImageRef.SampleType.F64;
            default -> null;
        };
        if (type == null) {
            warnings.add(new Problem(ErrorCode.UNSUPPORTED_FORMAT, "preview: Image/Bits has JEOL type "
                    + bits.type() + ", not a pixel type"));
            return null;
        }
        boolean fits = w > 0 && h > 0 && w <= Integer.MAX_VALUE && h <= Integer.MAX_VALUE
                && w * h <= bits.length() / type.bytes() && w * h * type.bytes() == bits.length();
        if (!fits) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "preview: Image/Size " + w + " × " + h + " does not fill"
                    + " the " + bits.length() + " bytes of Image/Bits exactly; no preview"));
            return null;
        }
        return ImageRef.raw(bits.offset(), w, h, type, false);
    }

    /** Units the format implies, and the derived block; returns SEM or TEM when the beam energy tells. */
    private static String derive(MetadataTree root, Kind kind, List<Problem> warnings) {
        MetadataTree instrument = kind == Kind.IMAGE ? root.getTree("Instrument") : null;
        MetadataTree meas = root.getTree("PTTD Data/AnalyzableMap MeasData");
        MetadataTree derived = new MetadataTree();
        Double kv = null;
        Double mag = null;
        Double scanSize = null;
        Long width = null;
        Long height = null;
        if (instrument != null) {
            kv = unit(instrument, "AccV", "kV");
            mag = number(instrument.get("Mag"));
            scanSize = unit(instrument, "ScanSize", "mm");
            putIfPresent(derived, "workingDistance", quantity(unit(instrument, "WorkD", "mm"), 1e-3, "m"));
            putIfPresent(derived, "beamCurrent", quantity(unit(instrument, "Currnnt", "nA"), 1e-9, "A"));
            putIfPresent(derived, "instrumentName", instrument.get("Name"));
            Value created = root.get("Image/Created");
            if (created != null && created.isNumber()) {
                putOleDate(derived, "created", created.asDouble(), warnings);
            }
            width = integer(root.get("Image/Size/0"));
            height = integer(root.get("Image/Size/1"));
            putIfPresent(derived, "dwellTime", quantity(root.getTree("Map") == null ? null
                    : unit(root.getTree("Map"), "DwellTime", "ms"), 1e-3, "s"));
        }
        if (meas != null) {
            kv = kv != null ? kv : unit(meas, "MeasCond/AccKV", "kV");
            mag = mag != null ? mag : number(meas.get("MeasCond/Mag"));
            putIfPresent(derived, "workingDistance", quantity(unit(meas, "MeasCond/WD", "mm"), 1e-3, "m"));
            putIfPresent(derived, "beamCurrent", quantity(unit(meas, "MeasCond/AccNA", "nA"), 1e-9, "A"));
            putIfPresent(derived, "dwellTime", quantity(unit(meas, "Doc/DwellTime(msec)", "ms"), 1e-3, "s"));
            unit(meas, "Doc/LiveTime", "s");
            unit(meas, "Doc/RealTime", "s");
            unit(meas, "Doc/CoefA", "keV");
            unit(meas, "Doc/CoefB", "keV");
            Value pixels = meas.get("Meas Cond/Pixels");
            if (pixels != null && pixels.value() instanceof String p && p.matches("\\d+x\\d+")) {
                String w = p.substring(0, p.indexOf('x'));
                String h = p.substring(p.indexOf('x') + 1);
                // "99999999999999999999x1" passes the shape but no long holds it (NumberFormatException, issue #12)
                if (io.emmeta.core.read.text.NumberText.isInteger(w, 18)
                        && io.emmeta.core.read.text.NumberText.isInteger(h, 18)) {
                    width = Long.parseLong(w);
                    height = Long.parseLong(h);
                } else {
                    warnings.add(new Problem(ErrorCode.CORRUPT, "Meas Cond/Pixels '"
                            + io.emmeta.core.read.text.TextLimits.excerpt(p)
                            + "' is not a pixel count; the scan size is not derived from it"));
                }
            }
            MetadataTree sem = root.getTree("PTTD Param/Params/PARAMPAGE0_SEM");
            if (sem != null) {
                scanSize = scanSize != null ? scanSize : unit(sem, "ScanSize", "mm");
                putIfPresent(derived, "instrumentName", sem.get("SEM"));
                putIfPresent(derived, "detectorName", sem.get("DetT"));
            }
            Value created = root.get("file/created");
            if (created != null) {
                derived.put("created", created);
            }
        }
        if (width != null && height != null && width > 0 && height > 0) {
            derived.put("width", Value.integer(width)).put("height", Value.integer(height));
        }
        if (kv != null) {
            derived.put("accelerationVoltage", Value.number(kv * 1000, "V"));
            // Analysis Station runs on JEOL SEMs and TEMs alike; HyperSpy tells them apart the same way
            derived.put("technique", Value.text(kv <= 30 ? "SEM" : "TEM"));
        }
        if (mag != null && mag > 0) {
            derived.put("magnification", Value.number(mag, null));
            if (scanSize != null && scanSize > 0) {
                double fov = scanSize * 1e-3 / mag;
                derived.put("fieldOfView", Value.number(fov, "m"));
                if (width != null && width > 0) {
                    derived.put("pixelSize", Value.number(fov / width, "m"));
                }
            }
        }
        if (!derived.isEmpty()) {
            root.put("derived", derived);
        }
        return kv == null ? null : kv <= 30 ? "SEM" : "TEM";
    }

    private static void putIfPresent(MetadataTree t, String key, Value v) {
        if (v != null) {
            t.put(key, v);
        }
    }

    /** Gives a numeric leaf the unit the format implies; returns its value (null when absent or not a number). */
    private static Double unit(MetadataTree t, String path, String unit) {
        Value v = t.get(path);
        if (v == null || !v.isNumber()) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        MetadataTree parent = slash < 0 ? t : t.getTree(path.substring(0, slash));
        parent.put(path.substring(slash + 1), v.withUnit(unit));
        return v.asDouble();
    }

    /** value × factor in the given unit, or null. */
    private static Value quantity(Double value, double factor, String unit) {
        return value == null ? null : Value.number(value * factor, unit);
    }

    private static Double number(Value v) {
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    private static Long integer(Value v) {
        return v != null && v.isNumber() ? (long) v.asDouble() : null;
    }

    /** OLE days → ISO local date-time (the instrument PC's zone, which the file does not name). */
    static void putOleDate(MetadataTree into, String key, double days, List<Problem> warnings) {
        if (!Double.isFinite(days) || days < 1 || days > 2_958_465) { // 1900-01-01 .. 9999-12-31
            warnings.add(new Problem(ErrorCode.CORRUPT, key + ": OLE date " + days + " out of range"));
            return;
        }
        LocalDateTime t = OLE_EPOCH.plus(Math.round(days * 86_400_000d), ChronoUnit.MILLIS);
        into.put(key, Value.localDateTime(t, "acquisition PC"));
    }
}
