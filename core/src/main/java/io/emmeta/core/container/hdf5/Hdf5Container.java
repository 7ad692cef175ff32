package io.emmeta.core.container.hdf5;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.source.ByteSource;
import io.emmeta.core.source.ByteSourceChannel;
import io.emmeta.core.source.RefusedReadException;
import io.emmeta.core.source.SourceUnavailableException;
import io.jhdf.HdfFile;

/**
 * An HDF5 file opened by jHDF over ranged reads. jHDF reads superblock, object headers and B-tree nodes on
 * demand through the channel; the block cache under the source turns its many small reads into a few fetches.
 *
 * <p>Failures: the channel ({@link ByteSourceChannel}) refuses every read after the first impossible size, and
 * {@link #call}/{@link #failure} are the one place that types what jHDF throws, so readers need no checks of their own.
 */
public final class Hdf5Container implements Closeable {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** Where the spec lets a superblock sit (after a user block of 0, 512, 1024, ... bytes); we look this far. */
    private static final long MAX_SUPERBLOCK_OFFSET = 1 << 20;

    private final HdfFile file;
    private final ByteSource source;

    private Hdf5Container(HdfFile file, ByteSource source) {
        this.file = file;
        this.source = source;
    }

    /** Some jHDF calls, run by {@link #call}: only jHDF and its plumbing, never our parsing of what it returns. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws ExtractionException;
    }

    /**
     * Runs jHDF calls and types what jHDF throws for bad input (its own {@code HdfException} and the JDK exceptions
     * its parsers raise on inconsistent structures) as an {@link ExtractionException} for the item being read; see
     * {@link #failure}. Keep our own code (JSON parsing, tree building) outside: a bug there must reach the record
     * as INTERNAL, not be relabelled a file fault. Inside, every unchecked exception counts as jHDF's, since jHDF
     * raises plain JDK exceptions on inconsistent structures and no type tells them apart from a bug beneath it;
     * hence the rule that a call holds jHDF calls only.
     */
    public <T> T call(String where, Call<T> jhdf) throws ExtractionException {
        try {
            return jhdf.run();
        } catch (RuntimeException | StackOverflowError e) {
            // StackOverflowError: jHDF recurses over the file's structure (nested datatypes, B-tree levels)
            throw failure(e, where);
        }
    }

    /**
     * The typed error for a failure inside jHDF while reading {@code where}: the channel's refusal with its own code
     * (an impossible size: CORRUPT, or TRUNCATED in a cut upload; over the budget: TOO_LARGE); TRUNCATED when the
     * object is shorter than its superblock declares, whatever jHDF tripped over first, or a structure ended early;
     * CORRUPT otherwise. The caller may carry on with the next item: after a refusal the channel refuses every read, so
     * the next item fails at its first small read, before it could cost memory. A failure that is not the item's
     * ends the read instead, rethrown as it came ({@link #rethrowIfReadEnded}).
     */
    public ExtractionException failure(Throwable e, String where) {
        return failure(source, e, where);
    }

    /** As {@link #failure(Throwable, String)}, for a failure before a container exists (jHDF refused to open). */
    public static ExtractionException failure(ByteSource source, Throwable e, String where) {
        rethrowIfReadEnded(e);
        String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        RefusedReadException refused = RefusedReadException.in(e);
        if (refused != null) {
            return new ExtractionException(refused.code(), where + ": " + refused.getMessage(), e);
        }
        long size = sizeOrUnknown(source);
        long eof = declaredEndOrUnknown(source);
        if (eof > size) {
            return new ExtractionException(ErrorCode.TRUNCATED, where + ": file ends at byte " + size
                    + " but the HDF5 superblock says " + eof + " (" + detail + ")", e);
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EOFException || t instanceof BufferUnderflowException) {
                return new ExtractionException(ErrorCode.TRUNCATED, where + ": a structure ends early (" + detail + ")",
                        e);
            }
        }
        return new ExtractionException(ErrorCode.CORRUPT, where + ": " + detail, e);
    }

    /**
     * Rethrows {@code e} when it ends the whole read rather than one item: a passed deadline (a TIMEOUT record) or
     * the store's failure (SOURCE_UNAVAILABLE, retried by the trigger), found by type under whatever jHDF wrapped
     * them in.
     * No reader's per-item handling may turn those into a warning about the file.
     */
    public static void rethrowIfReadEnded(Throwable e) {
        Deadline.rethrowIfExpired(e);
        if (SourceUnavailableException.causedBy(e)) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new java.io.UncheckedIOException(new IOException(e));
        }
    }

    /**
     * For a caller that must not carry on after a failure jHDF raised (detection): a refused read becomes the typed
     * error it stands for; a deadline or store failure ends the read as in {@link #rethrowIfReadEnded}.
     */
    public static void throwIfRefused(Throwable e) throws ExtractionException {
        rethrowIfReadEnded(e);
        RefusedReadException refused = RefusedReadException.in(e);
        if (refused != null) {
            throw new ExtractionException(refused.code(), "HDF5: " + refused.getMessage(), e);
        }
    }

    private static long declaredEndOrUnknown(ByteSource source) {
        try {
            return declaredEnd(source);
        } catch (IOException ignored) {
            return -1; // the superblock cannot be read again: nothing is claimed
        }
    }

    private static long sizeOrUnknown(ByteSource source) {
        try {
            return source.size();
        } catch (IOException ignored) {
            return Long.MAX_VALUE;
        }
    }

    /** HDF5 metadata is many small structures scattered over the file: read a little past each (measured). */
    public static final int READ_AHEAD = 4 * 1024;

    public static Hdf5Container open(ByteSource source) {
        return open(source, Hdf5Prefetch.ROOT);
    }

    /** As {@link #open(ByteSource)}, prefetching what {@code walk} will visit (the root's listing at least). */
    public static Hdf5Container open(ByteSource source, Hdf5Prefetch.Plan walk) {
        source.readAheadHint(READ_AHEAD);
        // jHDF turns the URI's path into a java.nio Path for naming only (no file is opened), so it needs one.
        URI uri = URI.create("file:///emmeta-source/" + Integer.toHexString(System.identityHashCode(source)));
        ErrorCode pastTheEnd = cut(source) ? ErrorCode.TRUNCATED : ErrorCode.CORRUPT;
        // the root group's listing and small root values, and what the readers will walk, level by level: every
        // sniffer starts at the root, and the readers' walks then find their levels in the cache
        Hdf5Prefetch.run(source, Hdf5Prefetch.union(Hdf5Prefetch.ROOT, walk));
        ByteSourceChannel channel = new ByteSourceChannel(source, pastTheEnd);
        return new Hdf5Container(new HdfFile(channel, uri), source);
    }

    /** True when the superblock declares more bytes than the object has: an upload cut short. */
    private static boolean cut(ByteSource source) {
        try {
            return declaredEnd(source) > source.size();
        } catch (IOException e) {
            return false; // jHDF's own first read will meet the same failure, and report it
        }
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
