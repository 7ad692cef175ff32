package io.emmeta.core.container.zip;

import java.io.IOException;
import java.util.List;

import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.source.ByteSource;

/**
 * The first image of a numpy {@code .npy} array held in a ZIP entry (Nion Swift's {@code data.npy}, Panta Rhei's),
 * located for the preview without reading the array: the entry's head gives the {@code .npy} header (magic, version,
 * header length, then a Python dict literal whose {@code descr}, {@code fortran_order} and {@code shape} are taken by
 * pattern, never evaluated). The image is the last two dimensions of the first frame of whatever leads them (a
 * sequence, a scan), which in C order are the array's first {@code height × width} samples. A stored entry is a raw
 * array at a direct offset; a deflated one is one {@link ImageRef.Compression#NPY_DEFLATE} block, inflated by the
 * preview only as far as that first frame.
 *
 * <p>Every failure is a typed {@code preview: …} exception: a dtype the preview does not show (complex, 64-bit
 * integers, strings, objects), Fortran order, fewer than two dimensions, or a shape the entry cannot hold.
 */
public final class NpyImage {

    static final int MAX_HEADER = NpyHeader.MAX_HEADER;

    private NpyImage() {
    }

    /** The header at the start of {@code b} (the entry's head), its faults as the preview's. */
    static NpyHeader header(byte[] b, String what) throws ExtractionException {
        try {
            return NpyHeader.parse(b, what);
        } catch (ExtractionException e) {
            throw new ExtractionException(e.code(), "preview: " + e.getMessage());
        }
    }

    /**
     * The first image of the array in {@code entry}: its header read from the entry's head (one small range, or the
     * first compressed bytes inflated), checked against what the entry holds.
     *
     * @param diffraction whether the image is a diffraction pattern (log scale)
     */
    public static ImageRef firstImage(ByteSource src, ZipDirectory.Entry entry, boolean diffraction)
            throws IOException, ExtractionException {
        return firstImage(src, entry, diffraction, -1);
    }

    /**
     * As {@link #firstImage(ByteSource, ZipDirectory.Entry, boolean)}, for an owner that says how many dimensions its
     * data has ({@code declaredDims}; -1 unknown): an unsigned-byte array with one dimension more, of 3 or 4, holds
     * colour pixels (Nion Swift keeps RGB(A) so, its data shape leaving the colour out); the preview shows their
     * first sample.
     */
    public static ImageRef firstImage(ByteSource src, ZipDirectory.Entry entry, boolean diffraction, int declaredDims)
            throws IOException, ExtractionException {
        if (entry.method() != 0 && entry.method() != 8) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + entry.name()
                    + " is compressed by ZIP method " + entry.method() + " (only stored and deflated are read)");
        }
        NpyHeader h = header(ZipDirectory.head(src, entry, MAX_HEADER + 12), entry.name());
        ImageRef.SampleType type = type(h.descr());
        if (type == null) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + entry.name() + " holds dtype "
                    + h.descr() + ", not one the preview shows");
        }
        if (h.fortran()) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + entry.name()
                    + " is stored in Fortran (column-major) order");
        }
        List<Long> shape = h.shape();
        if (shape.size() < 2) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + entry.name() + " of shape "
                    + shape + " is not an image");
        }
        int samples = 1;
        if (declaredDims > 0 && shape.size() == declaredDims + 1 && shape.size() >= 3 && type == ImageRef.SampleType.U8
                && (shape.get(shape.size() - 1) == 3 || shape.get(shape.size() - 1) == 4)) {
            samples = (int) (long) shape.get(shape.size() - 1);
        }
        long height = shape.get(shape.size() - (samples > 1 ? 3 : 2));
        long width = shape.get(shape.size() - (samples > 1 ? 2 : 1));
        long frameBytes;
        try {
            frameBytes = Math.multiplyExact(Math.multiplyExact(width, height), (long) type.bytes() * samples);
        } catch (ArithmeticException e) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: " + entry.name() + " declares a frame of "
                    + width + " × " + height);
        }
        if (width <= 0 || height <= 0 || h.length() + frameBytes > entry.size()) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: " + entry.name() + " declares a " + width
                    + " × " + height + " " + h.descr() + " frame (" + frameBytes + " bytes after a header of "
                    + h.length() + ") but holds " + entry.size() + " bytes");
        }
        boolean big = h.descr().startsWith(">");
        long data = ZipDirectory.dataOffset(src, entry);
        ImageRef ref;
        if (entry.method() == 0) {
            ref = new ImageRef(width, height, type, big, samples, ImageRef.Compression.NONE, 1, width, height,
                    ImageRef.Table.of(data + h.length()), ImageRef.Table.of(frameBytes), false, false);
        } else {
            // Deflate never grows data by more than 5 bytes a 16 KiB block (stored blocks), so the first frame lies
            // within this many compressed bytes: the preview fetches those, not a whole stack's
            long bound = h.length() + frameBytes + 1024 + (h.length() + frameBytes) / 8;
            long count = Math.min(entry.compressedSize(), bound);
            ref = new ImageRef(width, height, type, big, samples, ImageRef.Compression.NPY_DEFLATE, 1, width, height,
                    ImageRef.Table.of(data), ImageRef.Table.of(count), false, false);
        }
        return diffraction ? ref.asDiffraction() : ref;
    }

    /**
     * The spectrum (or spectra, summed by the plot) of the array in a stored {@code entry}: its last dimension the
     * channels, everything before it spectra side by side. A deflated entry is not plotted (the plot sums raw samples
     * by ranges): a typed warning.
     *
     * @param origin     energy of the first channel, in {@code unit}
     * @param perChannel energy width of a channel, in {@code unit}
     */
    public static SpectrumRef spectrum(ByteSource src, ZipDirectory.Entry entry, double origin, double perChannel,
            String unit) throws IOException, ExtractionException {
        if (entry.method() != 0) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + entry.name()
                    + " is compressed (ZIP method " + entry.method() + "); only a stored spectrum is plotted");
        }
        NpyHeader h = header(ZipDirectory.head(src, entry, MAX_HEADER + 12), entry.name());
        ImageRef.SampleType type = type(h.descr());
        if (type == null || h.fortran() || h.shape().isEmpty()) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_FORMAT, "preview: " + entry.name() + " of dtype "
                    + h.descr() + ", shape " + h.shape() + (h.fortran() ? ", Fortran order" : "")
                    + " is not a spectrum the preview plots");
        }
        List<Long> shape = h.shape();
        long channels = shape.get(shape.size() - 1);
        long spectra = 1;
        long bytes;
        try {
            for (int i = 0; i < shape.size() - 1; i++) {
                spectra = Math.multiplyExact(spectra, shape.get(i));
            }
            bytes = Math.multiplyExact(Math.multiplyExact(spectra, channels), (long) type.bytes());
        } catch (ArithmeticException e) {
            bytes = Long.MAX_VALUE;
        }
        if (channels <= 0 || spectra <= 0 || bytes > entry.size() - h.length()) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: " + entry.name() + " declares shape " + shape
                    + " of " + h.descr() + " but holds " + entry.size() + " bytes");
        }
        return SpectrumRef.array(ZipDirectory.dataOffset(src, entry) + h.length(), channels,
                new SpectrumRef.Array(type, h.descr().startsWith(">"), spectra, false), origin, perChannel, unit);
    }

    /** numpy's dtype string to a sample type; null for one the preview does not show. */
    static ImageRef.SampleType type(String descr) {
        if (descr.length() < 2 || "<>|=".indexOf(descr.charAt(0)) < 0) {
            return null;
        }
        return switch (descr.substring(1)) {
            case "u1", "b1" -> ImageRef.SampleType.U8;
            case "i1" -> ImageRef.SampleType.I8;
            case "u2" -> ImageRef.SampleType.U16;
            case "i2" -> ImageRef.SampleType.I16;
            case "u4" -> ImageRef.SampleType.U32;
            case "i4" -> ImageRef.SampleType.I32;
            case "f4" -> ImageRef.SampleType.F32;
            case "f8" -> ImageRef.SampleType.F64;
            default -> null;
        };
    }
}
