package io.emmeta.core.read.nanomegas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
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
 * NanoMegas ASTAR blockfile ({@code .blo}): a 240-byte little-endian header ({@code IMGBLO}, a 0x0102 signature, the
 * offsets of the virtual bright-field image and of the diffraction patterns, pattern size, scan size and step, beam
 * energy, camera length, an OLE acquisition date, centring and distortion coefficients), then a free-text note padded
 * with NULs up to the first data offset. Only the header and the note are read; where the preview's image lies (the
 * virtual image, or the first pattern) is handed on to it.
 *
 * <p>The format is undocumented by the vendor; the field layout and scales (scan rotation in 1/100 degree, camera
 * length in 1/10 mm, beam energy in V, scan step in nm) are those HyperSpy's blockfile reader reads and writes, and
 * agree with the corpus file (200 kV, 200 mm, 12.8 nm steps). The raw integers stay in {@code header}; {@code derived}
 * holds the values in their physical units.
 */
public final class BlockfileReader implements Reader {

    public static final FormatSpec FORMAT = new FormatSpec("nanomegas/blockfile", "NanoMegas", Technique.TEM,
            List.of(".blo"));

    static final int HEADER_BYTES = 240;
    /** The signature every known writer puts after "IMGBLO" (HyperSpy's only accepted magic). */
    static final int KNOWN_MAGIC = 0x0102;
    /** The note between the header and the first image; every observed file ends it at 0x1000. Never read more. */
    static final int MAX_NOTE = 64 << 10;
    /** Each diffraction pattern is preceded by 6 bytes (0xAA55 and a frame number). */
    static final int FRAME_PREFIX = 6;
    /**
     * A virtual image with a long side shorter than this is too small to be a picture (the corpus file scans 2 × 3
     * positions): the preview shows the first pattern instead.
     */
    static final int MIN_NAVIGATOR = 32;
    private static final LocalDateTime OLE_EPOCH = LocalDateTime.of(1899, 12, 30, 0, 0);

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.BINARY || !Head.startsWith(probe.head(), 0, 'I', 'M', 'G', 'B', 'L', 'O')) {
            return Optional.empty();
        }
        return Optional.of(Sniff.certain(FORMAT, "blockfile", "'IMGBLO' at byte 0 (NanoMegas blockfile header)"));
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        byte[] head = probe.head();
        if (!Head.startsWith(head, 0, 'I', 'M', 'G', 'B', 'L', 'O')) {
            throw new ExtractionException(ErrorCode.CORRUPT, "no 'IMGBLO' signature: not a NanoMegas blockfile");
        }
        if (head.length < HEADER_BYTES) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "blockfile header needs " + HEADER_BYTES
                    + " bytes; the object has " + head.length);
        }
        List<Problem> warnings = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(head, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        MetadataTree root = new MetadataTree();
        MetadataTree h = root.section("header");
        int magic = u16(b, 6);
        h.put("MAGIC", Value.integer(magic));
        if (magic != KNOWN_MAGIC) {
            warnings.add(new Problem(ErrorCode.CORRUPT, String.format("blockfile signature 0x%04x, not 0x%04x: "
                    + "fields read with the known layout", magic, KNOWN_MAGIC)));
        }
        long vbfAt = u32(b, 8);
        long dpAt = u32(b, 12);
        h.put("Data_offset_1", Value.integer(vbfAt));
        h.put("Data_offset_2", Value.integer(dpAt));
        h.put("UNKNOWN1", Value.integer(u32(b, 16)));
        int dpSize = u16(b, 20);
        h.put("DP_SZ", Value.integer(dpSize));
        h.put("DP_rotation", Value.integer(u16(b, 22)));
        int nx = u16(b, 24);
        int ny = u16(b, 26);
        h.put("NX", Value.integer(nx));
        h.put("NY", Value.integer(ny));
        int scanRotation = u16(b, 28);
        h.put("Scan_rotation", new Value((long) scanRotation, null, "1/100 degree"));
        double sx = b.getDouble(30);
        double sy = b.getDouble(38);
        h.put("SX", Value.number(sx, "nm"));
        h.put("SY", Value.number(sy, "nm"));
        long beamEnergy = u32(b, 46);
        h.put("Beam_energy", new Value(beamEnergy, "V", null));
        h.put("SDP", new Value((long) u16(b, 50), null, "100 × pixels per cm"));
        long cameraLength = u32(b, 52);
        h.put("Camera_length", new Value(cameraLength, null, "1/10 mm"));
        double oleDays = b.getDouble(56);
        h.put("Acquisition_time", new Value(oleDays, null, "OLE automation date (days since 1899-12-30)"));
        MetadataTree centering = h.section("Centering");
        for (int i = 0; i < 8; i++) {
            centering.put("N" + i, Value.number(b.getDouble(64 + 8 * i), null));
        }
        MetadataTree distortion = h.section("Distortion");
        for (int i = 0; i < 14; i++) {
            distortion.put(String.format("N%02d", i), Value.number(b.getDouble(128 + 8 * i), null));
        }
        note(probe, head, vbfAt, root, warnings);
        checkExtent(probe.size(), vbfAt, dpAt, nx, ny, dpSize, warnings);
        derive(root.section("derived"), beamEnergy, cameraLength, scanRotation, nx, ny, sx, sy, oleDays, warnings);
        ImageRef image = image(vbfAt, dpAt, nx, ny, dpSize, warnings); // before the result copies the warnings
        return ReadResult.of(root, warnings).withImage(image);
    }

    /**
     * What the preview shows: the virtual bright-field image (one unsigned byte a scan position, NX per row, at the
     * first data offset) when the scan is large enough for a picture; else (a scan of a few positions, like the
     * corpus file's 2 × 3) the first diffraction pattern (DP_SZ × DP_SZ bytes after its 6-byte prefix at the second
     * offset), on a log scale. A header whose offsets cannot hold either gives a typed preview warning; reads past a
     * cut object are the preview's to refuse.
     */
    static ImageRef image(long vbfAt, long dpAt, int nx, int ny, int dpSize, List<Problem> warnings) {
        long frames = (long) nx * ny;
        if (Math.max(nx, ny) >= MIN_NAVIGATOR && Math.min(nx, ny) > 0 && vbfAt >= HEADER_BYTES
                && vbfAt + frames <= dpAt) {
            return ImageRef.raw(vbfAt, nx, ny, ImageRef.SampleType.U8, false);
        }
        if (dpSize > 0 && dpAt >= HEADER_BYTES && (frames == 0 || dpAt >= vbfAt + frames)) {
            return ImageRef.raw(dpAt + FRAME_PREFIX, dpSize, dpSize, ImageRef.SampleType.U8, false).asDiffraction();
        }
        warnings.add(new Problem(ErrorCode.CORRUPT, "preview: neither the virtual image (" + nx + " × " + ny
                + " at " + vbfAt + ") nor a " + dpSize + " × " + dpSize + " pattern at " + dpAt
                + " fits the header's layout"));
        return null;
    }

    /**
     * The free text between the header and the first image ("Precession angle : ..." lines); each "key : value" line
     * with a value becomes a key of {@code note}, the whole text stays in {@code note/text}.
     */
    private static void note(Probe probe, byte[] head, long end, MetadataTree root, List<Problem> warnings)
            throws IOException {
        if (end < HEADER_BYTES) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "first data offset " + end + " lies inside the header"));
            return;
        }
        long stop = Math.min(end, probe.size());
        if (stop - HEADER_BYTES > MAX_NOTE) {
            warnings.add(new Problem(ErrorCode.TOO_LARGE, "note of " + (stop - HEADER_BYTES) + " bytes: first "
                    + MAX_NOTE + " read"));
            stop = HEADER_BYTES + MAX_NOTE;
        }
        byte[] raw = stop <= head.length ? java.util.Arrays.copyOfRange(head, HEADER_BYTES, (int) stop)
                : probe.source().readFully(HEADER_BYTES, (int) (stop - HEADER_BYTES));
        int len = raw.length;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) { // NUL padding ends the text
                len = i;
                break;
            }
        }
        // the writer's encoding is not recorded; Latin-1 keeps every byte (HyperSpy decodes it the same way)
        String text = new String(raw, 0, len, StandardCharsets.ISO_8859_1).strip();
        if (text.isEmpty()) {
            return;
        }
        MetadataTree note = root.section("note");
        note.put("text", Value.text(text));
        for (String line : text.split("\r?\n|\r")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (!key.isEmpty() && !value.isEmpty()) { // "Precession angle : " (empty) stays absent
                note.put(key, Value.text(value));
            }
        }
    }

    /** Whether the object is as long as its header says: the patterns missing from a cut upload are a warning. */
    private static void checkExtent(long size, long vbfAt, long dpAt, int nx, int ny, int dpSize,
            List<Problem> warnings) {
        long frames = (long) nx * ny;
        long expected = dpAt + frames * ((long) dpSize * dpSize + FRAME_PREFIX);
        if (dpAt < vbfAt + frames) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "pattern offset " + dpAt + " overlaps the virtual image at "
                    + vbfAt + " (" + frames + " bytes)"));
        } else if (size < expected) {
            warnings.add(new Problem(ErrorCode.TRUNCATED, "header declares " + nx + "x" + ny + " patterns of "
                    + dpSize + "x" + dpSize + " ending at byte " + expected + "; the object has " + size));
        }
    }

    private static void derive(MetadataTree d, long beamEnergy, long cameraLength, int scanRotation, int nx, int ny,
            double sx, double sy, double oleDays, List<Problem> warnings) {
        if (beamEnergy > 0) { // 0: not recorded
            d.put("accelerationVoltage", Value.number(beamEnergy, "V"));
        }
        if (cameraLength > 0) {
            d.put("cameraLength", Value.number(cameraLength / 10.0, "mm"));
        }
        d.put("scanRotation", Value.number(scanRotation / 100.0, "degree"));
        if (nx > 0 && ny > 0) {
            d.put("scanWidth", Value.integer(nx));
            d.put("scanHeight", Value.integer(ny));
            // the field of view is the scan's extent: pixels × step (the step is the distance between positions)
            if (Double.isFinite(sx) && sx > 0) {
                d.put("xFieldOfView", Value.number(nx * sx, "nm"));
            }
            if (Double.isFinite(sy) && sy > 0) {
                d.put("yFieldOfView", Value.number(ny * sy, "nm"));
            }
        }
        LocalDateTime t = oleDate(oleDays);
        if (t != null) {
            d.put("startTime", Value.localDateTime(t, "acquisition computer"));
        } else if (oleDays != 0) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "acquisition time: OLE date " + oleDays + " out of range"));
        }
    }

    /**
     * OLE days → local date-time to the millisecond (the record shows it to the second, truncated as a clock reads);
     * null outside 1900-01-01 .. 9999-12-31 (0 = not recorded).
     */
    static LocalDateTime oleDate(double days) {
        if (!Double.isFinite(days) || days < 1 || days > 2_958_465) {
            return null;
        }
        return OLE_EPOCH.plus(Math.round(days * 86_400_000d), ChronoUnit.MILLIS);
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xffff;
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffffffffL;
    }
}
