package io.emmeta.core.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

import io.emmeta.core.problem.Budget;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;

/**
 * A read-only {@link SeekableByteChannel} over a {@link ByteSource}, for libraries that want a channel (jHDF), and the
 * one place that bounds what they may ask of it. A library that trusts a length read from the file allocates its
 * buffer before it reads; when that read asks for more than the object holds, or than the extraction's {@link
 * io.emmeta.core.problem.Budget} has left, the size is impossible, and every later size from the same structures is
 * suspect: so the channel refuses that read and <em>every read after it</em> with a {@link RefusedReadException}. The
 * library's next structure then fails at its first (small) read, before it could learn and allocate another lie, and
 * no reader has to check after each item whether a size lied.
 */
public final class ByteSourceChannel implements SeekableByteChannel {
    /** How far past the end a read may ask and still be served (parsers read fixed-size prefixes near the end). */
    static final int OVERREAD_SLACK = 64 * 1024;

    private final ByteSource source;
    private long position;
    private boolean open = true;
    /** The first refusal; once set, the channel serves nothing more. */
    private RefusedReadException refused;

    /** What a read past the end says about the object: CORRUPT, or TRUNCATED when the container knows it was cut. */
    private final ErrorCode pastTheEnd;

    public ByteSourceChannel(ByteSource source) {
        this(source, ErrorCode.CORRUPT);
    }

    /**
     * With the code a read past the end gets: a container whose header declares more bytes than the object has (a
     * cut upload) passes TRUNCATED, since then the impossible size is the cut's doing, not a lie.
     */
    public ByteSourceChannel(ByteSource source, ErrorCode pastTheEnd) {
        this.source = source;
        this.pastTheEnd = pastTheEnd;
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
        Deadline.check();
        if (refused != null) {
            throw new RefusedReadException(refused.code(), source.name() + ": read refused, an earlier read asked for"
                    + " an impossible size (" + refused.getMessage() + ")");
        }
        int want = dst.remaining();
        if (want == 0) {
            return 0;
        }
        long left = source.size() - position;
        if (left <= 0) {
            return -1;
        }
        if (want - left > OVERREAD_SLACK) {
            // The parser sized its buffer from a length in the file that the object cannot hold.
            throw refuse(pastTheEnd, "a structure declares " + want + " bytes at " + position
                    + ", more than the object holds (" + source.size() + " bytes)");
        }
        long budgetLeft = Budget.current().bytesLeft();
        if (want > budgetLeft) {
            throw refuse(ErrorCode.TOO_LARGE, "a structure declares " + want + " bytes at " + position
                    + ", more than the extraction's memory budget has left (" + budgetLeft + " bytes)");
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

    private RefusedReadException refuse(ErrorCode code, String why) {
        refused = new RefusedReadException(code, source.name() + ": " + why + "; no further read of this object is"
                + " served, so declared sizes cannot cost memory again");
        return refused;
    }

    /** True once a read was refused (and so every read since). */
    public boolean refusing() {
        return refused != null;
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
