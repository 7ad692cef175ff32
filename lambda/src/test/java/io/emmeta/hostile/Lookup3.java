package io.emmeta.hostile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The checksum HDF5 puts after its version-2 metadata (Bob Jenkins' lookup3 "hashlittle", initial value 0, as the
 * spec's "Checksum" fields name it), so that a test can break a structure and seal it again: a reader that checks the
 * checksum then meets the broken field itself instead of refusing the block at its checksum.
 */
final class Lookup3 {

    private Lookup3() {
    }

    static int of(byte[] k, int off, int length) {
        int a = 0xdeadbeef + length;
        int b = a;
        int c = a;
        int i = off;
        int left = length;
        while (left > 12) {
            a += le32(k, i, 4);
            b += le32(k, i + 4, 4);
            c += le32(k, i + 8, 4);
            a -= c;
            a ^= Integer.rotateLeft(c, 4);
            c += b;
            b -= a;
            b ^= Integer.rotateLeft(a, 6);
            a += c;
            c -= b;
            c ^= Integer.rotateLeft(b, 8);
            b += a;
            a -= c;
            a ^= Integer.rotateLeft(c, 16);
            c += b;
            b -= a;
            b ^= Integer.rotateLeft(a, 19);
            a += c;
            c -= b;
            c ^= Integer.rotateLeft(b, 4);
            b += a;
            left -= 12;
            i += 12;
        }
        if (left == 0) {
            return c;
        }
        // the last 1-12 bytes, zero-padded
        a += le32(k, i, Math.min(4, left));
        b += left > 4 ? le32(k, i + 4, Math.min(4, left - 4)) : 0;
        c += left > 8 ? le32(k, i + 8, left - 8) : 0;
        c ^= b;
        c -= Integer.rotateLeft(b, 14);
        a ^= c;
        a -= Integer.rotateLeft(c, 11);
        b ^= a;
        b -= Integer.rotateLeft(a, 25);
        c ^= b;
        c -= Integer.rotateLeft(b, 16);
        a ^= c;
        a -= Integer.rotateLeft(c, 4);
        b ^= a;
        b -= Integer.rotateLeft(a, 14);
        c ^= b;
        c -= Integer.rotateLeft(b, 24);
        return c;
    }

    /** Up to 4 bytes at {@code at}, little-endian. */
    private static int le32(byte[] k, int at, int bytes) {
        int v = 0;
        for (int j = bytes - 1; j >= 0; j--) {
            v = (v << 8) | (k[at + j] & 0xff);
        }
        return v;
    }

    /** Writes the checksum of {@code [at, at + length)} right after it. */
    static void seal(byte[] b, int at, int length) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at + length, of(b, at, length));
    }
}
