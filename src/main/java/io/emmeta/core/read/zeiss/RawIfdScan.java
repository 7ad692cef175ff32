package io.emmeta.core.read.zeiss;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.source.ByteSource;

/**
 * Where the TIFF says its CZ_SEM payloads are, read from the raw IFD entries. Needed because Commons Imaging,
 * in its lenient mode, silently drops a field whose payload lies beyond the end of the object: a Zeiss file cut
 * inside its 34118 block would otherwise look like a TIFF without the tag, and a cut 34119 would simply vanish.
 * Costs nothing extra: the header and IFDs are in the blocks the TIFF parser already fetched.
 */
final class RawIfdScan {

    /** One tag as declared: payload at [offset, offset + length). */
    record Declared(int page, int tag, long offset, long length) {
        long end() {
            return offset + length;
        }
    }

    private static final int[] TYPE_SIZES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8};

    final long size;
    final List<Declared> declared = new ArrayList<>();
    /** IFDs the chain points to that lie (partly) outside the object, as "page N at offset X". */
    final List<String> cutIfds = new ArrayList<>();

    private RawIfdScan(long size) {
        this.size = size;
    }

    /**
     * @throws ExtractionException TRUNCATED when the object is too short for the TIFF header or the first IFD,
     *                             CORRUPT when the header is not a classic TIFF header
     */
    static RawIfdScan scan(ByteSource source, int maxPages, int... tags) throws IOException, ExtractionException {
        long size = source.size();
        RawIfdScan out = new RawIfdScan(size);
        if (size < 8) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "object is " + size + " bytes, shorter than a TIFF header");
        }
        byte[] h = source.readFully(0, 8);
        boolean le;
        if (h[0] == 'I' && h[1] == 'I' && h[2] == 42 && h[3] == 0) {
            le = true;
        } else if (h[0] == 'M' && h[1] == 'M' && h[2] == 0 && h[3] == 42) {
            le = false;
        } else {
            throw new ExtractionException(ErrorCode.CORRUPT, "not a classic TIFF header");
        }
        long ifd = u32(h, 4, le);
        Set<Long> seen = new HashSet<>();
        for (int page = 0; page < maxPages && ifd != 0; page++) {
            if (!seen.add(ifd)) {
                break; // a loop in the IFD chain: Commons Imaging stops there too
            }
            if (ifd + 2 > size) {
                if (page == 0) {
                    throw new ExtractionException(ErrorCode.TRUNCATED, "first IFD at offset " + ifd
                            + " lies beyond the end of the object (" + size + " bytes)");
                }
                out.cutIfds.add("page " + page + " at offset " + ifd);
                break;
            }
            int n = u16(source.readFully(ifd, 2), 0, le);
            long entriesEnd = ifd + 2 + 12L * n + 4;
            if (entriesEnd > size) {
                if (page == 0) {
                    throw new ExtractionException(ErrorCode.TRUNCATED, "first IFD (" + n + " entries at offset " + ifd
                            + ") runs past the end of the object (" + size + " bytes)");
                }
                out.cutIfds.add("page " + page + " at offset " + ifd);
                break;
            }
            byte[] e = source.readFully(ifd + 2, 12 * n + 4);
            for (int i = 0; i < n; i++) {
                int tag = u16(e, 12 * i, le);
                for (int want : tags) {
                    if (tag == want) {
                        int type = u16(e, 12 * i + 2, le);
                        long count = u32(e, 12 * i + 4, le);
                        long len = count * (type < TYPE_SIZES.length ? Math.max(1, TYPE_SIZES[type]) : 1);
                        long off = len <= 4 ? ifd + 2 + 12L * i + 8 : u32(e, 12 * i + 8, le);
                        out.declared.add(new Declared(page, tag, off, len));
                    }
                }
            }
            ifd = u32(e, 12 * n, le);
        }
        return out;
    }

    Declared find(int page, int tag) {
        for (Declared d : declared) {
            if (d.page == page && d.tag == tag) {
                return d;
            }
        }
        return null;
    }

    private static int u16(byte[] b, int o, boolean le) {
        return le ? (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 : (b[o] & 0xff) << 8 | (b[o + 1] & 0xff);
    }

    private static long u32(byte[] b, int o, boolean le) {
        long v = le ? (b[o] & 0xffL) | (b[o + 1] & 0xffL) << 8 | (b[o + 2] & 0xffL) << 16 | (b[o + 3] & 0xffL) << 24
                : (b[o] & 0xffL) << 24 | (b[o + 1] & 0xffL) << 16 | (b[o + 2] & 0xffL) << 8 | (b[o + 3] & 0xffL);
        return v;
    }
}
