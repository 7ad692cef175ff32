package io.emmeta.core.read.eds;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;

/**
 * EDAX/AMETEK Genesis and TEAM spectra ({@code .spc}): a fixed little-endian header of 3840 bytes before the 4096
 * channel counts (located for the plotted preview, not read here), with the long file name behind them in version
 * ≥ 0.7. The header holds the
 * acquisition date, beam energy, energy calibration, live time, stage tilt, detector geometry and resolution, and
 * the identified elements; each goes into the tree with the unit the format defines.
 */
public final class EdaxSpcReader implements Reader {

    static final int HEADER = 3840;
    /** version ≥ 0.7 writes 256 + 256 bytes of long names after the 4096 four-byte counts. */
    static final int LONG_NAMES = HEADER + 4096 * 4;

    public static final FormatSpec FORMAT = new FormatSpec("edax/spc", "EDAX", Technique.OTHER, List.of(".spc"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** The format has no magic, so the claim is only probable (see {@link #looksLikeSpc}). */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        byte[] h = probe.head();
        if (container != ContainerKind.BINARY || !looksLikeSpc(h, probe.size())) {
            return Optional.empty();
        }
        return Optional.of(Sniff.probable(FORMAT, "edax-spc", "EDAX .spc header: version " + String.format(
                java.util.Locale.ROOT, "%.2f", ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getFloat(0))
                + ", data at byte 3840, channel count and file size consistent"));
    }

    /**
     * The header's own consistency, since the format has no magic: a version float between 0.5 and 1, the data
     * starting at byte 3840, a channel count up to 4096 and a declared file size within the object.
     */
    public static boolean looksLikeSpc(byte[] head, long size) {
        if (head.length < 64 || size < HEADER) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        float version = b.getFloat(0);
        int fileSize = b.getInt(24);
        int dataStart = b.getInt(28);
        int points = b.getShort(32);
        return version >= 0.5f && version < 1.0f && dataStart == HEADER && points > 0 && points <= 4096
                && fileSize >= HEADER && fileSize <= size;
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        if (probe.size() < HEADER) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "EDAX .spc header needs " + HEADER + " bytes, object has "
                    + probe.size());
        }
        ByteBuffer b = ByteBuffer.wrap(probe.source().readFully(0, HEADER)).order(ByteOrder.LITTLE_ENDIAN);
        List<Problem> warnings = new ArrayList<>();
        MetadataTree t = new MetadataTree();
        double version = f(b, 0);
        t.put("fVersion", Value.number(version, null)).put("aVersion", Value.number(f(b, 4), null));
        try {
            LocalDateTime at = LocalDateTime.of(b.getShort(16), b.get(19), b.get(18), b.get(21), b.get(20), b.get(23));
            t.put("collected", Value.localDateTime(at, "EDS computer"));
        } catch (DateTimeException e) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "collection date fields do not form a date: " + e.getMessage()));
        }
        t.put("fileSize", new Value((long) b.getInt(24), "bytes", null));
        t.put("numPts", Value.integer(b.getShort(32)));
        t.put("intersectingDist", Value.integer(b.getShort(34)));
        t.put("workingDist", new Value((long) b.getShort(36), null, "raw, unit not documented"));
        putText(t, "spectrumLabel", b, 64, 256);
        t.put("evPerChan", new Value((long) b.getInt(384), "eV", "energy per channel"));
        t.put("preset", Value.number(f(b, 392), null));
        t.put("current", Value.number(f(b, 408), null));
        t.put("startEnergy", Value.number(f(b, 448), "keV"));
        t.put("endEnergy", Value.number(f(b, 452), "keV"));
        t.put("liveTime", Value.number(f(b, 456), "s"));
        t.put("tilt", Value.number(f(b, 460), "degree"));
        t.put("takeoff", Value.number(f(b, 464), "degree"));
        t.put("detReso", new Value(f(b, 472), "eV", "detector resolution at Mn Kα"));
        t.put("detectType", Value.integer(b.getInt(476) & 0xFFFFFFFFL));
        t.put("azimuth", Value.number(f(b, 508), "degree"));
        t.put("elevation", Value.number(f(b, 512), "degree"));
        double kv = f(b, 532);
        t.put("kV", new Value(kv, "kV", "beam energy"));
        if (kv > 0 && Double.isFinite(kv)) {
            // 0 kV is EDAX's "not recorded": only a real beam energy reaches the document
            t.section("derived").put("beamEnergy", Value.number(kv, "kV"));
        }
        t.put("xTilt", Value.number(f(b, 540), "degree"));
        t.put("yTilt", Value.number(f(b, 544), "degree"));
        int elements = b.getShort(638);
        if (elements < 0 || elements > 48) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "numElem " + elements + " outside 0..48"));
        } else {
            t.put("numElem", Value.integer(elements));
            MetadataTree z = t.section("elements");
            for (int i = 0; i < elements; i++) {
                z.put(Integer.toString(i), new Value((long) (b.getShort(640 + 2 * i) & 0xFFFF), null, "atomic number"));
            }
        }
        putText(t, "userID", b, 1825, 80);
        if (version >= 0.7 && probe.size() >= LONG_NAMES + 512) {
            byte[] names = probe.source().readFully(LONG_NAMES, 512);
            putText(t, "longFileName", ByteBuffer.wrap(names), 0, 256);
            putText(t, "longImageFileName", ByteBuffer.wrap(names), 256, 256);
        }
        // EDAX writes .spc on SEMs and TEMs alike: the beam energy tells which schema (as for Bruker and JEOL);
        // without one the spectrum is taken as an SEM's, where EDAX's .spc files mostly come from
        // the counts: numPts 32-bit integers from byte 3840, channel 0 at 0 eV (startEnergy is the display range's
        // start, not a calibration; the EMSA file TEAM converts from the same .spc says OFFSET 0.0); not read here,
        // the plotted preview reads them within its budget, and a count that lies outside the object is its warning
        int points = b.getShort(32);
        long perChannel = b.getInt(384);
        SpectrumRef spectrum = points > 0 ? SpectrumRef.at(SpectrumRef.Encoding.I32_LE, HEADER, points * 4L, points,
                0, perChannel, "eV") : null;
        return ReadResult.of(t, warnings).withVariant(kv > 30 && Double.isFinite(kv) ? "TEM" : "SEM")
                .withSpectrum(spectrum);
    }

    private static void putText(MetadataTree t, String key, ByteBuffer b, int at, int len) {
        byte[] raw = new byte[len];
        b.get(at, raw);
        int n = 0;
        while (n < len && raw[n] != 0) {
            n++;
        }
        String s = new String(raw, 0, n, StandardCharsets.ISO_8859_1).strip();
        if (!s.isEmpty()) {
            t.put(key, Value.text(s));
        }
    }

    private static double f(ByteBuffer b, int at) {
        return Value.float32(b.getFloat(at));
    }
}
