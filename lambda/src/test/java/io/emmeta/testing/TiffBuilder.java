package io.emmeta.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small TIFFs (classic or BigTIFF, either byte order) entry by entry, for crafted inputs: vendor tags with
 * chosen payloads, and hostile structures (declared counts that lie, offsets past the end, IFD chains that loop).
 * Entries are written as given, unsorted, so a test can also write what no conforming writer would.
 */
public final class TiffBuilder {

    public static final int BYTE = 1;
    public static final int ASCII = 2;
    public static final int SHORT = 3;
    public static final int LONG = 4;
    public static final int UNDEFINED = 7;

    /**
     * One IFD entry. With {@code payload} the count is derived from it (unless {@code count} >= 0 overrides it,
     * i.e. lies) and the payload is placed after the IFD; with {@code rawOffset} >= 0 nothing is placed and the
     * entry points where told.
     */
    public record Entry(int tag, int type, long count, byte[] payload, long rawOffset) {
    }

    private final boolean big;
    private final ByteOrder order;
    private final List<List<Entry>> ifds = new ArrayList<>();
    private long forcedNext = -1;

    private TiffBuilder(boolean big, ByteOrder order) {
        this.big = big;
        this.order = order;
        ifds.add(new ArrayList<>());
    }

    public static TiffBuilder classic() {
        return new TiffBuilder(false, ByteOrder.LITTLE_ENDIAN);
    }

    public static TiffBuilder bigTiff() {
        return new TiffBuilder(true, ByteOrder.LITTLE_ENDIAN);
    }

    public TiffBuilder bigEndian() {
        TiffBuilder b = new TiffBuilder(big, ByteOrder.BIG_ENDIAN);
        b.ifds.clear();
        b.ifds.addAll(ifds);
        return b;
    }

    /** A minimal image description: width, height, 8-bit grey, one strip of zero bytes at offset 8. */
    public TiffBuilder image(int width, int height) {
        shorts(256, width).shorts(257, height).shorts(258, 8).shorts(262, 1);
        entry(new Entry(273, LONG, 1, le(order, 8), -1));
        entry(new Entry(279, LONG, 1, le(order, 0), -1));
        return this;
    }

    public TiffBuilder shorts(int tag, int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(order);
        for (int v : values) {
            b.putShort((short) v);
        }
        return entry(new Entry(tag, SHORT, -1, b.array(), -1));
    }

    public TiffBuilder ascii(int tag, byte[] text) {
        return entry(new Entry(tag, ASCII, -1, text, -1));
    }

    public TiffBuilder bytes(int tag, byte[] payload) {
        return entry(new Entry(tag, BYTE, -1, payload, -1));
    }

    public TiffBuilder entry(Entry e) {
        ifds.get(ifds.size() - 1).add(e);
        return this;
    }

    /** Starts the next IFD in the chain. */
    public TiffBuilder nextPage() {
        ifds.add(new ArrayList<>());
        return this;
    }

    /** The last IFD's next pointer is this offset instead of 0 (a loop or a dangling chain). */
    public TiffBuilder lastNext(long offset) {
        this.forcedNext = offset;
        return this;
    }

    /** Offset of IFD {@code i} in the bytes {@link #build()} returns. */
    public long ifdOffset(int i) {
        return layout()[i];
    }

    public byte[] build() {
        long[] at = layout();
        int header = big ? 16 : 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(header).order(order);
        h.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M')).put(h.get(0));
        if (big) {
            h.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(at[0]);
        } else {
            h.putShort((short) 42).putInt((int) at[0]);
        }
        out.writeBytes(h.array());
        for (int i = 0; i < ifds.size(); i++) {
            List<Entry> entries = ifds.get(i);
            int countSize = big ? 8 : 2;
            int entrySize = big ? 20 : 12;
            int inline = big ? 8 : 4;
            long tableEnd = at[i] + countSize + (long) entries.size() * entrySize + (big ? 8 : 4);
            ByteBuffer t = ByteBuffer.allocate((int) (tableEnd - at[i])).order(order);
            if (big) {
                t.putLong(entries.size());
            } else {
                t.putShort((short) entries.size());
            }
            ByteArrayOutputStream payloads = new ByteArrayOutputStream();
            long payloadAt = tableEnd;
            for (Entry e : entries) {
                long count = e.count >= 0 ? e.count : e.payload.length / typeSize(e.type);
                t.putShort((short) e.tag).putShort((short) e.type);
                if (big) {
                    t.putLong(count);
                } else {
                    t.putInt((int) count);
                }
                if (e.rawOffset >= 0) {
                    putOffset(t, e.rawOffset);
                } else if (e.payload.length <= inline) {
                    byte[] v = new byte[inline];
                    System.arraycopy(e.payload, 0, v, 0, e.payload.length);
                    t.put(v);
                } else {
                    putOffset(t, payloadAt);
                    payloads.writeBytes(e.payload);
                    if ((e.payload.length & 1) == 1) {
                        payloads.write(0); // word alignment, as writers do
                    }
                    payloadAt = tableEnd + payloads.size();
                }
            }
            long next = i + 1 < ifds.size() ? at[i + 1] : Math.max(forcedNext, 0);
            putOffset(t, next);
            out.writeBytes(t.array());
            out.writeBytes(payloads.toByteArray());
        }
        return out.toByteArray();
    }

    private void putOffset(ByteBuffer t, long v) {
        if (big) {
            t.putLong(v);
        } else {
            t.putInt((int) v);
        }
    }

    private long[] layout() {
        long[] at = new long[ifds.size()];
        long pos = big ? 16 : 8;
        for (int i = 0; i < ifds.size(); i++) {
            at[i] = pos;
            List<Entry> entries = ifds.get(i);
            pos += (big ? 8 : 2) + (long) entries.size() * (big ? 20 : 12) + (big ? 8 : 4);
            for (Entry e : entries) {
                if (e.rawOffset < 0 && e.payload.length > (big ? 8 : 4)) {
                    pos += e.payload.length + (e.payload.length & 1);
                }
            }
        }
        return at;
    }

    private static int typeSize(int type) {
        return switch (type) {
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 1;
        };
    }

    private static byte[] le(ByteOrder order, int v) {
        return ByteBuffer.allocate(4).order(order).putInt(v).array();
    }
}
