package io.emmeta.core.read.gatan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;

/**
 * Gatan DigitalMicrograph DM3/DM4: the whole tag tree (see {@link DmTagReader}), with units attached where DM's tag
 * names fix them (Voltage in V, stage in µm and degrees, currents, camera length in mm). {@code primary} is the
 * main image's {@code ImageTags} — the ImageList item with the most data elements (item 0 is usually the
 * thumbnail) — with that image's calibrations under {@code Calibrations}.
 */
public final class DigitalMicrographReader implements Reader {

    private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("Voltage", "V"),
            Map.entry("STEM Camera Length", "mm"), Map.entry("Stage X", "µm"), Map.entry("Stage Y", "µm"),
            Map.entry("Stage Z", "µm"), Map.entry("Stage Alpha", "degree"), Map.entry("Stage Beta", "degree"),
            Map.entry("Probe Current (nA)", "nA"), Map.entry("Emission Current (µA)", "µA"),
            Map.entry("Exposure (s)", "s"), Map.entry("Field of View (µm)", "µm"),
            Map.entry("Sample Time", "µs"), // DigiScan: the dwell per pixel
            Map.entry("Pixel time (s)", "s")); // SI/Acquisition: the dwell per spectrum of a spectrum image

    public static final FormatSpec DM3 = new FormatSpec("gatan/dm3", "Gatan", Technique.TEM, List.of(".dm3"));
    public static final FormatSpec DM4 = new FormatSpec("gatan/dm4", "Gatan", Technique.TEM, List.of(".dm4"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(DM3, DM4);
    }

    /** DM has no magic string: the header's version word (3 or 4) and its byte-order flag (0 or 1) must agree. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        byte[] h = probe.head();
        if (container != ContainerKind.BINARY || h.length < 16) {
            return Optional.empty();
        }
        if (Head.be32(h, 0) == 3 && (Head.be32(h, 8) == 0 || Head.be32(h, 8) == 1)) {
            return Optional.of(Sniff.certain(DM3, "gatan-dm", "DM header version 3, byte-order flag " + Head.be32(h, 8)));
        }
        if (Head.be32(h, 0) == 4 && (Head.be32(h, 12) == 0 || Head.be32(h, 12) == 1)) {
            return Optional.of(Sniff.certain(DM4, "gatan-dm", "DM header version 4, byte-order flag " + Head.be32(h, 12)));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        boolean dm4 = detection.format().equals(DM4);
        int headerLen = dm4 ? 16 : 12;
        if (probe.size() < headerLen + 6) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "DM header cut at " + probe.size() + " bytes");
        }
        ByteBuffer h = ByteBuffer.wrap(probe.source().readFully(0, headerLen)).order(ByteOrder.BIG_ENDIAN);
        int order = h.getInt(dm4 ? 12 : 8);
        ByteOrder data = order == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        List<Problem> warnings = new ArrayList<>();
        MetadataTree root = new MetadataTree();
        DmTagReader tags = new DmTagReader(probe.source(), dm4, data, headerLen, warnings);
        tags.readRoot(root);
        attachUnits(root);
        MetadataTree primary = mainImageTags(root);
        boolean bigEndian = data == ByteOrder.BIG_ENDIAN;
        SpectrumRef spectrum = mainSpectrum(root, tags, bigEndian, warnings);
        ImageRef image = mainImage(root, tags, bigEndian);
        return new ReadResult(root, primary == null ? root : primary, warnings)
                .withImage(image)
                .withSpectrum(spectrum)
                .withThumbnail(spectrum == null ? thumbnail(root, tags, image) : null);
    }

    private static boolean isNumber(Value v) {
        return v != null && v.isNumber();
    }

    /** DM's RGBA image type: 4 bytes per pixel, R, G, B, A in that order (HyperSpy's {@code rgba8}). */
    static final int RGBA = 23;

    /**
     * The thumbnail DM stores beside the main image (the ImageList item a {@code Thumbnails} entry points at, an
     * RGBA rendering of the image window), when it is a real downscaled copy of the main image: the main item is a
     * 2-D image (not a spectrum, not a stack), the thumbnail is no larger on either side and has its aspect within
     * 2 %. A thumbnail of a window shaped otherwise (a spectrum plot, a line scan drawn wide) is not the image and is
     * left.
     */
    private static ImageRef thumbnail(MetadataTree root, DmTagReader tags, ImageRef image) {
        MetadataTree thumbs = root.getTree("Thumbnails");
        MetadataTree list = root.getTree("ImageList");
        MetadataTree main = mainItem(root);
        MetadataTree mainDims = main == null ? null : main.getTree("ImageData/Dimensions");
        // a stack's thumbnail shows whichever plane was on screen, not necessarily the first one the preview shows
        if (image == null || thumbs == null || list == null || mainDims == null || mainDims.entries().size() != 2) {
            return null;
        }
        for (Object o : thumbs.entries().values()) {
            if (!(o instanceof MetadataTree th) || th.get("ImageIndex") == null) {
                continue;
            }
            MetadataTree item = list.getTree(th.get("ImageIndex").asText());
            MetadataTree array = item == null ? null : item.getTree("ImageData/Data");
            Value dataType = item == null ? null : item.get("ImageData/DataType");
            Value w = item == null ? null : item.get("ImageData/Dimensions/0");
            Value h = item == null ? null : item.get("ImageData/Dimensions/1");
            // every value checked to be a number first: a hostile file may put text where DM writes integers
            if (array == null || !isNumber(dataType) || (int) dataType.asDouble() != RGBA || !isNumber(w)
                    || !isNumber(h) || item.get("ImageData/Dimensions/2") != null || !isNumber(array.get("bytes"))) {
                continue;
            }
            long tw = (long) w.asDouble();
            long th2 = (long) h.asDouble();
            Long offset = tags.arrayOffset(array);
            double aspect = (double) image.width() / image.height();
            if (offset == null || tw < 2 || th2 < 2 || tw > image.width() || th2 > image.height()
                    || Math.abs((double) tw / th2 - aspect) > 0.02 * aspect
                    || (long) array.get("bytes").asDouble() != tw * th2 * 4) {
                continue;
            }
            return new ImageRef(tw, th2, ImageRef.SampleType.U8, false, 4, ImageRef.Compression.NONE, 1, tw, th2,
                    ImageRef.Table.of(offset), ImageRef.Table.of(tw * th2 * 4), false, false);
        }
        return null;
    }

    /**
     * Where the main item's spectrum lies, for a plot: a 1-D item (one spectrum), or a spectrum image (its
     * {@code Meta Data/Format} says so, or it carries {@code spim} tags), whose spectra the preview sums. The spectral
     * dimension is where HyperSpy's reader finds it: the first of a 2-D item (each spectrum's channels side by side),
     * the last of a 3-D one (one x–y plane per channel). Its axis is DM's calibration of that dimension: channel i at
     * {@code (i - Origin) × Scale} in {@code Units}. Null for images and for anything not laid out so.
     */
    private static SpectrumRef mainSpectrum(MetadataTree root, DmTagReader tags, boolean bigEndian,
            List<Problem> warnings) {
        MetadataTree item = mainItem(root);
        if (item == null || item.getTree("ImageData/Data") == null || item.getTree("ImageData/Dimensions") == null) {
            return null;
        }
        MetadataTree array = item.getTree("ImageData/Data");
        Long offset = tags.arrayOffset(array);
        ImageRef.SampleType st = sampleType(array.get("elementType"));
        Value count = array.get("count");
        int dims = item.getTree("ImageData/Dimensions").entries().size();
        Value format = item.get("ImageTags/Meta Data/Format");
        boolean spectrumImage = item.getTree("ImageTags/spim") != null || format != null
                && format.asText().toLowerCase(java.util.Locale.ROOT).startsWith("spectrum");
        int axis;
        if (dims == 1) {
            axis = 0;
        } else if (spectrumImage && (dims == 2 || dims == 3)) {
            axis = dims == 2 ? 0 : 2;
        } else {
            return null;
        }
        long[] size = new long[dims];
        long elements = 1;
        for (int d = 0; d < dims; d++) {
            Value v = item.get("ImageData/Dimensions/" + d);
            if (v == null || !v.isNumber() || v.asDouble() < 1 || v.asDouble() > Integer.MAX_VALUE) {
                return null;
            }
            size[d] = (long) v.asDouble();
            elements *= size[d]; // at most three factors under 2^31: no overflow
        }
        Value scale = item.get("ImageData/Calibrations/Dimension/" + axis + "/Scale");
        Value origin = item.get("ImageData/Calibrations/Dimension/" + axis + "/Origin");
        Value units = item.get("ImageData/Calibrations/Dimension/" + axis + "/Units");
        if (offset == null || st == null || !isNumber(count) || !isNumber(scale) || !isNumber(origin)) {
            return null;
        }
        if (elements > (long) count.asDouble()) {
            // the dimensions promise more samples than the array holds: plotting them would read other tags' bytes
            warnings.add(new Problem(ErrorCode.CORRUPT, "preview: the spectrum's dimensions give " + elements
                    + " samples; its data array holds " + (long) count.asDouble()));
            return null;
        }
        long channels = size[axis];
        double perChannel = scale.asDouble();
        return SpectrumRef.array(offset, channels,
                new SpectrumRef.Array(st, bigEndian, elements / channels, dims == 3),
                -origin.asDouble() * perChannel, perChannel, units == null ? null : units.asText());
    }

    /** The preview's sample type of a DM array's element type; null for one it does not read (bool, structs). */
    private static ImageRef.SampleType sampleType(Value type) {
        if (type == null || !type.isNumber()) {
            return null;
        }
        return switch ((int) type.asDouble()) {
            case 2 -> ImageRef.SampleType.I16;
            case 3 -> ImageRef.SampleType.I32;
            case 4 -> ImageRef.SampleType.U16;
            case 5 -> ImageRef.SampleType.U32;
            case 6 -> ImageRef.SampleType.F32;
            case 7 -> ImageRef.SampleType.F64;
            case 8, 10 -> ImageRef.SampleType.U8;
            case 9 -> ImageRef.SampleType.I8;
            default -> null;
        };
    }

    /**
     * Where the main image's pixels lie: its {@code ImageData/Data} array, uncompressed, in the file's data byte
     * order, {@code Dimensions/0} wide and {@code Dimensions/1} high (a stack shows its first plane). Null for a
     * spectrum (one dimension), complex or RGB data, or an array whose size does not match its dimensions.
     */
    private static ImageRef mainImage(MetadataTree root, DmTagReader tags, boolean bigEndian) {
        MetadataTree item = mainItem(root);
        if (item == null || item.getTree("ImageData/Data") == null) {
            return null;
        }
        MetadataTree array = item.getTree("ImageData/Data");
        Long offset = tags.arrayOffset(array);
        Value w = item.get("ImageData/Dimensions/0");
        Value h = item.get("ImageData/Dimensions/1");
        Value type = array.get("elementType");
        Value count = array.get("count");
        if (offset == null || w == null || h == null || type == null || count == null) {
            return null;
        }
        ImageRef.SampleType st = sampleType(type);
        long width = (long) w.asDouble();
        long height = (long) h.asDouble();
        if (st == null || width < 2 || height < 2 || width * height > (long) count.asDouble()) {
            return null;
        }
        return ImageRef.raw(offset, width, height, st, bigEndian);
    }

    /**
     * The main image: not one the Thumbnails list points at, preferring one whose tags describe an acquisition
     * (DataBar / Microscope Info), else the largest. Its ImageTags, plus its calibrations and dimensions.
     */
    static MetadataTree mainImageTags(MetadataTree root) {
        MetadataTree best = mainItem(root);
        if (best == null) {
            return null;
        }
        return tagsOf(best);
    }

    /** The ImageList item of the main image (see {@link #mainImageTags}); null when the list is empty. */
    private static MetadataTree mainItem(MetadataTree root) {
        MetadataTree list = root.getTree("ImageList");
        if (list == null) {
            return null;
        }
        java.util.Set<String> thumbnails = new java.util.HashSet<>();
        MetadataTree thumbs = root.getTree("Thumbnails");
        if (thumbs != null) {
            for (Object o : thumbs.entries().values()) {
                if (o instanceof MetadataTree th && th.get("ImageIndex") != null) {
                    thumbnails.add(th.get("ImageIndex").asText());
                }
            }
        }
        MetadataTree best = null;
        long bestScore = -1;
        for (Map.Entry<String, Object> e : list.entries().entrySet()) {
            if (!(e.getValue() instanceof MetadataTree item)) {
                continue;
            }
            Value count = item.get("ImageData/Data/count");
            long score = count == null ? 0 : (long) count.asDouble();
            if (item.getTree("ImageTags/DataBar") != null || item.getTree("ImageTags/Microscope Info") != null) {
                score += 1L << 50;
            }
            if (thumbnails.contains(e.getKey())) {
                score = -1 + (score >> 60); // a thumbnail only when nothing else exists
            }
            if (best == null || score > bestScore) {
                bestScore = score;
                best = item;
            }
        }
        return best;
    }

    private static MetadataTree tagsOf(MetadataTree best) {
        MetadataTree tags = best.getTree("ImageTags") != null ? best.getTree("ImageTags") : new MetadataTree();
        MetadataTree cal = best.getTree("ImageData/Calibrations");
        if (cal != null) {
            // each dimension's Scale gets its sibling "Units" ("nm", "1/nm", "eV"); the spatial ones go to derived/
            DmCalibrations.apply(cal, tags);
            tags.put("Calibrations", cal);
        }
        MetadataTree size = best.getTree("ImageData/Dimensions");
        if (size != null) {
            tags.put("Dimensions", size);
        }
        return tags;
    }

    private static void attachUnits(MetadataTree t) {
        for (Map.Entry<String, Object> e : new ArrayList<>(t.entries().entrySet())) {
            if (e.getValue() instanceof MetadataTree sub) {
                attachUnits(sub);
            } else if (e.getValue() instanceof Value v && v.unit() == null && v.isNumber()) {
                String unit = UNITS.get(e.getKey());
                if (unit != null) {
                    t.put(e.getKey(), v.withUnit(unit));
                }
            }
        }
    }
}
