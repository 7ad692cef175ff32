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
 * @param unit       {@code eV} or {@code keV} (or {@code nm} for a wavelength axis)
 * @param array      for {@link Encoding#ARRAY}: how the raw samples are laid out; null otherwise
 */
public record SpectrumRef(Encoding encoding, long offset, long length, long channels, double[] counts,
        double origin, double perChannel, String unit, Array array) {

    public SpectrumRef(Encoding encoding, long offset, long length, long channels, double[] counts, double origin,
            double perChannel, String unit) {
        this(encoding, offset, length, channels, counts, origin, perChannel, unit, null);
    }

    /**
     * Raw binary samples of {@code spectra} spectra of {@code channels} channels each (one spectrum, or the spectra of
     * a spectrum image, plotted as their sum).
     *
     * @param type         how one sample is stored
     * @param bigEndian    byte order of multi-byte samples
     * @param spectra      how many spectra the array holds (1 for a single spectrum)
     * @param channelMajor true when the array is one plane per channel (DM's 3-D spectrum image: x fastest, the
     *                     energy slowest); false when each spectrum's channels lie side by side
     */
    public record Array(ImageRef.SampleType type, boolean bigEndian, long spectra, boolean channelMajor) {
    }

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
        I32_LE,
        /** Raw samples as {@link #array()} describes (DM's spectra and spectrum images): summed over spectra. */
        ARRAY,
        /**
         * A JEOL Analysis Station {@code .pts} event stream: little-endian 16-bit words, the top four bits the kind
         * (8 x, 9 y, A an electron-image value, B an X-ray), the low twelve its value; the spectrum is the number of X
         * rays in each of the 4096 channels, over the whole stream.
         */
        JEOL_PTS
    }

    public static SpectrumRef inline(double[] counts, double origin, double perChannel, String unit) {
        return new SpectrumRef(Encoding.INLINE, -1, 0, counts.length, counts, origin, perChannel, unit);
    }

    public static SpectrumRef at(Encoding encoding, long offset, long length, long channels, double origin,
            double perChannel, String unit) {
        return new SpectrumRef(encoding, offset, length, channels, null, origin, perChannel, unit);
    }

    /** Raw samples at {@code offset}: {@code channels × array.spectra()} of them, as {@code array} says. */
    public static SpectrumRef array(long offset, long channels, Array array, double origin, double perChannel,
            String unit) {
        long length;
        try {
            length = Math.multiplyExact(Math.multiplyExact(channels, array.spectra()), array.type().bytes());
        } catch (ArithmeticException e) {
            length = Long.MAX_VALUE; // refused by the preview as beyond its budget, never wrapped to a small size
        }
        return new SpectrumRef(Encoding.ARRAY, offset, length, channels, null, origin, perChannel, unit, array);
    }
}
