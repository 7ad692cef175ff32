package io.emmeta.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Structure-aware TIFF fuzzing: the input does not hold a TIFF, it drives a builder of IFD graphs. It chooses
 * classic or BigTIFF and the byte order, up to 8 IFDs and their chain (to the next one, back to an earlier one, into
 * the middle of one, past the end), entries of every field type including unknown ones and counts that lie, and
 * what each value points at: a payload, another IFD (as an offset value, the way SubIFDs, Exif and TVIPS's 37706
 * do), the middle of an IFD, the header or nowhere. Payloads are fuzz bytes or vendor blocks (FEI INI, Zeiss CZ_SEM,
 * FEI XML, Fibics XML, TESCAN, ImageJ) under private tags 34118/34680/34682/34683/50431/51023/..., so the readers
 * behind detection see structures that mutation of real files reaches only by luck. The result goes through the
 * whole chain ({@link ChainCheck}). Seeds are plain byte strings (any bytes make a graph). The writer is its own
 * rather than {@code TiffBuilder}, which lays each IFD's payloads out behind it and so cannot aim an offset at a
 * place it has not written yet.
 */
class TiffGraphFuzzTest {

    static final int[] TAGS = {254, 256, 257, 258, 259, 262, 270, 271, 272, 273, 274, 277, 278, 279, 282, 283, 284,
        296, 305, 306, 320, 322, 323, 324, 325, 330, 339, 33550, 33922, 34665, 34853, 33471, 33560, 34118, 34119, 34680,
        34682, 34683, 37706, 40092, 50431, 50838, 50839, 51023, 65003, 65026};
    /** Field types: the 12 of TIFF 6, IFD (13), the BigTIFF ones (16-18), and unknown ones (0, 14, 15, 19, 99, 65535). */
    static final int[] TYPES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 18, 0, 14, 15, 19, 99, 65535};
    static final int[] TYPE_SIZE = new int[65536];

    static {
        int[][] sizes = {{1, 1}, {2, 1}, {3, 2}, {4, 4}, {5, 8}, {6, 1}, {7, 1}, {8, 2}, {9, 4}, {10, 8}, {11, 4},
            {12, 8}, {13, 4}, {16, 8}, {17, 8}, {18, 8}};
        java.util.Arrays.fill(TYPE_SIZE, 1);
        for (int[] s : sizes) {
            TYPE_SIZE[s[0]] = s[1];
        }
    }

    static final long[] HUGE = {0, 1, 0xffffL, 0x7fffffffL, 0xffffffffL, 1L << 30, 1L << 40, Long.MAX_VALUE, -1};

    static final String[] VENDOR = {
        "[User]\r\nDate=12/23/2015\r\nTime=9:40 AM\r\n[Beam]\r\nHV=20000\r\nSpot=3\r\n[EBeam]\r\nWD=0.004\r\n"
            + "[Scan]\r\nPixelWidth=1e-9\r\nPixelHeight=1e-9\r\n[Stage]\r\nStageX=0.001\r\n",
        czSem(),
        "<?xml version=\"1.0\"?><Metadata><Acquisition><AcceleratingVoltage unit=\"V\">200000</AcceleratingVoltage>"
            + "</Acquisition><BinaryResult><PixelSize><width unit=\"m\">1e-10</width></PixelSize></BinaryResult></Metadata>",
        "<Fibics version=\"1.0\"><Application>Atlas</Application><Image><Width>10</Width><Height>10</Height></Image>"
            + "<Scan><Ux>1e-9</Ux><Vy>1e-9</Vy><Dwell>100</Dwell></Scan></Fibics>",
        "[MAIN]\r\nDevice=VEGA3 TESCAN\r\nMagnification=1000\r\nPixelSizeX=1e-8\r\n[SEM]\r\nHV=20000\r\nWD=0.01\r\n",
        "ImageJ=1.53t\nimages=3\nslices=3\nunit=micron\nspacing=0.5\nloop=false\n",
        "[SemImageFile]\r\nInstructName=S-4800\r\nAcceleratingVoltage=15000 Volt\r\n",
    };

    private static String czSem() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 34; i++) {
            b.append("0\r\n");
        }
        b.append("3\r\nAP_WD\r\nWD = 8.5 mm\r\nAP_MAG\r\nMag = 1.00 K X\r\nAP_PIXEL_SIZE\r\nPixel Size = 1.1 nm\r\n");
        return b.toString();
    }

    /** One entry as chosen: the value is inline bytes, or an offset resolved once the layout is known. */
    record Entry(int tag, int type, long count, byte[] inline, int target, long delta) {
        static final int INLINE = -1;
    }

    @FuzzTest(maxDuration = "5m")
    void tiffGraph(FuzzedDataProvider in) {
        ChainCheck.holds(build(in));
    }

    static byte[] build(FuzzedDataProvider in) {
        boolean big = in.consumeBoolean();
        ByteOrder order = in.consumeBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int ifds = in.consumeInt(1, 8);
        List<byte[]> payloads = new ArrayList<>();
        int payloadCount = in.consumeInt(0, 6);
        for (int i = 0; i < payloadCount; i++) {
            payloads.add(payload(in));
        }
        // targets: 0..ifds-1 an IFD, ifds..ifds+payloads-1 a payload, then the header, then past the end
        int header = ifds + payloads.size();
        int pastEnd = header + 1;
        List<List<Entry>> graph = new ArrayList<>();
        int[] next = new int[ifds];
        long[] nextDelta = new long[ifds];
        for (int i = 0; i < ifds; i++) {
            List<Entry> entries = new ArrayList<>();
            if (i == 0 && in.consumeBoolean()) {
                basics(entries, order, payloads.isEmpty() ? Entry.INLINE : ifds);
            }
            int n = in.consumeInt(0, 24);
            for (int e = 0; e < n && in.remainingBytes() > 0; e++) {
                entries.add(entry(in, order, ifds, payloads.size(), header, pastEnd));
            }
            graph.add(entries);
            switch (in.consumeInt(0, 4)) {
                case 0 -> next[i] = -1; // end of chain
                case 1 -> next[i] = i + 1 < ifds ? i + 1 : -1; // the usual order
                case 2 -> next[i] = in.consumeInt(0, ifds - 1); // a loop (or a jump forward)
                case 3 -> { // into the middle of an IFD or a payload: overlapping structures
                    next[i] = in.consumeInt(0, header - 1);
                    nextDelta[i] = in.consumeInt(1, 64);
                }
                default -> {
                    next[i] = pastEnd;
                    nextDelta[i] = HUGE[in.consumeInt(0, HUGE.length - 1)];
                }
            }
        }
        return write(big, order, graph, next, nextDelta, payloads);
    }

    private static byte[] payload(FuzzedDataProvider in) {
        byte[] p = switch (in.consumeInt(0, 2)) {
            case 0 -> in.consumeBytes(in.consumeInt(0, 512));
            case 1 -> new byte[in.consumeInt(0, 8192)];
            default -> VENDOR[in.consumeInt(0, VENDOR.length - 1)].getBytes(StandardCharsets.ISO_8859_1);
        };
        int flips = in.consumeInt(0, 4);
        for (int f = 0; f < flips && p.length > 0; f++) {
            p[in.consumeInt(0, p.length - 1)] = in.consumeByte();
        }
        return p;
    }

    /** A plausible image description on the first page, its strip in the first payload (if any). */
    private static void basics(List<Entry> entries, ByteOrder order, int stripPayload) {
        entries.add(new Entry(256, 3, 1, shorts(order, 16), Entry.INLINE, 0));
        entries.add(new Entry(257, 3, 1, shorts(order, 16), Entry.INLINE, 0));
        entries.add(new Entry(258, 3, 1, shorts(order, 8), Entry.INLINE, 0));
        entries.add(new Entry(262, 3, 1, shorts(order, 1), Entry.INLINE, 0));
        entries.add(new Entry(273, 4, 1, new byte[4], stripPayload, 0));
        entries.add(new Entry(279, 4, 1, ints(order, 256), Entry.INLINE, 0));
    }

    private static Entry entry(FuzzedDataProvider in, ByteOrder order, int ifds, int payloads, int header,
            int pastEnd) {
        int tag = in.consumeBoolean() ? TAGS[in.consumeInt(0, TAGS.length - 1)] : in.consumeInt(0, 65535);
        int type = TYPES[in.consumeInt(0, TYPES.length - 1)];
        int kind = in.consumeInt(0, 5);
        return switch (kind) {
            case 0 -> { // inline: up to 8 bytes, a small count
                byte[] v = in.consumeBytes(8);
                yield new Entry(tag, type, in.consumeInt(0, 8), v, Entry.INLINE, 0);
            }
            case 1 -> { // a payload, with the count it has or one that lies
                int p = payloads == 0 ? header : ifds + in.consumeInt(0, payloads - 1);
                long count = in.consumeBoolean() ? -1 : HUGE[in.consumeInt(0, HUGE.length - 1)];
                yield new Entry(tag, type, count, null, p, 0);
            }
            case 2 -> // an offset value naming another IFD (SubIFDs, Exif, or a vendor tag holding an offset)
                new Entry(tag, in.consumeBoolean() ? 4 : 13, 1, null, in.consumeInt(0, ifds - 1), 0);
            case 3 -> // out-of-line data that starts inside an IFD or a payload
                new Entry(tag, type, in.consumeInt(1, 4096), null, in.consumeInt(0, header - 1), in.consumeInt(1, 64));
            case 4 -> // data at the header or past the end
                new Entry(tag, type, in.consumeInt(1, 1 << 20), null, in.consumeBoolean() ? header : pastEnd,
                        HUGE[in.consumeInt(0, HUGE.length - 1)]);
            default -> // a huge count inline: the declared size lies about where the data is
                new Entry(tag, type, HUGE[in.consumeInt(0, HUGE.length - 1)], ints(order, 8), Entry.INLINE, 0);
        };
    }

    static byte[] write(boolean big, ByteOrder order, List<List<Entry>> graph, int[] next, long[] nextDelta,
            List<byte[]> payloads) {
        int headerSize = big ? 16 : 8;
        int countSize = big ? 8 : 2;
        int entrySize = big ? 20 : 12;
        int inline = big ? 8 : 4;
        int ifds = graph.size();
        long[] at = new long[ifds + payloads.size() + 2];
        long pos = headerSize;
        for (int i = 0; i < ifds; i++) {
            at[i] = pos;
            pos += countSize + (long) graph.get(i).size() * entrySize + inline;
        }
        for (int p = 0; p < payloads.size(); p++) {
            at[ifds + p] = pos;
            pos += payloads.get(p).length + (payloads.get(p).length & 1);
        }
        at[ifds + payloads.size()] = 0; // the header
        long end = pos;
        at[ifds + payloads.size() + 1] = end;
        ByteBuffer b = ByteBuffer.allocate((int) end).order(order);
        b.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M')).put(b.get(0));
        if (big) {
            b.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(at[0]);
        } else {
            b.putShort((short) 42).putInt((int) at[0]);
        }
        for (int i = 0; i < ifds; i++) {
            b.position((int) at[i]);
            List<Entry> entries = graph.get(i);
            if (big) {
                b.putLong(entries.size());
            } else {
                b.putShort((short) entries.size());
            }
            for (Entry e : entries) {
                long count = e.count;
                if (count < 0) {
                    count = e.target >= ifds && e.target < ifds + payloads.size()
                            ? payloads.get(e.target - ifds).length / TYPE_SIZE[e.type] : 1;
                }
                b.putShort((short) e.tag).putShort((short) e.type);
                if (big) {
                    b.putLong(count);
                } else {
                    b.putInt((int) count);
                }
                byte[] v = new byte[inline];
                if (e.target == Entry.INLINE) {
                    System.arraycopy(e.inline, 0, v, 0, Math.min(inline, e.inline.length));
                    b.put(v);
                } else {
                    long offset = at[e.target] + e.delta;
                    if (big) {
                        b.putLong(offset);
                    } else {
                        b.putInt((int) offset);
                    }
                }
            }
            long n = next[i] < 0 ? 0 : at[next[i]] + nextDelta[i];
            if (big) {
                b.putLong(n);
            } else {
                b.putInt((int) n);
            }
        }
        for (int p = 0; p < payloads.size(); p++) {
            b.position((int) at[ifds + p]);
            b.put(payloads.get(p));
        }
        return b.array();
    }

    private static byte[] shorts(ByteOrder order, int v) {
        return ByteBuffer.allocate(2).order(order).putShort((short) v).array();
    }

    private static byte[] ints(ByteOrder order, int v) {
        return ByteBuffer.allocate(4).order(order).putInt(v).array();
    }
}
