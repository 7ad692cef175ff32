package io.emmeta.core.container.hdf5;

import java.nio.ByteBuffer;

/**
 * The start of a version-2 object header (HDF5 spec, "Version 2 Object Header", signature {@code OHDR}): where its
 * first chunk of messages starts (after the optional times and attribute phase fields), how long it is, and whether
 * each message carries a creation order (two more bytes in every message's header).
 */
record HeaderPrefix(int messagesAt, long messagesLength, boolean creationOrder) {

    /** The longest prefix: signature, version, flags, four times, two attribute limits, an 8-byte chunk size. */
    static final int MAX_BYTES = 4 + 1 + 1 + 16 + 4 + 8;
    private static final int TRACKS_CREATION_ORDER = 0x04;
    private static final int HAS_ATTRIBUTE_PHASE = 0x10;
    private static final int HAS_TIMES = 0x20;

    static boolean isV2(ByteBuffer b) {
        return b.limit() >= 5 && b.get(0) == 'O' && b.get(1) == 'H' && b.get(2) == 'D' && b.get(3) == 'R'
                && b.get(4) == 2;
    }

    /** The prefix of the header starting {@code b}, or null when it is not a version-2 header or is cut short. */
    static HeaderPrefix of(ByteBuffer b) {
        if (!isV2(b) || b.limit() < 6) {
            return null;
        }
        int flags = b.get(5) & 0xff;
        int at = 6;
        if ((flags & HAS_TIMES) != 0) {
            at += 16;
        }
        if ((flags & HAS_ATTRIBUTE_PHASE) != 0) {
            at += 4;
        }
        int sizeBytes = 1 << (flags & 0x03);
        if (at + sizeBytes > b.limit()) {
            return null;
        }
        long length = LinkMessage.unsigned(b, at, sizeBytes);
        if (length < 0) {
            return null;
        }
        return new HeaderPrefix(at + sizeBytes, length, (flags & TRACKS_CREATION_ORDER) != 0);
    }

    /** Bytes of each message's own header in this object header: type, size, flags, and the creation order. */
    int messageHeaderBytes() {
        return creationOrder ? 6 : 4;
    }
}
