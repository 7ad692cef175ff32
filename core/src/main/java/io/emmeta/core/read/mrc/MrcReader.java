package io.emmeta.core.read.mrc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.ImageRef;
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

    public static final FormatSpec FORMAT = new FormatSpec("mrc", null, Technique.TEM,
            List.of(".mrc", ".mrcs", ".st", ".ali", ".rec"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /**
     * MRC2014 stamps 'MAP ' at byte 208; older writers do not, so without it only a header whose dimensions and mode
     * account for the object's size exactly is taken, and only as a probable claim.
     */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        byte[] h = probe.head();
        if (container != ContainerKind.BINARY) {
            return Optional.empty();
        }
        if (h.length >= 212 && Head.startsWith(h, 208, 'M', 'A', 'P', ' ')) {
            return Optional.of(Sniff.certain(FORMAT, "mrc", "MRC2014 'MAP ' at byte 208, mode " + Head.le32(h, 12)));
        }
        if (h.length >= 1024 && probe.size() >= 1024 && plausible(h, probe.size())) {
            return Optional.of(Sniff.probable(FORMAT, "mrc", "MRC header dimensions and mode " + Head.le32(h, 12)
                    + " consistent with the object size (no 'MAP ' stamp)"));
        }
        return Optional.empty();
    }

    private static boolean plausible(byte[] h, long size) {
        long nx = Head.le32(h, 0);
        long ny = Head.le32(h, 4);
        long nz = Head.le32(h, 8);
        long mode = Head.le32(h, 12);
        long next = Head.le32(h, 92);
        int bytesPer = switch ((int) mode) {
            case 0 -> 1;
            case 1, 6 -> 2;
            case 2, 3 -> 4;
            case 4 -> 8;
            case 12 -> 2;
            default -> -1;
        };
        if (bytesPer < 0 || nx <= 0 || ny <= 0 || nz <= 0 || next < 0 || nx > 1 << 20 || ny > 1 << 20) {
            return false;
        }
        return 1024 + next + nx * ny * nz * bytesPer == size;
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
        return ReadResult.of(t, warnings).withImage(firstSection(nx, ny, mode, nsymbt, b.order()));
    }

    /**
     * Where the first section lies: right after the header and its extended header. Null for a mode the preview does
     * not show (complex, 4-bit, half floats) or an extended header that runs off the end.
     */
    private static ImageRef firstSection(int nx, int ny, int mode, int nsymbt, ByteOrder order) {
        ImageRef.SampleType type = switch (mode) {
            case 0 -> ImageRef.SampleType.I8; // signed by MRC2014; old writers' unsigned bytes show inverted halves
            case 1 -> ImageRef.SampleType.I16;
            case 2 -> ImageRef.SampleType.F32;
            case 6 -> ImageRef.SampleType.U16;
            default -> null;
        };
        if (type == null || nsymbt < 0) {
            return null;
        }
        return ImageRef.raw(1024L + nsymbt, nx, ny, type, order == ByteOrder.BIG_ENDIAN);
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
