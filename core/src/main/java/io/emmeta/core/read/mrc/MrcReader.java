package io.emmeta.core.read.mrc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.Detection;
import io.emmeta.core.detect.Format;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;

/**
 * MRC / MRC2014: the 1024-byte header only (one ranged read) — dimensions, mode, cell lengths in Å and the pixel
 * size they give (Xlen/MX), the extended header's type and size (FEI1/FEI2/SERI/…; its per-frame blocks are not
 * decoded yet, said in a warning), and the text labels. The data block is never read.
 */
public final class MrcReader implements Reader {

    @Override
    public Set<Format> formats() {
        return Set.of(Format.MRC);
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        long size = probe.size();
        if (size < 1024) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "MRC header needs 1024 bytes, object has " + size);
        }
        byte[] h = probe.source().readFully(0, 1024);
        ByteBuffer b = ByteBuffer.wrap(h).order(byteOrder(h));
        List<Problem> warnings = new ArrayList<>();
        MetadataTree t = new MetadataTree();
        MetadataTree hd = t.section("header");
        int nx = b.getInt(0), ny = b.getInt(4), nz = b.getInt(8), mode = b.getInt(12);
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new ExtractionException(ErrorCode.CORRUPT, "MRC dimensions " + nx + " x " + ny + " x " + nz);
        }
        hd.put("NX", Value.integer(nx)).put("NY", Value.integer(ny)).put("NZ", Value.integer(nz));
        hd.put("MODE", Value.integer(mode));
        int mx = b.getInt(28), my = b.getInt(32), mz = b.getInt(36);
        hd.put("MX", Value.integer(mx)).put("MY", Value.integer(my)).put("MZ", Value.integer(mz));
        float xlen = b.getFloat(40), ylen = b.getFloat(44), zlen = b.getFloat(48);
        hd.put("Xlen", Value.number(xlen, "Å")).put("Ylen", Value.number(ylen, "Å")).put("Zlen", Value.number(zlen, "Å"));
        hd.put("DMIN", Value.number(b.getFloat(76), null)).put("DMAX", Value.number(b.getFloat(80), null))
                .put("DMEAN", Value.number(b.getFloat(84), null));
        int nsymbt = b.getInt(92);
        hd.put("NSYMBT", new Value((long) nsymbt, "bytes", "extended header size"));
        String ext = ascii(h, 104, 4);
        if (!ext.isBlank()) {
            hd.put("EXTTYPE", Value.text(ext));
        }
        hd.put("NVERSION", Value.integer(b.getInt(108)));
        int nlabl = Math.max(0, Math.min(10, b.getInt(220)));
        for (int i = 0; i < nlabl; i++) {
            String label = ascii(h, 224 + 80 * i, 80).strip();
            if (!label.isEmpty()) {
                t.section("labels").put(Integer.toString(i), Value.text(label));
            }
        }
        MetadataTree d = t.section("derived");
        if (mx > 0 && xlen > 0) {
            d.put("pixelSizeX", Value.number((double) xlen / mx, "Å"));
        }
        if (my > 0 && ylen > 0) {
            d.put("pixelSizeY", Value.number((double) ylen / my, "Å"));
        }
        if (nsymbt < 0 || 1024L + nsymbt > size) {
            warnings.add(new Problem(ErrorCode.TRUNCATED, "extended header of " + nsymbt + " bytes runs past the end"));
        } else if (nsymbt > 0) {
            warnings.add(new Problem(ErrorCode.UNSUPPORTED_FORMAT, "extended header " + (ext.isBlank() ? "" : ext + " ")
                    + "(" + nsymbt + " bytes) kept unread: its per-frame blocks are not decoded yet"));
        }
        return ReadResult.of(t, warnings);
    }

    /** MACHST at 212: 0x44 0x44 little-endian, 0x11 0x11 big-endian; most writers leave little-endian. */
    private static ByteOrder byteOrder(byte[] h) {
        return (h[212] & 0xff) == 0x11 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    private static String ascii(byte[] h, int at, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = at; i < at + len; i++) {
            int c = h[i] & 0xff;
            if (c == 0) {
                break;
            }
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : ' ');
        }
        return sb.toString();
    }
}
