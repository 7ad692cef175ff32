package io.emmeta.core.container.tiff;

import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.ImageRef.Compression;
import io.emmeta.core.model.ImageRef.SampleType;
import io.emmeta.core.model.ImageRef.Table;

/**
 * Where a TIFF's image lies, for the preview: the first full-resolution page, or a reduced-resolution page of it when
 * the file carries one large enough for a preview (fewer bytes to read). Only the layout tags are read here; the
 * pixels are fetched later, by the preview step, entry by entry from the strip or tile tables.
 */
public final class TiffImages {

    private static final int NEW_SUBFILE_TYPE = 254;
    private static final int COMPRESSION = 259;
    private static final int PHOTOMETRIC = 262;
    private static final int SAMPLES_PER_PIXEL = 277;
    private static final int ROWS_PER_STRIP = 278;
    private static final int PLANAR_CONFIGURATION = 284;
    private static final int PREDICTOR = 317;
    private static final int TILE_WIDTH = 322;
    private static final int TILE_LENGTH = 323;
    private static final int SAMPLE_FORMAT = 339;

    /** A reduced-resolution page is used when its long side holds at least this many pixels. */
    private static final long PREVIEW_SIDE = 512;

    private TiffImages() {
    }

    /** The image to preview, or null when the first page does not describe one we can locate. */
    public static ImageRef firstImage(TiffContainer tiff) {
        // the first full-size page whose blocks the preview can decode (Olympus SIS puts a JPEG-compressed RGB
        // rendering first, its 16-bit data second); else the first page, whose reference says what is missing
        ImageRef full = tiff.pages().stream().filter(p -> !reduced(p)).map(p -> of(p, tiff.bigEndian()))
                .filter(r -> r != null && r.compression() != null).findFirst()
                .orElseGet(() -> of(tiff.first(), tiff.bigEndian()));
        if (full == null) {
            return null;
        }
        ImageRef best = full;
        for (TiffPage p : tiff.pages()) {
            if (!reduced(p)) {
                continue;
            }
            ImageRef r = of(p, tiff.bigEndian());
            // a reduced page of the same shape: smaller than what we have, still large enough to fill the preview
            if (r != null && r.compression() != null && r.width() < best.width() && Math.max(r.width(), r.height()) >= Math.min(PREVIEW_SIDE,
                    Math.max(full.width(), full.height())) && sameAspect(r, full)) {
                best = r;
            }
        }
        return best;
    }

    private static boolean sameAspect(ImageRef a, ImageRef b) {
        double ra = (double) a.width() / a.height();
        double rb = (double) b.width() / b.height();
        return Math.abs(ra / rb - 1) < 0.05;
    }

    private static boolean reduced(TiffPage p) {
        Long t = unsigned(p, NEW_SUBFILE_TYPE);
        return t != null && (t & 1) != 0;
    }

    /** One page's layout as an image reference; null when a tag we need is missing or not one we decode. */
    public static ImageRef of(TiffPage p, boolean bigEndian) {
        Long w = unsigned(p, TiffPage.IMAGE_WIDTH);
        Long h = unsigned(p, TiffPage.IMAGE_LENGTH);
        if (w == null || h == null || w <= 0 || h <= 0) {
            return null;
        }
        long bits = orDefault(unsigned(p, TiffPage.BITS_PER_SAMPLE), 1);
        long format = orDefault(unsigned(p, SAMPLE_FORMAT), 1);
        SampleType type = SampleType.of((int) bits, (int) format);
        if (type == null) {
            return null;
        }
        long samples = orDefault(unsigned(p, SAMPLES_PER_PIXEL), 1);
        if (samples < 1 || samples > 16) {
            return null;
        }
        if (orDefault(unsigned(p, PLANAR_CONFIGURATION), 1) == 2) {
            samples = 1; // separate planes: the first plane's blocks come first and hold the first sample
        }
        Compression c = Compression.ofTiff((int) orDefault(unsigned(p, COMPRESSION), 1));
        int predictor = (int) orDefault(unsigned(p, PREDICTOR), 1);
        boolean minIsWhite = orDefault(unsigned(p, PHOTOMETRIC), 1) == 0;
        long bw;
        long bh;
        TiffPage.Table offsets;
        TiffPage.Table counts;
        if (p.table(TiffTags.TILE_OFFSETS) != null) {
            bw = orDefault(unsigned(p, TILE_WIDTH), 0);
            bh = orDefault(unsigned(p, TILE_LENGTH), 0);
            offsets = p.table(TiffTags.TILE_OFFSETS);
            counts = p.table(TiffTags.TILE_BYTE_COUNTS);
        } else {
            bw = w;
            long rows = orDefault(unsigned(p, ROWS_PER_STRIP), h);
            // 2^32 - 1 is the writers' "all rows in one strip"
            bh = rows <= 0 || rows > h ? h : rows;
            offsets = p.table(TiffTags.STRIP_OFFSETS);
            counts = p.table(TiffTags.STRIP_BYTE_COUNTS);
        }
        if (offsets == null || bw <= 0 || bh <= 0) {
            return null;
        }
        Table byteCounts = counts == null ? null : Table.at(counts.at(), counts.count(), counts.entryBytes());
        return new ImageRef(w, h, type, bigEndian, (int) samples, c, predictor, bw, bh,
                Table.at(offsets.at(), offsets.count(), offsets.entryBytes()), byteCounts, minIsWhite, false);
    }

    /**
     * A layout tag's first value as the unsigned number TIFF means: Commons Imaging gives SHORT and LONG values as
     * Java's signed types, so compression 32773 (PackBits) would read as -32763 and 2^32 - 1 rows as -1.
     */
    private static Long unsigned(TiffPage p, int tag) {
        Long v = p.integer(tag);
        if (v == null || v >= 0) {
            return v;
        }
        int size = p.fields().get(tag).getFieldType().getSize();
        return size == 2 ? v & 0xffff : size == 4 ? v & 0xffffffffL : v;
    }

    private static long orDefault(Long v, long d) {
        return v == null ? d : v;
    }
}
