package io.emmeta.core.read.tia;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;

/**
 * FEI TIA {@code .ser} series: the series header (version, data and tag types, element counts, the series
 * dimensions with their calibrations) and the first data element's own header — for images its pixel calibration in
 * metres and its size — by two ranged reads. The microscope description lives in the companion {@code .emi}.
 */
public final class TiaSerReader implements Reader {

    static final int HEADER = 4096;
    static final int MAX_DIMENSIONS = 16;
    static final int IMAGE_2D = 0x4122;
    static final int SPECTRUM_1D = 0x4120;

    public static final FormatSpec FORMAT = new FormatSpec("fei-tia/ser", "FEI", Technique.TEM, List.of(".ser"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container == ContainerKind.BINARY && Head.startsWith(probe.head(), 0, 'I', 'I', 0x97, 0x01)) {
            return Optional.of(Sniff.certain(FORMAT, "fei-tia", "TIA series magic 0x0197 little-endian"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        long size = probe.size();
        // every field is read through Fields: one outside the bytes read is a cut or inconsistent header, typed there
        Fields b = new Fields(ByteBuffer.wrap(probe.source().readFully(0, (int) Math.min(HEADER, size)))
                .order(ByteOrder.LITTLE_ENDIAN));
        List<Problem> warnings = new ArrayList<>();
        MetadataTree t = new MetadataTree();
        MetadataTree h = t.section("header");
        int version = b.i16(4) & 0xffff;
        int dataType = b.i32(6);
        h.put("SeriesVersion", Value.text("0x" + Integer.toHexString(version)));
        h.put("DataTypeID", Value.text(dataType == IMAGE_2D ? "2D image" : dataType == SPECTRUM_1D ? "1D spectrum"
                : "0x" + Integer.toHexString(dataType)));
        h.put("TagTypeID", Value.text("0x" + Integer.toHexString(b.i32(10))));
        h.put("TotalNumberElements", Value.integer(b.i32(14) & 0xffffffffL));
        h.put("ValidNumberElements", Value.integer(b.i32(18) & 0xffffffffL));
        boolean wide = version >= 0x220;
        long offsetArray = wide ? b.i64(22) : b.i32(22) & 0xffffffffL;
        int p = wide ? 30 : 26;
        int dims = b.i32(p);
        p += 4;
        if (dims < 0 || dims > MAX_DIMENSIONS) {
            throw new ExtractionException(ErrorCode.CORRUPT, "TIA series declares " + dims + " dimensions");
        }
        for (int i = 0; i < dims; i++) {
            MetadataTree d = t.section("dimensions").section(Integer.toString(i));
            d.put("size", Value.integer(b.i32(p) & 0xffffffffL));
            d.put("calibrationOffset", Value.number(b.f64(p + 4), null));
            d.put("calibrationDelta", Value.number(b.f64(p + 12), null));
            int descLen = b.i32(p + 24);
            String desc = b.text(p + 28, descLen);
            p += 28 + descLen;
            int unitsLen = b.i32(p);
            String units = b.text(p + 4, unitsLen);
            p += 4 + unitsLen;
            if (!desc.isEmpty()) {
                d.put("description", Value.text(desc));
            }
            if (!units.isEmpty()) {
                d.put("units", Value.text(units));
            }
        }
        if (offsetArray <= 0 || offsetArray + 8 > size) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "TIA offset array at " + offsetArray + " of " + size);
        }
        Fields o = new Fields(ByteBuffer.wrap(probe.source().readFully(offsetArray, 8)).order(ByteOrder.LITTLE_ENDIAN));
        long first = wide ? o.i64(0) : o.i32(0) & 0xffffffffL;
        if (first <= 0 || first + 50 > size) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "TIA first element at " + first + " of " + size);
        }
        Fields e = new Fields(ByteBuffer.wrap(probe.source().readFully(first, 50)).order(ByteOrder.LITTLE_ENDIAN));
        MetadataTree el = t.section("firstElement");
        ImageRef image = null;
        if (dataType == IMAGE_2D) {
            image = firstImage(first, e.i16(40) & 0xffff, e.i32(42), e.i32(46));
            el.put("calibrationDeltaX", Value.number(e.f64(8), "m"));
            el.put("calibrationDeltaY", Value.number(e.f64(28), "m"));
            el.put("dataType", Value.integer(e.i16(40) & 0xffff));
            el.put("arraySizeX", Value.integer(e.i32(42)));
            el.put("arraySizeY", Value.integer(e.i32(46)));
            long pixels = (long) e.i32(42) * e.i32(46) * bytesPer(e.i16(40) & 0xffff);
            if (first + 50 + pixels > size) {
                warnings.add(new Problem(ErrorCode.TRUNCATED, "the first image's data runs to " + (first + 50 + pixels)
                        + " but the object ends at " + size + ": pixels are cut, the calibration is complete"));
            }
        } else if (dataType == SPECTRUM_1D) {
            el.put("calibrationOffset", Value.number(e.f64(0), null));
            el.put("calibrationDelta", Value.number(e.f64(8), null));
            el.put("dataType", Value.integer(e.i16(20) & 0xffff));
            el.put("arrayLength", Value.integer(e.i32(22)));
        }
        return ReadResult.of(t, warnings).withImage(image);
    }

    /** The first element's pixels: right after its 50-byte header, little-endian; null for complex or unknown types. */
    private static ImageRef firstImage(long element, int type, int width, int height) {
        ImageRef.SampleType st = switch (type) {
            case 1 -> ImageRef.SampleType.U8;
            case 2 -> ImageRef.SampleType.U16;
            case 3 -> ImageRef.SampleType.U32;
            case 4 -> ImageRef.SampleType.I8;
            case 5 -> ImageRef.SampleType.I16;
            case 6 -> ImageRef.SampleType.I32;
            case 7 -> ImageRef.SampleType.F32;
            case 8 -> ImageRef.SampleType.F64;
            default -> null;
        };
        return st == null || width <= 0 || height <= 0 ? null : ImageRef.raw(element + 50, width, height, st, false);
    }

    /** TIA element types: 1–3 unsigned, 4–6 signed 8/16/32 bit, 7–8 float 32/64, 9–10 complex 64/128. */
    private static int bytesPer(int type) {
        return switch (type) {
            case 1, 4 -> 1;
            case 2, 5 -> 2;
            case 3, 6, 7 -> 4;
            case 8, 9 -> 8;
            case 10 -> 16;
            default -> 1;
        };
    }

    /**
     * The header's fields by offset. A field outside the bytes read, or a text longer than a TIA label, means the
     * header is cut or inconsistent: TRUNCATED, typed here rather than caught as an index error around the parser.
     */
    private record Fields(ByteBuffer b) {

        short i16(int at) throws ExtractionException {
            return b.getShort(check(at, 2));
        }

        int i32(int at) throws ExtractionException {
            return b.getInt(check(at, 4));
        }

        long i64(int at) throws ExtractionException {
            return b.getLong(check(at, 8));
        }

        double f64(int at) throws ExtractionException {
            return b.getDouble(check(at, 8));
        }

        String text(int at, int len) throws ExtractionException {
            if (len <= 0) {
                return "";
            }
            if (len > 1024) {
                throw cut("text of " + len + " bytes at " + at);
            }
            byte[] raw = new byte[len];
            b.get(check(at, len), raw);
            return new String(raw, StandardCharsets.ISO_8859_1).strip();
        }

        private int check(int at, int n) throws ExtractionException {
            if (at < 0 || at > b.limit() - n) {
                throw cut(n + " bytes at " + at + " of " + b.limit());
            }
            return at;
        }

        private static ExtractionException cut(String what) {
            return new ExtractionException(ErrorCode.TRUNCATED, "TIA series header cut or inconsistent: " + what);
        }
    }
}
