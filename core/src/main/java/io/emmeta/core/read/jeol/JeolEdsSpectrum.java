package io.emmeta.core.read.jeol;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import io.emmeta.core.container.Probe;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;

/**
 * The JEOL Analysis Station spectrum ({@code .eds}): unlike the other kinds, no tagged tree but fixed binary records.
 * A 458-byte header (OLE creation date, spectrum and user names, live/real time, the energy calibration, the channel
 * count), the counts ({@code int32} per channel, never read), then a footer of variable-length records: excluded
 * elements, the selected elements with their lines, the quantification rows, and a parameter block (detector, SEM/TEM
 * name, kV, probe current, working distance, angles). The footer is read with one ranged read and walked with
 * bounds; a footer that does not parse costs a warning, the header's values stay.
 */
final class JeolEdsSpectrum {

    /** The footer is a few kilobytes (2.7 KB in the corpus file); a bigger one is not read past this. */
    static final int MAX_FOOTER = 256 * 1024;
    static final int MAX_CHANNELS = 1 << 20;
    static final int MAX_RECORDS = 1024;

    private JeolEdsSpectrum() {
    }

    /** Leading int32 2, an OLE date in range at 10, a channel count at 454 whose counts end inside the object. */
    static boolean looksLikeEds(byte[] head, long size) {
        if (head.length < JeolAnalysisStationReader.EDS_DATA_AT) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        double days = b.getDouble(10);
        int channels = b.getInt(JeolAnalysisStationReader.EDS_CHANNELS_AT);
        return b.getInt(0) == 2 && Double.isFinite(days) && days > 1 && days < 2_958_465 && channels > 0
                && channels <= MAX_CHANNELS
                && JeolAnalysisStationReader.EDS_DATA_AT + 4L * channels <= size;
    }

    static void read(Probe probe, byte[] head, MetadataTree root, List<Problem> warnings)
            throws IOException, ExtractionException {
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        MetadataTree file = root.section("file");
        file.put("kind", Value.text("spectrum"));
        JeolAnalysisStationReader.putOleDate(file, "created", b.getDouble(10), warnings);
        MetadataTree h = root.section("EDS Header");
        putText(h, "SpectrumName", head, 18, 80);
        putText(h, "UserName", head, 98, 32);
        h.put("LiveTime", Value.number(b.getDouble(258), "s"));
        h.put("RealTime", Value.number(b.getDouble(266), "s"));
        h.put("DeadTime", Value.number(b.getDouble(274), null));
        h.put("CoefA", Value.number(b.getDouble(362), "keV"));
        h.put("CoefB", Value.number(b.getDouble(370), "keV"));
        putText(h, "State", head, 378, 32);
        putText(h, "Tpl", head, 422, 32);
        int channels = b.getInt(JeolAnalysisStationReader.EDS_CHANNELS_AT);
        h.put("NumCH", Value.integer(channels));
        long footerAt = JeolAnalysisStationReader.EDS_DATA_AT + 4L * channels;
        long size = probe.size();
        int length = (int) Math.min(MAX_FOOTER, size - footerAt);
        if (length <= 0) {
            warnings.add(new Problem(ErrorCode.TRUNCATED, "the .eds spectrum ends with its counts: no footer"
                    + " (elements, instrument parameters)"));
            return;
        }
        byte[] footer = probe.source().readFully(footerAt, length);
        try {
            footer(ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN), root.section("EDS Footer"));
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            // a relative read past the end, or a skip past it (Buffer.position refuses with IllegalArgumentException)
            warnings.add(new Problem(ErrorCode.TRUNCATED, "the .eds footer ends inside a record (at byte "
                    + footerAt + " + " + length + "); what came before is kept"));
        } catch (IllegalStateException e) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "the .eds footer: " + e.getMessage()
                    + "; what came before is kept"));
        }
    }

    /** The footer's records in the order the software writes them; relative reads, so an overrun throws. */
    private static void footer(ByteBuffer f, MetadataTree t) {
        f.getInt();
        int excluded = count(f.getInt(), "excluded elements");
        f.position(f.position() + 2 * excluded);
        t.put("ExcludedElementCount", Value.integer(excluded));
        int elements = count(f.getInt(), "selected elements");
        MetadataTree selected = t.section("SelectedElements");
        for (int i = 0; i < elements; i++) {
            f.getInt();
            int z = Short.toUnsignedInt(f.getShort());
            f.getInt();
            f.getInt();
            f.getShort(); // ROI lower and upper channel
            f.getShort();
            f.position(f.position() + 14);
            double energy = f.getDouble();
            f.position(f.position() + 24);
            String name = fixed(f, 32);
            f.getInt();
            int lines = count(f.getInt(), "element lines");
            for (int j = 0; j < lines; j++) {
                f.getInt();
                f.getDouble();
                f.getShort();
                skip(f, Byte.toUnsignedInt(f.get())); // element name, then line name: length-prefixed
                skip(f, Byte.toUnsignedInt(f.get()));
                f.getInt();
            }
            MetadataTree e = selected.section(name.isEmpty() ? Integer.toString(i) : name.replace('/', '_'));
            e.put("Z", Value.integer(z));
            e.put("Energy", Value.number(energy, "keV"));
        }
        int quanti = count(f.getInt(), "quantification rows");
        if (quanti > 0) {
            f.position(f.position() + 4 * 3 + 8 + 4 * 2);
            // each row: marks, Z, energies, mass/error/atom %, oxide name, more numbers (not mapped: kept unread)
            f.position(f.position() + quanti * (4 + 2 + 4 + 4 + 8 * 5 + 16 + 8 * 5 + 4 + 4 + 8));
        }
        t.put("QuantificationRowCount", Value.integer(quanti));
        int parameters = f.getInt();
        if (parameters != 5) {
            throw new IllegalStateException("parameter block marked " + parameters + ", not 5");
        }
        MetadataTree p = t.section("Parameters");
        p.put("DetT", Value.text(fixed(f, 16)));
        p.put("SEM", Value.text(fixed(f, 16)));
        p.put("Port", Value.text(fixed(f, 16)));
        p.put("AccKV", Value.number(f.getDouble(), "kV"));
        p.put("AccNA", Value.number(f.getDouble(), "nA"));
        f.position(f.position() + 38);
        p.put("MnKaRES", Value.number(f.getDouble(), "eV"));
        p.put("WorkD", Value.number(f.getDouble(), "mm"));
        p.put("InsD", Value.number(f.getDouble(), "mm"));
        p.put("XtiltAng", Value.number(f.getDouble(), "degree"));
        p.put("TakeAng", Value.number(f.getDouble(), "degree"));
        p.put("IncAng", Value.number(f.getDouble(), "degree"));
        f.getInt();
        p.put("ScanSize", Value.number(f.getDouble(), "mm"));
        f.position(f.position() + 2 * 5); // dead-time table indices, not times
        p.put("DetH", Value.number(f.getDouble(), null)); // unit not documented
        p.put("DirAng", Value.number(f.getDouble(), "degree"));
        p.put("XtalAng", Value.number(f.getDouble(), null)); // unit not documented
        p.put("ElevAng", Value.number(f.getDouble(), "degree"));
    }

    /** Skips n bytes; the length is read before the position is taken (a length byte is part of the record). */
    private static void skip(ByteBuffer f, int n) {
        f.position(f.position() + n);
    }

    private static int count(int n, String what) {
        if (n < 0 || n > MAX_RECORDS) {
            throw new IllegalStateException(n + " " + what + " declared (at most " + MAX_RECORDS + ")");
        }
        return n;
    }

    /** A fixed-width text field, up to its first NUL (what follows the NUL is stale buffer content). */
    private static String fixed(ByteBuffer f, int width) {
        byte[] raw = new byte[width];
        f.get(raw);
        return cut(raw, 0, width);
    }

    private static String cut(byte[] raw, int at, int width) {
        int end = at;
        while (end < at + width && raw[end] != 0) {
            end++;
        }
        return JeolTree.text(java.util.Arrays.copyOfRange(raw, at, end)).strip();
    }

    private static void putText(MetadataTree t, String key, byte[] head, int at, int width) {
        String s = cut(head, at, width);
        if (!s.isEmpty()) {
            t.put(key, Value.text(s));
        }
    }

    /**
     * Where the counts lie, for the preview: {@code NumCH} int32 after the header, on the axis HyperSpy gives them
     * (offset {@code CoefB}, {@code CoefA} per channel, keV). Only called once {@link #looksLikeEds} holds, so the
     * counts end inside the object; an energy scale that is not one is refused by the plot with a typed warning.
     */
    static io.emmeta.core.model.SpectrumRef spectrum(byte[] head) {
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int channels = b.getInt(JeolAnalysisStationReader.EDS_CHANNELS_AT);
        return io.emmeta.core.model.SpectrumRef.at(io.emmeta.core.model.SpectrumRef.Encoding.I32_LE,
                JeolAnalysisStationReader.EDS_DATA_AT, 4L * channels, channels, b.getDouble(370), b.getDouble(362),
                "keV");
    }

    /**
     * The derived block the mapping tables read: creation time, kV (and so SEM or TEM, as for the other kinds),
     * probe current, working distance, specimen X tilt, the instrument and detector names. Returns the kV, or null.
     */
    static Double derive(MetadataTree root) {
        MetadataTree d = new MetadataTree();
        Value created = root.get("file/created");
        if (created != null) {
            d.put("created", created);
        }
        MetadataTree p = root.getTree("EDS Footer/Parameters");
        Double kv = null;
        if (p != null) {
            Value acc = p.get("AccKV");
            if (acc != null && acc.isNumber() && acc.asDouble() > 0) {
                kv = acc.asDouble();
                d.put("accelerationVoltage", Value.number(kv * 1000, "V"));
                d.put("technique", Value.text(kv <= 30 ? "SEM" : "TEM"));
            }
            Value na = p.get("AccNA");
            if (na != null && na.isNumber() && na.asDouble() > 0) {
                d.put("beamCurrent", Value.number(na.asDouble() * 1e-9, "A"));
            }
            Value wd = p.get("WorkD");
            if (wd != null && wd.isNumber() && wd.asDouble() > 0) {
                d.put("workingDistance", Value.number(wd.asDouble() * 1e-3, "m"));
            }
            Value tilt = p.get("XtiltAng");
            if (tilt != null && tilt.isNumber() && Double.isFinite(tilt.asDouble())
                    && Math.abs(tilt.asDouble()) <= 90) {
                // the specimen's X tilt, the only stage angle the spectrum records (0 is a tilt, not a gap)
                d.put("stageTilt", Value.number(tilt.asDouble(), "degree"));
            }
            String sem = p.text("SEM");
            if (sem != null && !sem.isEmpty()) {
                d.put("instrumentName", Value.text(sem));
            }
            String det = p.text("DetT");
            if (det != null && !det.isEmpty()) {
                d.put("detectorName", Value.text(det));
            }
        }
        if (!d.isEmpty()) {
            root.put("derived", d);
        }
        return kv;
    }
}
