package io.emmeta.core.container.tiff;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.tiff.TiffField;

/** One image directory: its fields by tag number, with decoding helpers that never throw on odd types. */
public final class TiffPage {

    public static final int IMAGE_WIDTH = 256;
    public static final int IMAGE_LENGTH = 257;
    public static final int BITS_PER_SAMPLE = 258;
    public static final int IMAGE_DESCRIPTION = 270;
    public static final int MAKE = 271;
    public static final int MODEL = 272;
    public static final int X_RESOLUTION = 282;
    public static final int Y_RESOLUTION = 283;
    public static final int RESOLUTION_UNIT = 296;
    public static final int SOFTWARE = 305;
    public static final int DATE_TIME = 306;
    public static final int ARTIST = 315;

    /** A tag the IFD declares whose payload lies (partly) past the end of the object: a cut file. */
    public record Cut(int tag, long offset, long length) {
        public long end() {
            return offset + length;
        }
    }

    /** Where a strip or tile table (offsets, byte counts) lies: {@code count} entries of {@code entryBytes} at {@code at}. */
    public record Table(int tag, long count, long at, int entryBytes) {
    }

    private final int index;
    private final java.util.List<Table> tables;
    private final Map<Integer, TiffField> fields = new LinkedHashMap<>();
    private final java.util.List<Cut> cut;

    TiffPage(int index, java.util.List<TiffField> entries, java.util.List<Cut> cut, java.util.List<Table> tables) {
        this.index = index;
        this.tables = java.util.List.copyOf(tables);
        for (TiffField f : entries) {
            fields.putIfAbsent(f.getTag(), f);
        }
        this.cut = java.util.List.copyOf(cut);
    }

    /** The strip or tile table of a layout tag (273, 279, 324, 325), loaded or not; null when the IFD has none. */
    public Table table(int tag) {
        return tables.stream().filter(t -> t.tag() == tag).findFirst().orElse(null);
    }

    /** Tags declared in this IFD whose payload is cut off by the end of the object. */
    public java.util.List<Cut> cutTags() {
        return cut;
    }

    /** Present, or declared with a cut payload: what detection should go by. */
    public boolean declares(int tag) {
        return has(tag) || cut.stream().anyMatch(c -> c.tag() == tag);
    }

    public int index() {
        return index;
    }

    public boolean has(int tag) {
        return fields.containsKey(tag);
    }

    public Map<Integer, TiffField> fields() {
        return fields;
    }

    /** The raw payload bytes of a tag, whatever its declared type; null when absent. */
    public byte[] bytes(int tag) {
        TiffField f = fields.get(tag);
        return f == null ? null : f.getByteArrayValue();
    }

    /** A text tag decoded with the given charset, cut at the first NUL and stripped; null when absent. */
    public String text(int tag, Charset charset) {
        byte[] b = bytes(tag);
        if (b == null) {
            return null;
        }
        // Cut at the first NUL *character*, not byte: UTF-16 text has a zero byte in every ASCII character.
        String s = new String(b, charset);
        int nul = s.indexOf('\u0000');
        s = (nul >= 0 ? s.substring(0, nul) : s).strip();
        return s.isEmpty() ? null : s;
    }

    public String ascii(int tag) {
        return text(tag, StandardCharsets.ISO_8859_1);
    }

    /** First numeric value of a tag, or null when absent or not numeric. */
    public Double number(int tag) {
        TiffField f = fields.get(tag);
        if (f == null) {
            return null;
        }
        try {
            Object v = f.getValue();
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            double[] d = f.getDoubleArrayValue();
            return d.length > 0 ? d[0] : null;
        } catch (ImagingException e) {
            return null; // a type Commons Imaging does not read as numbers
        }
    }

    public Long integer(int tag) {
        Double d = number(tag);
        return d == null ? null : d.longValue();
    }

    public Long width() {
        return integer(IMAGE_WIDTH);
    }

    public Long height() {
        return integer(IMAGE_LENGTH);
    }
}
