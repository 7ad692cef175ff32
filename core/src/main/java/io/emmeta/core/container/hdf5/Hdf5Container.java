package io.emmeta.core.container.hdf5;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.emmeta.core.source.ByteSource;
import io.emmeta.core.source.ByteSourceChannel;
import io.jhdf.HdfFile;

/**
 * An HDF5 file opened by jHDF over ranged reads. jHDF reads superblock, object headers and B-tree nodes on
 * demand through the channel; the block cache under the source turns its many small reads into a few fetches.
 */
public final class Hdf5Container implements Closeable {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** Where the spec lets a superblock sit (after a user block of 0, 512, 1024, ... bytes); we look this far. */
    private static final long MAX_SUPERBLOCK_OFFSET = 1 << 20;

    private final HdfFile file;
    private final ByteSourceChannel channel;

    private Hdf5Container(HdfFile file, ByteSourceChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * True once jHDF asked for a buffer larger than the object, i.e. a size in the file lied. jHDF allocates such a
     * buffer before it reads, so a reader that meets this must stop reading items rather than try the next one: each
     * further lie would cost another allocation of the declared size.
     */
    public boolean sawImpossibleSize() {
        return channel.refusedReads() > 0;
    }

    /** Stops a reader once {@link #sawImpossibleSize()}: every further jHDF access could allocate another lie. */
    public void stopIfSizesLied() throws io.emmeta.core.problem.ExtractionException {
        if (sawImpossibleSize()) {
            throw new io.emmeta.core.problem.ExtractionException(io.emmeta.core.problem.ErrorCode.CORRUPT,
                    "HDF5: a structure declares more bytes than the file holds; reading stopped there, so that the"
                            + " declared sizes cannot cost memory again");
        }
    }

    /** HDF5 metadata is many small structures scattered over the file: read a little past each (measured). */
    public static final int READ_AHEAD = 4 * 1024;

    public static Hdf5Container open(ByteSource source) {
        source.readAheadHint(READ_AHEAD);
        // jHDF turns the URI's path into a java.nio Path for naming only (no file is opened), so it needs one.
        URI uri = URI.create("file:///emmeta-source/" + Integer.toHexString(System.identityHashCode(source)));
        ByteSourceChannel channel = new ByteSourceChannel(source);
        return new Hdf5Container(new HdfFile(channel, uri), channel);
    }

    public HdfFile file() {
        return file;
    }

    /**
     * The end of the file as its superblock declares it (base address + end-of-file address), or -1 when no
     * superblock of a known version is found (it is read directly, so this works where jHDF refuses a cut file). A reader that only walks metadata never touches the dataset bytes
     * at the end, so a cut upload would otherwise read "clean": compare this with the object's size.
     */
    public static long declaredEnd(ByteSource source) throws IOException {
        long size = source.size();
        for (long at = 0; at + 64 <= size && at <= MAX_SUPERBLOCK_OFFSET; at = at == 0 ? 512 : at * 2) {
            byte[] head = source.readFully(at, (int) Math.min(128, size - at));
            if (!startsWith(head, SIGNATURE)) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            int version = head[8] & 0xff;
            int offsets;
            int pos;
            if (version == 0 || version == 1) {
                offsets = head[13] & 0xff;
                pos = version == 0 ? 24 : 28; // base address follows the fixed fields (v1 adds 4 bytes)
                long base = read(b, pos, offsets);
                long eof = read(b, pos + 2 * offsets, offsets);
                return base < 0 || eof < 0 ? -1 : base + eof;
            }
            if (version == 2 || version == 3) {
                offsets = head[9] & 0xff;
                pos = 12;
                long base = read(b, pos, offsets);
                long eof = read(b, pos + 2 * offsets, offsets);
                return base < 0 || eof < 0 ? -1 : base + eof;
            }
            return -1;
        }
        return -1;
    }

    /** An unsigned offset field of the given width; -1 for widths we do not know or the "undefined" all-ones. */
    private static long read(ByteBuffer b, int pos, int width) {
        if (pos + width > b.limit()) {
            return -1;
        }
        long v = switch (width) {
            case 2 -> b.getShort(pos) & 0xffffL;
            case 4 -> b.getInt(pos) & 0xffffffffL;
            case 8 -> b.getLong(pos);
            default -> -1;
        };
        return v == -1L || (width == 4 && v == 0xffffffffL) ? -1 : v;
    }

    private static boolean startsWith(byte[] h, byte[] sig) {
        if (h.length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if (h[i] != sig[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        file.close();
    }
}
