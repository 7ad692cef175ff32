package io.emmeta.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.imaging.formats.tiff.TiffField;

import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.source.CachingByteSource;

/**
 * Writes a large single-image TIFF in the layout Zeiss SmartSEM and Thermo Fisher xT use: the 8-byte header, then
 * the pixels, then the IFD and the vendor tags' payloads at the very end of the file. The pixels are never written
 * (the file is sparse), so a 20 GB file costs a few kB of disk; a reader that touches them pays in time and bytes,
 * which is what the benchmark measures. Above 4 GB the file is a BigTIFF, as the writers of FIB-SEM stacks use.
 */
final class SyntheticTiff {

    /** One tag copied verbatim from a real instrument file: its type, count and raw little-endian payload. */
    record Tag(int tag, int type, long count, byte[] payload) {
    }

    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int LONG8 = 16;

    private SyntheticTiff() {
    }

    /**
     * The vendor tags of a real file's first page (private tags ≥ 32768 plus the descriptive baseline text tags),
     * so the synthetic file carries exactly the metadata an instrument wrote.
     */
    static List<Tag> vendorTags(Path realFile) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(realFile)) {
            TiffContainer tiff = TiffContainer.read(src);
            if (tiff.bigEndian()) {
                throw new IllegalArgumentException(realFile + ": a little-endian model file is needed");
            }
            List<Tag> out = new ArrayList<>();
            for (TiffField f : tiff.first().fields().values()) {
                int t = f.getTag();
                boolean text = t == TiffPage.IMAGE_DESCRIPTION || t == TiffPage.MAKE || t == TiffPage.MODEL
                        || t == TiffPage.SOFTWARE || t == TiffPage.DATE_TIME;
                if (t >= 32768 || text) {
                    out.add(new Tag(t, f.getFieldType().getType(), f.getCount(), f.getByteArrayValue()));
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(realFile + ": no vendor tags to copy");
            }
            return out;
        }
    }

    /** A 16-bit grey image of about {@code approxSize} bytes with the given vendor tags at the end of the file. */
    static long write(Path out, long approxSize, List<Tag> vendor) throws IOException {
        long side = Math.max(64, (long) Math.sqrt(approxSize / 2.0));
        long pixels = side * side * 2;
        boolean big = pixels > 0xF000_0000L;
        int headerSize = big ? 16 : 8;
        long ifdOffset = align(headerSize + pixels);

        List<Tag> tags = new ArrayList<>(vendor);
        tags.add(number(256, side, big));
        tags.add(number(257, side, big));
        tags.add(shortTag(258, 16));
        tags.add(shortTag(259, 1));
        tags.add(shortTag(262, 1));
        tags.add(number(273, headerSize, big));
        tags.add(shortTag(277, 1));
        tags.add(number(278, side, big));
        tags.add(number(279, pixels, big));
        tags.sort(Comparator.comparingInt(Tag::tag));

        int entrySize = big ? 20 : 12;
        int inline = big ? 8 : 4;
        long ifdSize = (big ? 8 : 2) + (long) tags.size() * entrySize + (big ? 8 : 4);
        long payloadAt = align(ifdOffset + ifdSize);
        ByteBuffer ifd = ByteBuffer.allocate((int) ifdSize).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer payloads = ByteBuffer.allocate(tags.stream().mapToInt(t -> t.payload().length + 1).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        if (big) {
            ifd.putLong(tags.size());
        } else {
            ifd.putShort((short) tags.size());
        }
        for (Tag t : tags) {
            ifd.putShort((short) t.tag()).putShort((short) t.type());
            if (big) {
                ifd.putLong(t.count());
            } else {
                ifd.putInt((int) t.count());
            }
            byte[] value = new byte[inline];
            if (t.payload().length <= inline) {
                System.arraycopy(t.payload(), 0, value, 0, t.payload().length);
                ifd.put(value);
            } else {
                long at = payloadAt + payloads.position();
                payloads.put(t.payload());
                if (payloads.position() % 2 != 0) {
                    payloads.put((byte) 0); // TIFF offsets are word-aligned
                }
                if (big) {
                    ifd.putLong(at);
                } else {
                    ifd.putInt((int) at);
                }
            }
        }
        if (big) {
            ifd.putLong(0);
        } else {
            ifd.putInt(0);
        }

        ByteBuffer header = ByteBuffer.allocate(headerSize).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 'I').put((byte) 'I');
        if (big) {
            header.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(ifdOffset);
        } else {
            header.putShort((short) 42).putInt((int) ifdOffset);
        }
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(header.flip(), 0);
            ch.write(ifd.flip(), ifdOffset);
            ch.write(payloads.flip(), payloadAt);
            return ch.size();
        }
    }

    private static long align(long offset) {
        return (offset + 1) & ~1L;
    }

    private static Tag shortTag(int tag, int value) {
        return new Tag(tag, SHORT, 1, ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value)
                .array());
    }

    private static Tag number(int tag, long value, boolean big) {
        if (big) {
            return new Tag(tag, LONG8, 1, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        }
        return new Tag(tag, LONG, 1, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
    }
}
