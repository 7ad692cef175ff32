package io.emmeta.hostile;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Chain;

/**
 * Small files that make a naive reader allocate far more than their size (issue #12, memory): each generated here,
 * never taken from anywhere. {@link #main} extracts one of them in the current JVM and prints time, allocated bytes,
 * record size, warning count and peak RSS, for the before/after figures in docs/robustness.md; run it with
 * {@code -Xmx256m} in a JVM of its own.
 */
public final class HostileMemoryInputs {

    private HostileMemoryInputs() {
    }

    /**
     * A classic TIFF of {@code ifds} IFDs, each 12 bytes after the previous one, so that they overlap: IFD k's entry
     * table is entries k … k+entries-1 of one shared run. Every entry has field type 0 (no such type), so each IFD
     * yields {@code entries} "unknown field type" anomalies; the next pointer of IFD k is the first 4 bytes of entry
     * k+entries (its tag, with type 0 above it), which names IFD k+1. The count of IFD k+1 is the last 2 bytes of entry
     * k. About 12 × (ifds + entries) bytes.
     */
    public static byte[] overlappingIfds(int ifds, int entries) {
        int base = 8;
        int total = base + 2 + 12 * (ifds - 1 + entries + 1) + 4;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(base);
        b.putShort(base, (short) entries);
        for (int j = 0; j < ifds - 1 + entries + 1; j++) {
            int at = base + 2 + 12 * j;
            int k = j - entries; // this entry's first 4 bytes are IFD k's next pointer
            int next = k < 0 ? 0x1234 : k + 1 < ifds ? base + 12 * (k + 1) : 0;
            b.putShort(at, (short) next); // tag
            b.putShort(at + 2, (short) 0); // type 0: unknown
            b.putInt(at + 4, 1); // count
            b.putShort(at + 8, (short) 0);
            b.putShort(at + 10, (short) entries); // the count of the IFD that starts here
        }
        return b.array();
    }

    /**
     * One IFD with a small image and {@code tags} private tags (from 60000, clear of every vendor tag) of type UNDEFINED that all point at the same
     * {@code payload}-byte run ({@code distinct} = false), or each one byte further into it (true: overlapping, so a
     * cache by offset cannot help).
     */
    public static byte[] sharedPayload(int tags, int payload, boolean distinct) {
        int fixed = 6;
        int n = fixed + tags;
        int ifd = 8;
        int tableEnd = ifd + 2 + 12 * n + 4;
        int data = tableEnd;
        int total = data + payload + (distinct ? tags : 0);
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
        b.putShort(ifd, (short) n);
        int at = ifd + 2;
        int[][] baseline = {{256, 3, 1, 4}, {257, 3, 1, 4}, {258, 3, 1, 8}, {262, 3, 1, 1}, {273, 4, 1, 8},
                {279, 4, 1, 16}};
        for (int[] e : baseline) {
            b.putShort(at, (short) e[0]).putShort(at + 2, (short) e[1]).putInt(at + 4, e[2]).putInt(at + 8, e[3]);
            at += 12;
        }
        for (int i = 0; i < tags; i++) {
            b.putShort(at, (short) (60000 + i)).putShort(at + 2, (short) 7).putInt(at + 4, payload)
                    .putInt(at + 8, data + (distinct ? i : 0));
            at += 12;
        }
        b.putInt(at, 0);
        for (int i = data; i < total; i++) {
            b.put(i, (byte) ('A' + i % 26));
        }
        return b.array();
    }

    /** A Bruker .bcf whose zlib-compressed header inflates to {@code inflated} zero bytes (in 1 MB blocks). */
    public static byte[] bcfZlibBomb(long inflated) {
        ByteArrayOutputStream blocks = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] one = deflate(zeros, zeros.length);
        int n = (int) (inflated / zeros.length);
        for (int i = 0; i < n; i++) {
            blocks.writeBytes(le16(one.length));
            blocks.writeBytes(one);
        }
        return bcf(aacs(n, blocks.toByteArray()));
    }

    /** A Bruker .bcf whose (compressed) header is one element holding {@code elements} empty children. */
    public static byte[] bcfElementBomb(int elements) {
        byte[] open = "<?xml version=\"1.0\"?><TRTSpectrumDatabase>".getBytes(StandardCharsets.US_ASCII);
        byte[] close = "</TRTSpectrumDatabase>".getBytes(StandardCharsets.US_ASCII);
        byte[] xml = new byte[open.length + 4 * elements + close.length];
        System.arraycopy(open, 0, xml, 0, open.length);
        for (int i = 0; i < elements; i++) {
            System.arraycopy(new byte[] {'<', 'b', '/', '>'}, 0, xml, open.length + 4 * i, 4);
        }
        System.arraycopy(close, 0, xml, xml.length - close.length, close.length);
        ByteArrayOutputStream blocks = new ByteArrayOutputStream();
        int blockCount = 0;
        for (int at = 0; at < xml.length; at += 1 << 20) {
            byte[] part = Arrays.copyOfRange(xml, at, Math.min(xml.length, at + (1 << 20)));
            byte[] z = deflate(part, part.length);
            blocks.writeBytes(le16(z.length));
            blocks.writeBytes(z);
            blockCount++;
        }
        return bcf(aacs(blockCount, blocks.toByteArray()));
    }

    /** The 16-byte block header: the compressed size first. */
    private static byte[] le16(int compressed) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0, compressed).array();
    }

    private static byte[] deflate(byte[] data, int length) {
        Deflater d = new Deflater(9);
        d.setInput(data, 0, length);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** An AACS (zlib) inner file: "AACS", the block count at 12, the block table from 0x80. */
    private static byte[] aacs(int blocks, byte[] table) {
        ByteBuffer b = ByteBuffer.allocate(0x80 + table.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("AACS".getBytes(StandardCharsets.US_ASCII));
        b.putInt(12, blocks);
        b.put(0x80, table);
        return b.array();
    }

    /**
     * A minimal SFS container (as {@code SfsContainer} reads it) holding {@code EDSDatabase/HeaderData} with the given
     * content: chunk 1 the file table, chunk 2 the header's pointer table, chunks 3… its data.
     */
    public static byte[] bcf(byte[] header) {
        int chunk = 64 * 1024;
        int usable = chunk - 0x20;
        int dataChunks = (header.length + usable - 1) / usable;
        int first = 3;
        long total = (long) (first + dataChunks) * chunk + 0x138;
        ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        b.put("AAMVHFSS".getBytes(StandardCharsets.US_ASCII));
        b.putFloat(0x124, 2.6f);
        b.putInt(0x128, chunk);
        b.putInt(0x140, 1);
        b.putInt(0x144, 2);
        int table = chunk + 0x138;
        item(b, table, 0, 0, -1, true, "EDSDatabase");
        item(b, table + 0x200, 2, header.length, 0, false, "HeaderData");
        b.putInt(chunk + 0x118, 0);
        int pointers = 2 * chunk + 0x138;
        for (int i = 0; i < dataChunks; i++) {
            b.putInt(pointers + 4 * i, first + i);
        }
        for (int i = 0; i < dataChunks; i++) {
            int from = i * usable;
            int len = Math.min(usable, header.length - from);
            b.put((first + i) * chunk + 0x138, header, from, len);
        }
        return b.array();
    }

    private static void item(ByteBuffer b, int at, int pointerTable, long size, int parent, boolean dir, String name) {
        b.putInt(at, pointerTable);
        b.putLong(at + 4, size);
        b.putInt(at + 0x28, parent);
        b.put(at + 0xDC, (byte) (dir ? 1 : 0));
        b.put(at + 0xE0, name.getBytes(StandardCharsets.US_ASCII));
    }

    /** The inputs by name, as {@link #main} and the test use them. */
    public static byte[] named(String name) {
        return switch (name) {
            case "overlapping-ifds" -> overlappingIfds(1000, 3300);
            case "shared-payload" -> sharedPayload(4000, 1 << 20, false);
            case "overlapping-payloads" -> sharedPayload(4000, 1 << 20, true);
            case "bcf-zlib-bomb" -> bcfZlibBomb(112L << 20);
            case "bcf-element-bomb" -> bcfElementBomb(12_000_000);
            case "bcf-element-bomb-small" -> bcfElementBomb(3_000_000);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Extracts the named input once and prints the figures: {@code name ms allocatedMB recordKB warnings status}. */
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path warm = Files.createTempFile("warm-", ".tif");
        Files.write(warm, io.emmeta.testing.TiffBuilder.classic().image(4, 4).build());
        Chain.extract(warm); // class loading and the mapper's tables: not the input's cost
        Files.delete(warm);
        for (String name : args) {
            byte[] bytes = named(name);
            Path f = Files.createTempFile("hostile-", name.startsWith("bcf") ? ".bcf" : ".tif");
            try {
                Files.write(f, bytes);
                bytes = null;
                System.gc();
                com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long a0 = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                ExtractionRecord r = Chain.extract(f);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                long allocated = mx.getCurrentThreadAllocatedBytes() - a0;
                long recordBytes = json.writeValueAsBytes(r).length;
                String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
                        .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM ?").replaceAll("\\s+", " ");
                System.out.printf("%s: %d bytes, %d ms, allocated %d MB, record %d KB, %d warnings, %s %s; %s%n",
                        name, Files.size(f), ms, allocated >> 20, recordBytes >> 10, r.warnings().size(), r.status(),
                        r.errors(), hwm);
                r.warnings().stream().limit(6).forEach(w -> System.out.println("    " + abbreviate(w.toString())));
            } finally {
                Files.deleteIfExists(f);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
