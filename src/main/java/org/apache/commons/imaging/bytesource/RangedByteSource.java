package org.apache.commons.imaging.bytesource;

import java.io.IOException;
import java.io.InputStream;

import org.apache.commons.io.build.AbstractOrigin;

/**
 * Lets Commons Imaging's TIFF reader walk an emmeta {@link io.emmeta.core.source.ByteSource} by ranges.
 *
 * <p>Why this lives in Commons Imaging's package: its {@code ByteSource} has only a package-private constructor
 * and its public factories either hold the whole object in memory or need a local file. TiffReader reads the
 * header and IFDs through {@link #getInputStream()} plus {@code skip}, and tag payloads through
 * {@link #getByteArray(long, int)}; overriding those three methods is all it takes to make it read an S3 object
 * by ranged GETs. The stream's {@code skip} only moves a position, so a tag block at the end of a 20 GB file
 * costs the bytes of the tag, not the file.
 */
public final class RangedByteSource extends ByteSource {

    private final io.emmeta.core.source.ByteSource source;

    public RangedByteSource(io.emmeta.core.source.ByteSource source) {
        super(new AbstractOrigin.ByteArrayOrigin(new byte[0]), source.name());
        this.source = source;
    }

    @Override
    public byte[] getByteArray(long position, int length) throws IOException {
        if (position < 0 || length < 0 || position + length > source.size()) {
            throw new IOException("range " + position + "+" + length + " outside object of " + source.size() + " bytes");
        }
        return source.readFully(position, length);
    }

    @Override
    public InputStream getInputStream() {
        return new PositionedStream(source);
    }

    @Override
    public long size() throws IOException {
        return source.size();
    }

    @Override
    public String toString() {
        return source.name();
    }

    /** A stream whose skip is free: it moves the position and fetches nothing. */
    private static final class PositionedStream extends InputStream {
        private final io.emmeta.core.source.ByteSource source;
        private long position;

        PositionedStream(io.emmeta.core.source.ByteSource source) {
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = source.read(position, b, off, len);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) {
                return 0;
            }
            long step = Math.min(n, Math.max(0, source.size() - position));
            position += step;
            return step;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, source.size() - position));
        }
    }
}
