package io.emmeta.core.preview;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.source.ByteSource;

/**
 * The preview of a spectrum a reader located: counts against energy as a line plot of {@value #WIDTH} ×
 * {@value #HEIGHT} pixels, dark on white, with an energy axis carrying ticks, their numbers and the unit (keV, or eV
 * for a narrow range), in the bitmap font. Each pixel column shows the smallest and largest count of the channels it
 * covers, so a peak narrower than a column is never lost to the downsampling. The counts are read through the same
 * budget as an image's pixels; counts that are not finite numbers, too many channels or an energy scale that is not
 * one end in an {@link ExtractionException} with a typed code and no picture.
 */
public final class SpectrumPlot {

    public static final int WIDTH = 512;
    public static final int HEIGHT = 256;
    /** The plot area: columns [LEFT, LEFT + PLOT_WIDTH), rows [TOP, AXIS); the axes lie just outside it. */
    static final int LEFT = 8;
    static final int PLOT_WIDTH = WIDTH - 2 * LEFT;
    static final int TOP = 8;
    static final int AXIS = HEIGHT - 28;
    private static final int FONT_SCALE = 2;
    private static final int INK = 0;
    private static final int CURVE = 48;

    private SpectrumPlot() {
    }

    /** Reads the counts (unless the reader handed them over) and plots them. */
    public static Preview plot(ByteSource source, SpectrumRef ref) throws IOException, ExtractionException {
        if (!(ref.perChannel() > 0) || !Double.isFinite(ref.perChannel()) || !Double.isFinite(ref.origin())) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: the spectrum's energy scale (" + ref.origin()
                    + " + " + ref.perChannel() + " per channel) is not one");
        }
        if (ref.channels() > SpectrumRef.MAX_CHANNELS) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: the spectrum declares " + ref.channels()
                    + " channels, more than " + SpectrumRef.MAX_CHANNELS);
        }
        PixelBudget budget = new PixelBudget(source);
        double[] counts = switch (ref.encoding()) {
            case INLINE -> ref.counts();
            case I32_LE -> int32(budget.read(ref.offset(), ref.length(), "the spectrum's counts"), ref.channels());
            case EMSA_XY, EMSA_Y -> emsa(budget.read(ref.offset(), ref.length(), "the spectrum's data lines"),
                    ref.encoding() == SpectrumRef.Encoding.EMSA_XY);
            case ARRAY -> sum(budget, ref);
            case JEOL_PTS -> jeolEvents(budget, ref);
        };
        if (counts == null || counts.length == 0) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: the spectrum holds no counts");
        }
        for (int i = 0; i < counts.length; i++) {
            if (!Double.isFinite(counts[i])) {
                throw new ExtractionException(ErrorCode.CORRUPT, "preview: the spectrum's count in channel " + i
                        + " is " + counts[i] + ", not a number to plot");
            }
        }
        double end = ref.origin() + counts.length * ref.perChannel();
        if (!Double.isFinite(end)) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: the spectrum's energy range is not finite");
        }
        Canvas c = new Canvas(WIDTH, HEIGHT);
        c.fill(0, 0, WIDTH, HEIGHT, 255);
        curve(c, counts);
        axis(c, ref.origin(), end, ref.unit());
        return new Preview(Png.grey(c), WIDTH, HEIGHT, "plotted", null, budget.used());
    }

    /**
     * True when the spectrum's counts fit the preview's byte budget for an object of {@code objectSize} bytes: a
     * spectrum image's sum spectrum is plotted only then (its image is shown otherwise).
     */
    public static boolean affordable(SpectrumRef ref, long objectSize) {
        return ref.encoding() != SpectrumRef.Encoding.ARRAY && ref.encoding() != SpectrumRef.Encoding.JEOL_PTS
                || ref.length() >= 0 && ref.length() <= PixelBudget.limitFor(objectSize);
    }

    /** Bytes read at once while summing a spectrum image: memory stays this plus one double per channel. */
    static final int SUM_CHUNK = 4 * 1024 * 1024;

    /**
     * The counts of raw samples: a single spectrum as it is, a spectrum image as the sum of its spectra, read in
     * chunks through the budget (which refuses a layout larger than it before anything is fetched).
     */
    static double[] sum(PixelBudget budget, SpectrumRef ref) throws IOException, ExtractionException {
        SpectrumRef.Array a = ref.array();
        long channels = ref.channels();
        if (a == null || channels <= 0 || a.spectra() <= 0) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: the spectrum's layout (" + channels
                    + " channels × " + (a == null ? "?" : a.spectra()) + " spectra) is not one");
        }
        if (!budget.fits(ref.length())) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: the spectrum's " + ref.length()
                    + " bytes of counts exceed the preview's budget of " + budget.limit() + " bytes");
        }
        if (ref.offset() < 0 || ref.offset() + ref.length() > budget.size()) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: the spectrum's counts (" + ref.length()
                    + " bytes at " + ref.offset() + ") lie outside the object (" + budget.size() + " bytes)");
        }
        int bytes = a.type().bytes();
        long total = channels * a.spectra();
        double[] out = new double[(int) channels];
        int perChunk = SUM_CHUNK / bytes;
        for (long first = 0; first < total; first += perChunk) {
            int n = (int) Math.min(perChunk, total - first);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(budget.read(ref.offset() + first * bytes,
                    (long) n * bytes, "the spectrum's counts"))
                    .order(a.bigEndian() ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                long element = first + i;
                int channel = (int) (a.channelMajor() ? element / a.spectra() : element % channels);
                out[channel] += sample(buf, i * bytes, a.type());
            }
        }
        return out;
    }

    /** Channels of a JEOL event stream: an X-ray's energy is a 12-bit value. */
    static final int JEOL_CHANNELS = 4096;

    /**
     * The sum spectrum of a JEOL {@code .pts} event stream: every X-ray word ({@code 0xB000 | channel}) counted in its
     * channel, whatever sweep or pixel it belongs to; the position, electron-image and unknown words are passed over.
     * The last sweep is counted even when the acquisition stopped inside it (HyperSpy drops it by default; its X-rays
     * were measured all the same, and a file of one unfinished sweep would otherwise plot nothing). Only a stream
     * that fits the budget whole is summed: a prefix would be part of the acquisition (with one sweep, the top rows
     * of the field) presented as the sum. Memory: one chunk and the 4096 counts; time: linear in the budget.
     */
    static double[] jeolEvents(PixelBudget budget, SpectrumRef ref) throws IOException, ExtractionException {
        if (ref.channels() != JEOL_CHANNELS) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: a JEOL event stream has " + JEOL_CHANNELS
                    + " channels, not " + ref.channels());
        }
        if (ref.offset() < 0 || ref.length() <= 0 || ref.offset() + ref.length() > budget.size()) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: the event stream (" + ref.length()
                    + " bytes at " + ref.offset() + ") does not lie inside the object (" + budget.size() + " bytes)");
        }
        if (!budget.fits(ref.length())) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: the sum spectrum needs the whole event"
                    + " stream, " + ref.length() + " bytes; the preview's budget is " + budget.limit() + " bytes");
        }
        double[] out = new double[JEOL_CHANNELS];
        long words = ref.length() / 2; // an odd last byte is half a word: not an event
        int perChunk = SUM_CHUNK / 2;
        for (long first = 0; first < words; first += perChunk) {
            int n = (int) Math.min(perChunk, words - first);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(budget.read(ref.offset() + first * 2, 2L * n,
                    "the event stream")).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                int w = buf.getShort(2 * i) & 0xffff;
                if ((w & 0xf000) == 0xb000) {
                    out[w & 0xfff]++;
                }
            }
        }
        return out;
    }

    private static double sample(java.nio.ByteBuffer b, int at, io.emmeta.core.model.ImageRef.SampleType type) {
        return type.read(b, at);
    }

    static double[] int32(byte[] b, long channels) throws ExtractionException {
        if (channels <= 0 || b.length != channels * 4) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: " + channels + " channels do not fill the "
                    + b.length + " bytes of counts");
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[(int) channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = buf.getInt(4 * i);
        }
        return out;
    }

    /**
     * EMSA data lines up to the next {@code #} line: the second number of each {@code x, y} line, or every number of
     * a y-only line; numbers are separated by commas, semicolons or white space.
     */
    static double[] emsa(byte[] b, boolean xy) throws ExtractionException {
        double[] out = new double[256];
        int n = 0;
        int i = 0;
        int lines = 0;
        while (i < b.length) {
            int end = i;
            while (end < b.length && b[end] != '\n' && b[end] != '\r') {
                end++;
            }
            if ((++lines & 1023) == 0) {
                Deadline.check();
            }
            int j = i;
            while (j < end && (b[j] == ' ' || b[j] == '\t')) {
                j++;
            }
            if (j < end && b[j] == '#') {
                break; // #ENDOFDATA (or any keyword): the data is over
            }
            int field = 0;
            while (j < end) {
                while (j < end && separator(b[j])) {
                    j++;
                }
                int k = j;
                while (k < end && !separator(b[k])) {
                    k++;
                }
                if (k > j) {
                    if (!xy || field == 1) {
                        if (n == SpectrumRef.MAX_CHANNELS) {
                            throw new ExtractionException(ErrorCode.TOO_LARGE, "preview: the spectrum holds more"
                                    + " than " + SpectrumRef.MAX_CHANNELS + " channels");
                        }
                        if (n == out.length) {
                            out = Arrays.copyOf(out, out.length * 2);
                        }
                        out[n++] = number(b, j, k);
                    }
                    field++;
                }
                j = k;
            }
            i = end + 1;
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean separator(byte c) {
        return c == ',' || c == ';' || c == ' ' || c == '\t';
    }

    private static double number(byte[] b, int from, int to) throws ExtractionException {
        String s = new String(b, from, Math.min(to - from, 64), java.nio.charset.StandardCharsets.ISO_8859_1);
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new ExtractionException(ErrorCode.CORRUPT, "preview: '" + s + "' in the spectrum's data is not a"
                    + " number");
        }
    }

    /** Row of a count, the largest at TOP, the smaller of 0 and the smallest just above the axis. */
    private static int row(double v, double lo, double hi) {
        int bottom = AXIS - 1;
        if (!(hi > lo)) {
            return bottom;
        }
        return bottom - (int) Math.round((v - lo) / (hi - lo) * (bottom - TOP));
    }

    private static void curve(Canvas c, double[] counts) {
        int n = counts.length;
        double lo = 0;
        double hi = 0;
        for (double v : counts) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        int prevY = -1;
        for (int col = 0; col < PLOT_WIDTH; col++) {
            // the channels this column covers; with fewer channels than columns, the one under its centre
            int c0 = (int) ((long) col * n / PLOT_WIDTH);
            int c1 = Math.max(c0 + 1, (int) ((long) (col + 1) * n / PLOT_WIDTH));
            double min = counts[c0];
            double max = counts[c0];
            for (int ch = c0; ch < c1; ch++) {
                min = Math.min(min, counts[ch]);
                max = Math.max(max, counts[ch]);
            }
            int x = LEFT + col;
            int yFirst = row(counts[c0], lo, hi);
            if (prevY >= 0) {
                c.line(x - 1, prevY, x, yFirst, CURVE);
            }
            c.line(x, row(min, lo, hi), x, row(max, lo, hi), CURVE);
            prevY = row(counts[c1 - 1], lo, hi);
        }
    }

    private static void axis(Canvas c, double from, double to, String unit) {
        // the axes: a baseline under the plot and a left edge, both one pixel outside the plot area
        c.line(LEFT - 1, AXIS, LEFT + PLOT_WIDTH - 1, AXIS, INK);
        c.line(LEFT - 1, TOP, LEFT - 1, AXIS, INK);
        String shown = unit;
        double scale = 1;
        if ("eV".equals(unit) && Math.max(Math.abs(from), Math.abs(to)) >= 1000) {
            shown = "keV"; // 0–20 keV reads better than 0–20000 eV, and its labels are shorter
            scale = 1000;
        }
        double a = from / scale;
        double b = to / scale;
        double step = niceStep((b - a) / 6);
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        int labelY = AXIS + 8;
        int unitX = WIDTH;
        if (shown != null) {
            unitX = WIDTH - 2 - Glyphs.width(shown, FONT_SCALE);
            Glyphs.draw(c, shown, unitX, labelY, FONT_SCALE, INK);
        }
        int lastRight = Integer.MIN_VALUE;
        double kFrom = Math.ceil(a / step - 1e-9);
        double kTo = Math.floor(b / step + 1e-9);
        if (!(step > 0) || !(kTo - kFrom <= 20) || Math.abs(kFrom) > 1e15) {
            return; // an energy range the doubles cannot divide (a huge origin, a tiny scale): no ticks, no hang
        }
        for (long k = (long) kFrom; k <= (long) kTo; k++) {
            double t = k * step;
            int x = LEFT + (int) Math.round((t - a) / (b - a) * PLOT_WIDTH);
            c.line(x, AXIS, x, AXIS + 4, INK);
            String label = String.format(Locale.ROOT, "%." + decimals + "f", t + 0.0);
            if (label.matches("-0\\.?0*")) {
                label = label.substring(1);
            }
            int w = Glyphs.width(label, FONT_SCALE);
            int lx = Math.max(0, x - w / 2);
            // a label that would run into the previous one, the unit or the edge is left out, its tick kept
            if (lx > lastRight + 6 && lx + w < unitX - 6) {
                Glyphs.draw(c, label, lx, labelY, FONT_SCALE, INK);
                lastRight = lx + w;
            }
        }
    }

    /** 1, 2 or 5 × 10ⁿ, the nearest at or above {@code raw}. */
    static double niceStep(double raw) {
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * decade >= raw * (1 - 1e-9)) {
                return m * decade;
            }
        }
        return 10 * decade;
    }
}
