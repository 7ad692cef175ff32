package io.emmeta.core.model;

/**
 * Where a file's spectrum lies, as plain data: what a reader found while reading the metadata, handed on so the
 * preview step can plot it. Either the counts lie in the file ({@code offset}, {@code length}, in {@code encoding}),
 * read by the preview within its byte budget, or the reader already holds them ({@link Encoding#INLINE}, bounded by
 * the reader's own size limit) and hands them over.
 *
 * @param encoding   how the counts are stored
 * @param offset     where they start in the file (unused for INLINE)
 * @param length     bytes they take (unused for INLINE)
 * @param channels   channels declared (the counts found may be fewer for text)
 * @param counts     the counts themselves for INLINE; null otherwise
 * @param origin     energy of the first channel, in {@code unit}
 * @param perChannel energy width of one channel, in {@code unit}
 * @param unit       {@code eV} or {@code keV}
 */
public record SpectrumRef(Encoding encoding, long offset, long length, long channels, double[] counts,
        double origin, double perChannel, String unit) {

    /** More channels than any EDS detector writes (4096 is usual, 16384 rare): beyond it the file is not believed. */
    public static final int MAX_CHANNELS = 65_536;

    /** How the counts are stored. */
    public enum Encoding {
        /** Held by the reader. */
        INLINE,
        /** EMSA data lines after {@code #SPECTRUM}: {@code x, y} pairs, up to {@code #ENDOFDATA}. */
        EMSA_XY,
        /** EMSA data lines of y values only, separated by commas or spaces, up to {@code #ENDOFDATA}. */
        EMSA_Y,
        /** Little-endian 32-bit signed integers (EDAX {@code .spc}). */
        I32_LE
    }

    public static SpectrumRef inline(double[] counts, double origin, double perChannel, String unit) {
        return new SpectrumRef(Encoding.INLINE, -1, 0, counts.length, counts, origin, perChannel, unit);
    }

    public static SpectrumRef at(Encoding encoding, long offset, long length, long channels, double origin,
            double perChannel, String unit) {
        return new SpectrumRef(encoding, offset, length, channels, null, origin, perChannel, unit);
    }
}
