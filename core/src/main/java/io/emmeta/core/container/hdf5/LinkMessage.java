package io.emmeta.core.container.hdf5;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A hard link of a new-style group (HDF5 spec, "Link Message", type 0x06): the child's name and the address of its
 * object header. Groups written with the 1.8 format keep their children as such messages in their own object header
 * (compact storage) instead of a symbol table, so the prefetch follows them to the next level.
 */
record LinkMessage(String name, long address) {

    private static final int VERSION = 1;
    private static final int HAS_CREATION_ORDER = 0x04;
    private static final int HAS_LINK_TYPE = 0x08;
    private static final int HAS_CHARSET = 0x10;
    private static final int HARD = 0;

    /**
     * The hard link in message body {@code m}, or null for a soft or external link (they name no header here) and
     * for anything that does not fit in the message: a name longer than what is left of it, an unknown version.
     */
    static LinkMessage hard(ByteBuffer m, int offsets) {
        if (m.limit() < 3 || (m.get(0) & 0xff) != VERSION) {
            return null;
        }
        int flags = m.get(1) & 0xff;
        int at = 2;
        int type = HARD;
        if ((flags & HAS_LINK_TYPE) != 0) {
            type = m.get(at) & 0xff;
            at++;
        }
        if ((flags & HAS_CREATION_ORDER) != 0) {
            at += 8;
        }
        if ((flags & HAS_CHARSET) != 0) {
            at++;
        }
        int lengthBytes = 1 << (flags & 0x03);
        if (type != HARD || at + lengthBytes > m.limit()) {
            return null;
        }
        long nameLength = unsigned(m, at, lengthBytes);
        at += lengthBytes;
        // the name is inside the message or the message is not what it claims: checked before any allocation
        if (nameLength <= 0 || nameLength > m.limit() - at - (long) offsets) {
            return null;
        }
        byte[] name = new byte[(int) nameLength];
        m.get(at, name);
        long address = unsigned(m, at + (int) nameLength, offsets);
        return new LinkMessage(new String(name, StandardCharsets.UTF_8), address);
    }

    /**
     * Bytes of the link message (of any link type) starting {@code m}, or -1 when it does not fit: where the next one
     * starts in a heap block that holds them one after another.
     */
    static int encodedLength(ByteBuffer m, int offsets) {
        if (m.limit() < 3 || (m.get(0) & 0xff) != VERSION) {
            return -1;
        }
        int flags = m.get(1) & 0xff;
        int at = 2;
        int type = HARD;
        if ((flags & HAS_LINK_TYPE) != 0) {
            type = m.get(at) & 0xff;
            at++;
        }
        at += ((flags & HAS_CREATION_ORDER) != 0 ? 8 : 0) + ((flags & HAS_CHARSET) != 0 ? 1 : 0);
        int lengthBytes = 1 << (flags & 0x03);
        if (at + lengthBytes > m.limit()) {
            return -1;
        }
        long nameLength = unsigned(m, at, lengthBytes);
        if (nameLength <= 0 || nameLength > m.limit()) {
            return -1;
        }
        long end = at + lengthBytes + nameLength;
        if (type == HARD) {
            end += offsets;
        } else {
            // soft, external and user-defined links: a 2-byte length, then that many bytes
            if (end + 2 > m.limit()) {
                return -1;
            }
            end += 2 + (m.getShort((int) end) & 0xffff);
        }
        return end <= m.limit() ? (int) end : -1;
    }

    /** A little-endian unsigned field of 1 to 8 bytes (an 8-byte field above 2^63 reads negative: no address). */
    static long unsigned(ByteBuffer b, int at, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (b.get(at + i) & 0xff);
        }
        return v;
    }
}
