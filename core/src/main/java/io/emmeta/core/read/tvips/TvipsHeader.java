package io.emmeta.core.read.tvips;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.source.ByteSource;

/**
 * TVIPS EM-MENU camera TIFFs: tag 37706 holds the file offset of the TemData header, version 1 (244 bytes of
 * int32 fields behind an 80-byte comment) optionally followed by version 2 (6068 bytes: UTF-16 names, float
 * microscope and camera fields, closed by the magic 0xAAAAAAAA). The version-2 block carries the high tension (V),
 * magnification, pixel size (nm), stage position, camera, binning and exposure (ms); date is packed as
 * year·65536 + month·256 + day and time as seconds of the day (local).
 */
public final class TvipsHeader {

    static final int V1 = 244;
    static final int V2 = 6068;
    static final long MAGIC = 0xAAAAAAAAL;

    private TvipsHeader() {
    }

    /** Decodes the header at {@code offset} into {@code into}; problems go to {@code warnings}. */
    public static void read(ByteSource source, long offset, MetadataTree into, List<Problem> warnings)
            throws IOException {
        long size = source.size();
        if (offset < 8 || offset + V1 > size) {
            warnings.add(new Problem(ErrorCode.TRUNCATED, "TVIPS header at " + offset + " lies outside the object ("
                    + size + " bytes)"));
            return;
        }
        boolean v2 = offset + V1 + V2 <= size;
        ByteBuffer b = ByteBuffer.wrap(source.readFully(offset, v2 ? V1 + V2 : V1)).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(0);
        into.put("Version", Value.integer(version));
        into.put("HighTensionV1", Value.integer(b.getInt(84)));
        into.put("MagnificationV1", Value.integer(b.getInt(96)));
        if (version != 2) {
            return;
        }
        if (!v2) {
            warnings.add(new Problem(ErrorCode.TRUNCATED, "TVIPS version-2 header cut by the end of the object"));
            return;
        }
        if ((b.getInt(V1 + 6064) & 0xFFFFFFFFL) != MAGIC) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "TVIPS version-2 header without its 0xAAAAAAAA magic"));
            return;
        }
        int o = V1;
        text(into, "ImageName", b, o, 160);
        text(into, "ImageFolder", b, o + 160, 160);
        into.put("ImageSizeX", Value.integer(b.getInt(o + 320))).put("ImageSizeY", Value.integer(b.getInt(o + 324)));
        int date = b.getInt(o + 340);
        int time = b.getInt(o + 344);
        try {
            LocalDate d = LocalDate.of(date >>> 16, (date >> 8) & 0xFF, date & 0xFF);
            into.put("acquired", Value.localDateTime(d.atTime(LocalTime.ofSecondOfDay(time)), "camera PC"));
        } catch (DateTimeException e) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "TVIPS date " + date + " / time " + time + ": " + e.getMessage()));
        }
        text(into, "Comment", b, o + 348, 1024);
        into.put("PixelSizeX", Value.number(f(b, o + 2724), "nm")).put("PixelSizeY", Value.number(f(b, o + 2728), "nm"));
        text(into, "TemType", b, o + 2868, 160);
        into.put("TemHighTension", Value.number(f(b, o + 3028), "V"));
        into.put("TemMode", Value.integer(b.getInt(o + 3288)));
        into.put("TemMagnification", Value.number(f(b, o + 3292), null));
        into.put("TemMagnificationCorrection", Value.number(f(b, o + 3296), null));
        into.put("PostMagnification", Value.number(f(b, o + 3300), null));
        MetadataTree stage = into.section("TemStagePosition");
        stage.put("x", Value.number(f(b, o + 3308), "m")).put("y", Value.number(f(b, o + 3312), "m"))
                .put("z", Value.number(f(b, o + 3316), "m"))
                .put("a", new Value(f(b, o + 3320), null, "tilt α, unit not documented"))
                .put("b", new Value(f(b, o + 3324), null, "tilt β, unit not documented"));
        into.put("SpotSize", Value.number(f(b, o + 3380), null));
        text(into, "CameraType", b, o + 3524, 160);
        into.put("PhysicalPixelSizeX", Value.number(f(b, o + 3684), "nm"))
                .put("PhysicalPixelSizeY", Value.number(f(b, o + 3688), "nm"));
        into.put("BinningX", Value.integer(b.getInt(o + 3700))).put("BinningY", Value.integer(b.getInt(o + 3704)));
        into.put("ExposureTime", Value.number(f(b, o + 3708), "ms"));
        into.put("Gain", Value.number(f(b, o + 3712), null));
        text(into, "FeiMicroscopeInformation", b, o + 4016, 1024);
        text(into, "FeiSpecimenInformation", b, o + 5040, 1024);
    }

    private static void text(MetadataTree t, String key, ByteBuffer b, int at, int len) {
        byte[] raw = new byte[len];
        b.get(at, raw);
        String s = new String(raw, StandardCharsets.UTF_16LE);
        int nul = s.indexOf('\0');
        s = (nul < 0 ? s : s.substring(0, nul)).strip();
        if (!s.isEmpty()) {
            t.put(key, Value.text(s));
        }
    }

    private static double f(ByteBuffer b, int at) {
        return Value.float32(b.getFloat(at));
    }
}
