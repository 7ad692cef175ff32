package io.emmeta.core.read.thermo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.source.ByteSource;

/**
 * Commons Imaging, read leniently, silently leaves out an IFD entry whose payload lies outside the file, so a cut
 * upload or an absurd count would just make the INI vanish. This looks at the raw entries of the first IFD (bytes
 * the container has already fetched, so it costs no request) and reports each wanted tag whose payload cannot be
 * read, with the reason.
 */
final class DroppedTags {

    private static final int MAX_ENTRIES = 4096;

    private DroppedTags() {
    }

    static List<Problem> check(ByteSource source, int... tags) {
        List<Problem> out = new ArrayList<>();
        try {
            long size = source.size();
            if (size < 8) {
                return out;
            }
            byte[] h = source.readFully(0, 8);
            boolean le = h[0] == 'I';
            if (!(le && h[1] == 'I' || !le && h[0] == 'M' && h[1] == 'M') || u16(h, 2, le) != 42) {
                return out; // BigTIFF or not TIFF: nothing this check knows how to read
            }
            long ifd = u32(h, 4, le);
            if (ifd + 2 > size) {
                return out;
            }
            int n = u16(source.readFully(ifd, 2), 0, le);
            if (n > MAX_ENTRIES || ifd + 2 + 12L * n > size) {
                return out;
            }
            byte[] e = source.readFully(ifd + 2, 12 * n);
            for (int i = 0; i < n; i++) {
                int at = 12 * i;
                int tag = u16(e, at, le);
                for (int wanted : tags) {
                    if (tag != wanted) {
                        continue;
                    }
                    long count = u32(e, at + 4, le);
                    long bytes = count * typeSize(u16(e, at + 2, le));
                    long offset = bytes <= 4 ? ifd + 2 + at + 8 : u32(e, at + 8, le);
                    if (offset + bytes > size) {
                        // Only entries outside the file are dropped by the container; others it reports itself.
                        out.add(new Problem(bytes > ThermoXtTiffReader.MAX_TAG_BYTES ? ErrorCode.TOO_LARGE
                                : ErrorCode.TRUNCATED, "tag " + tag + " declares " + bytes + " bytes at " + offset
                                + " but the object ends at " + size + "; not read"));
                    }
                }
            }
        } catch (IOException e) {
            // The container read these bytes a moment ago; if they are gone now the container's error stands.
        }
        return out;
    }

    private static int typeSize(int type) {
        return switch (type) {
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12 -> 8;
            default -> 1;
        };
    }

    private static int u16(byte[] b, int at, boolean le) {
        return le ? (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 : (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static long u32(byte[] b, int at, boolean le) {
        long v = 0;
        for (int k = 0; k < 4; k++) {
            int shift = le ? 8 * k : 8 * (3 - k);
            v |= (long) (b[at + k] & 0xff) << shift;
        }
        return v;
    }
}
