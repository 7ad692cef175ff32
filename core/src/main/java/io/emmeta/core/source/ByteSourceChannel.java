package io.emmeta.core.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A read-only {@link SeekableByteChannel} over a {@link ByteSource}, for libraries that want a channel (jHDF). */
public final class ByteSourceChannel implements SeekableByteChannel {
    /** How far past the end a read may ask and still be served (parsers read fixed-size prefixes near the end). */
    static final int OVERREAD_SLACK = 64 * 1024;

    private final ByteSource source;
    private long position;
    private boolean open = true;
    private int refused;

    public ByteSourceChannel(ByteSource source) {
        this.source = source;
    }

    /**
     * Reads into {@code dst} up to the end of the object. A heap buffer is filled in place; a direct one through a
     * temporary no larger than what the object still holds (at most 64 KB per call). Either way the only memory a read
     * costs is bounded by the object's real bytes, whatever length a parser asked for: a length read from a hostile
     * file (an object header claiming gigabytes) must not turn into gigabytes of temporaries here.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        // the libraries reading through a channel (jHDF) loop over the file's structure without looking at
        // interrupts: every read is where a passed deadline stops them
        io.emmeta.core.problem.Deadline.check();
        int want = dst.remaining();
        if (want == 0) {
            return 0;
        }
        long left = source.size() - position;
        if (left <= 0) {
            return -1;
        }
        if (want - left > OVERREAD_SLACK) {
            // The parser sized its buffer from a length in the file that the object cannot hold. Stop it here; the
            // readers check refusedReads() and stop asking, so a hostile file costs at most one such buffer instead
            // of one per object that repeats the lie.
            refused++;
            throw new IOException(source.name() + ": read of " + want + " bytes at " + position
                    + " runs past the end of the object (" + source.size() + " bytes)");
        }
        int n;
        if (dst.hasArray()) {
            n = source.read(position, dst.array(), dst.arrayOffset() + dst.position(), (int) Math.min(want, left));
            if (n > 0) {
                dst.position(dst.position() + n);
            }
        } else {
            byte[] tmp = new byte[(int) Math.min(Math.min(want, left), 64 * 1024)];
            n = source.read(position, tmp, 0, tmp.length);
            if (n > 0) {
                dst.put(tmp, 0, n);
            }
        }
        if (n < 0) {
            return -1;
        }
        position += n;
        return n;
    }

    /** How many reads asked for more bytes than the object holds (a length in the file that lies). */
    public int refusedReads() {
        return refused;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position");
        }
        this.position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        return source.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false; // the source belongs to the caller
    }
}
