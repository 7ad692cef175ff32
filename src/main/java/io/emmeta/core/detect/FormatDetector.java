package io.emmeta.core.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.hdf5.Hdf5Container;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * Recognises format and vendor from the content only (magic bytes, TIFF private tags, HDF5 layout, text
 * signatures); the object's name is never consulted. Returns the format plus the evidence behind it, so a
 * record can say why a file was read the way it was.
 */
public final class FormatDetector {

    public static final int TAG_ZEISS_CZ_SEM = 34118;
    public static final int TAG_ZEISS_CZ_SEM_UTF16 = 34119;
    public static final int TAG_FEI_SFEG = 34680;
    public static final int TAG_FEI_HELIOS = 34682;
    public static final int TAG_FEI_TITAN = 34683;
    public static final int TAG_TESCAN = 50431;
    public static final int TAG_FIBICS = 51023;
    public static final int TAG_TVIPS = 37706;
    public static final int TAG_OLYMPUS_SIS = 33560;
    public static final int TAG_OLYMPUS_SIS_INI = 33471;
    public static final int TAG_XP_COMMENT = 40092;
    public static final int TAG_DM_FIRST = 65003;
    public static final int TAG_DM_LAST = 65027;

    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    public Detection detect(Probe probe) throws IOException, ExtractionException {
        long size = probe.size();
        if (size == 0) {
            return new Detection(Format.EMPTY, "none", List.of("object is 0 bytes"));
        }
        byte[] h = probe.head();
        if (startsWith(h, 0, 'I', 'I', '*', 0) || startsWith(h, 0, 'M', 'M', 0, '*')) {
            return detectTiff(probe, h[0] == 'I' ? "little-endian" : "big-endian");
        }
        if (startsWith(h, 0, 'I', 'I', '+', 0) || startsWith(h, 0, 'M', 'M', 0, '+')) {
            return detectTiff(probe, (h[0] == 'I' ? "little-endian" : "big-endian") + " BigTIFF");
        }
        for (int offset : new int[] {0, 512, 1024, 2048}) {
            if (h.length >= offset + 8 && startsWith(h, offset, HDF5_MAGIC)) {
                return detectHdf5(probe, offset);
            }
        }
        if (h.length >= 16 && be32(h, 0) == 3 && (be32(h, 8) == 0 || be32(h, 8) == 1)) {
            return new Detection(Format.GATAN_DM3, "gatan-dm", List.of("DM header version 3, byte-order flag "
                    + be32(h, 8)));
        }
        if (h.length >= 16 && be32(h, 0) == 4 && (be32(h, 12) == 0 || be32(h, 12) == 1)) {
            return new Detection(Format.GATAN_DM4, "gatan-dm", List.of("DM header version 4, byte-order flag "
                    + be32(h, 12)));
        }
        if (h.length >= 212 && startsWith(h, 208, 'M', 'A', 'P', ' ')) {
            return new Detection(Format.MRC, "mrc", List.of("MRC2014 'MAP ' at byte 208, mode " + le32(h, 12)));
        }
        if (h.length >= 1024 && size >= 1024 && mrcPlausible(h, size)) {
            return new Detection(Format.MRC, "mrc", List.of("MRC header dimensions and mode " + le32(h, 12)
                    + " consistent with the object size (no 'MAP ' stamp)"));
        }
        if (startsWith(h, 0, 'I', 'I', 0x97, 0x01)) {
            return new Detection(Format.TIA_SER, "fei-tia", List.of("TIA series magic 0x0197 little-endian"));
        }
        if (startsWith(h, 0, 'J', 'K', 0, 2)) {
            return new Detection(Format.TIA_EMI, "fei-tia", List.of("TIA .emi header 'JK'"));
        }
        if (startsWith(h, 0, 'A', 'A', 'M', 'V', 'H', 'F', 'S', 'S')) {
            return new Detection(Format.BRUKER_BCF, "bruker-sfs", List.of("Bruker SFS container magic AAMVHFSS"));
        }
        if (startsWith(h, 0, 'B', 'Z', 'h') && size > 1000) {
            return new Detection(Format.PHENOM_ELID, "bzip2", List.of("bzip2 stream (Phenom ELID archives are bzip2-compressed)"));
        }
        if (h.length >= 132 && startsWith(h, 128, 'D', 'I', 'C', 'M')) {
            return new Detection(Format.DICOM, "dicom", List.of("'DICM' at byte 128"));
        }
        if (startsWith(h, 0, 'P', 'K', 3, 4)) {
            return new Detection(Format.ZIP, "zip", List.of("ZIP local header magic"));
        }
        if (io.emmeta.core.read.eds.EdaxSpcReader.looksLikeSpc(h, size)) {
            return new Detection(Format.EDAX_SPC, "edax-spc", List.of("EDAX .spc header: version " + String.format(
                    java.util.Locale.ROOT, "%.2f", java.nio.ByteBuffer.wrap(h).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .getFloat(0)) + ", data at byte 3840, channel count and file size consistent"));
        }
        var jeolKind = io.emmeta.core.read.jeol.JeolAnalysisStationReader.kindOf(h);
        if (jeolKind != null) {
            return new Detection(Format.JEOL_ANALYSIS_STATION, "jeol-as", List.of(switch (jeolKind) {
                case IMAGE -> "JEOL Analysis Station image/map header: magic 52, 'JED-…' format name";
                case SPECTRUM_IMAGE -> "JEOL Analysis Station spectrum image header: magic 304, 'PTTDFILE'";
                case PROJECT -> "JEOL Analysis Station project: magic 0, tree opening with 'FileType'";
            }));
        }
        return detectText(h);
    }

    private Detection detectTiff(Probe probe, String order) throws IOException, ExtractionException {
        List<String> ev = new ArrayList<>();
        ev.add("TIFF magic (" + order + ")");
        TiffContainer tiff = probe.tiff();
        TiffPage p = tiff.first();
        ev.add(tiff.pages().size() + " page(s), first " + p.width() + "x" + p.height());
        tiff.anomalies().forEach(a -> ev.add("structure: " + a));
        if (tiff.declares(TAG_FIBICS)) {
            ev.add("tag 51023 (Fibics XML) present");
            return new Detection(Format.ZEISS_ATLAS_FIBICS_TIFF, "tiff", ev);
        }
        if (tiff.declares(TAG_ZEISS_CZ_SEM)) {
            ev.add("tag 34118 (CZ_SEM) present");
            if (tiff.declares(TAG_ZEISS_CZ_SEM_UTF16)) {
                ev.add("tag 34119 (CZ_SEM as UTF-16) present");
            }
            return new Detection(Format.ZEISS_SMARTSEM_TIFF, "tiff", ev);
        }
        if (tiff.declares(TAG_FEI_TITAN) && !tiff.declares(TAG_FEI_HELIOS) && !tiff.declares(TAG_FEI_SFEG)) {
            String xml = p.text(TAG_FEI_TITAN, StandardCharsets.UTF_8);
            if (xml != null && xml.contains("<FeiImage")) {
                ev.add("tag 34683 with <FeiImage> root (Phenom)");
                return new Detection(Format.PHENOM_TIFF, "tiff", ev);
            }
        }
        if (tiff.declares(TAG_FEI_HELIOS) || tiff.declares(TAG_FEI_SFEG) || tiff.declares(TAG_FEI_TITAN)) {
            for (int tag : new int[] {TAG_FEI_SFEG, TAG_FEI_HELIOS, TAG_FEI_TITAN}) {
                if (tiff.has(tag)) {
                    ev.add("tag " + tag + " (" + feiTagName(tag) + ") present");
                }
            }
            return new Detection(Format.THERMOFISHER_XT_TIFF, "tiff", ev);
        }
        if (tiff.declares(TAG_TESCAN)) {
            ev.add("tag 50431 (Tescan blocks) present");
            return new Detection(Format.TESCAN_TIFF, "tiff", ev);
        }
        String desc = p.ascii(TiffPage.IMAGE_DESCRIPTION);
        if (desc != null && desc.contains("<TemReporter")) {
            ev.add("ImageDescription holds <TemReporter> XML");
            return new Detection(Format.JEOL_SIGHTX_TIFF, "tiff", ev);
        }
        String xp = p.text(TAG_XP_COMMENT, StandardCharsets.UTF_16LE);
        if (xp != null && (xp.contains("SerialNumber=") || xp.contains("PixelSize="))) {
            ev.add("XPComment (40092) holds Hitachi key=value lines");
            return new Detection(Format.HITACHI_TIFF, "tiff", ev);
        }
        if (tiff.declares(TAG_TVIPS)) {
            ev.add("tag 37706 (TVIPS header) present");
            return new Detection(Format.TVIPS_TIFF, "tiff", ev);
        }
        if (tiff.declares(TAG_OLYMPUS_SIS) || tiff.declares(TAG_OLYMPUS_SIS_INI)) {
            ev.add("Olympus SIS tag 33560/33471 present");
            return new Detection(Format.OLYMPUS_SIS_TIFF, "tiff", ev);
        }
        for (int tag = TAG_DM_FIRST; tag <= TAG_DM_LAST; tag++) {
            if (tiff.has(tag)) {
                ev.add("DigitalMicrograph tag " + tag + " present");
                return new Detection(Format.DIGITALMICROGRAPH_TIFF, "tiff", ev);
            }
        }
        String artist = p.ascii(TiffPage.ARTIST);
        if ((artist != null && artist.contains("Hamamatsu")) || (desc != null && desc.startsWith("[Application]"))) {
            ev.add("Hamamatsu signature in Artist/ImageDescription");
            return new Detection(Format.HAMAMATSU_TIFF, "tiff", ev);
        }
        if (desc != null && desc.startsWith("ImageJ=")) {
            ev.add("ImageDescription starts with ImageJ=");
            return new Detection(Format.IMAGEJ_TIFF, "tiff", ev);
        }
        ev.add("no vendor tag recognised");
        return new Detection(Format.GENERIC_TIFF, "tiff", ev);
    }

    private static String feiTagName(int tag) {
        return switch (tag) {
            case TAG_FEI_SFEG -> "FEI_SFEG";
            case TAG_FEI_HELIOS -> "FEI_HELIOS INI";
            default -> "FEI_TITAN XML";
        };
    }

    /** The superblock's declared end, or -1 when it cannot be read (then nothing is claimed). */
    private static long declaredEnd(Probe probe) {
        try {
            return Hdf5Container.declaredEnd(probe.source());
        } catch (IOException | RuntimeException e) {
            io.emmeta.core.problem.Deadline.rethrowIfExpired(e);
            return -1;
        }
    }

    private Detection detectHdf5(Probe probe, int offset) throws IOException, ExtractionException {
        List<String> ev = new ArrayList<>();
        ev.add("HDF5 superblock signature at byte " + offset);
        try {
            HdfFile f = probe.hdf5().file();
            Node version = f.getChildren().get("Version");
            if (version instanceof Dataset ds) {
                String v = Hdf5Text.of(ds);
                if (v != null && (v.contains("Velox") || v.contains("DevelopersKit"))) {
                    ev.add("/Version = " + v.strip());
                    if (f.getChildren().get("Data") instanceof Group) {
                        ev.add("/Data group present");
                    }
                    return new Detection(Format.VELOX_EMD, "hdf5", ev);
                }
            }
            Attribute vmaj = f.getAttribute("version_major");
            if (vmaj != null) {
                ev.add("root attribute version_major = " + Hdf5Text.attribute(vmaj));
                return new Detection(Format.BERKELEY_EMD, "hdf5", ev);
            }
            if (f.getChildren().get("entry") instanceof Group entry) {
                Attribute nx = entry.getAttribute("NX_class");
                ev.add("/entry group" + (nx == null ? "" : " with NX_class " + Hdf5Text.attribute(nx)));
                String text = null;
                if (f.getByPath("/entry").isGroup() && entry.getChildren().get("instrument") instanceof Group instr
                        && instr.getChildren().get("detector") instanceof Group det
                        && det.getChildren().get("description") instanceof Dataset d) {
                    text = Hdf5Text.of(d);
                }
                if (text != null && (text.contains("Dectris") || text.contains("DECTRIS") || text.contains("Eiger")
                        || text.contains("EIGER") || text.contains("ARINA") || text.contains("Arina"))) {
                    ev.add("detector description: " + text.strip());
                    return new Detection(Format.DECTRIS_HDF5, "hdf5", ev);
                }
                return new Detection(Format.NEXUS_HDF5, "hdf5", ev);
            }
            ev.add("top-level groups " + f.getChildren().keySet());
        } catch (RuntimeException e) {
            io.emmeta.core.problem.Deadline.rethrowIfExpired(e);
            if (probe.openedHdf5() != null) {
                Hdf5Container.throwIfRefused(e); // the channel refused an impossible size: the read is over
            }
            long declared = declaredEnd(probe);
            if (declared > probe.size()) {
                // jHDF refuses a file shorter than its superblock says; that is a cut upload, not an unknown kind
                throw new ExtractionException(ErrorCode.TRUNCATED, "HDF5 superblock declares " + declared
                        + " bytes but the object has " + probe.size() + "; structure unreadable: " + e.getMessage());
            }
            ev.add("HDF5 structure unreadable: " + e.getMessage());
        }
        return new Detection(Format.GENERIC_HDF5, "hdf5", ev);
    }

    private Detection detectText(byte[] h) {
        String s;
        if (h.length >= 2 && (h[0] & 0xff) == 0xff && (h[1] & 0xff) == 0xfe) {
            s = new String(h, 2, h.length - 2, StandardCharsets.UTF_16LE);
        } else if (h.length >= 2 && (h[0] & 0xff) == 0xfe && (h[1] & 0xff) == 0xff) {
            s = new String(h, 2, h.length - 2, StandardCharsets.UTF_16BE);
        } else {
            s = new String(h, StandardCharsets.ISO_8859_1);
            if (s.startsWith("\u00ef\u00bb\u00bf")) {
                s = s.substring(3);
            }
        }
        String t = s.stripLeading();
        if (t.startsWith("[SemImageFile]") || t.startsWith("[TemImageFile]")) {
            return new Detection(Format.HITACHI_SIDECAR, "text", List.of("text starts with " + t.substring(0, t.indexOf(']') + 1)));
        }
        if (t.startsWith("$SEM_DATA_VERSION") || t.startsWith("$CM_") || s.contains("\n$CM_FORMAT JEOL")) {
            return new Detection(Format.JEOL_SEM_SIDECAR, "text", List.of("JEOL $CM_/$SEM_DATA_VERSION key lines"));
        }
        if (t.startsWith("[MAIN]") || (t.startsWith("#") && s.contains("\n[MAIN]"))) {
            return new Detection(Format.TESCAN_HDR, "text", List.of("INI text with a [MAIN] section"));
        }
        if (t.startsWith("#FORMAT") && s.contains("EMSA")) {
            return new Detection(Format.EMSA_MSA, "text", List.of("#FORMAT EMSA header"));
        }
        if (t.startsWith("Server Software Version") || s.contains("\nCamera Model") && s.contains("Sensor")) {
            return new Detection(Format.DIRECTELECTRON_INFO, "text", List.of("DirectElectron info.txt key lines"));
        }
        if (t.startsWith("<?xml") || t.startsWith("<")) {
            if (s.contains("<EMProject")) {
                return new Detection(Format.THERMOFISHER_EMXML, "xml", List.of("XML root <EMProject>"));
            }
            if (s.contains("<TRTSpectrum")) {
                return new Detection(Format.BRUKER_SPX, "xml", List.of("XML root <TRTSpectrum>"));
            }
            return new Detection(Format.XML, "xml", List.of("XML text"));
        }
        if (printableRatio(h) > 0.95) {
            return new Detection(Format.TEXT, "text", List.of("printable text, no known signature"));
        }
        return new Detection(Format.UNKNOWN, "unknown", List.of("no known signature in the first " + h.length + " bytes"));
    }

    private static boolean mrcPlausible(byte[] h, long size) {
        long nx = le32(h, 0);
        long ny = le32(h, 4);
        long nz = le32(h, 8);
        long mode = le32(h, 12);
        long next = le32(h, 92);
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

    private static double printableRatio(byte[] h) {
        int ok = 0;
        for (byte b : h) {
            int c = b & 0xff;
            if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c != 0x7f)) {
                ok++;
            }
        }
        return h.length == 0 ? 0 : ok / (double) h.length;
    }

    private static String ascii(byte[] h) {
        return new String(h, StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] h, int at, int... sig) {
        if (h.length < at + sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((h[at + i] & 0xff) != (sig[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] h, int at, byte[] sig) {
        if (h.length < at + sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if (h[at + i] != sig[i]) {
                return false;
            }
        }
        return true;
    }

    private static long be32(byte[] h, int at) {
        return ((h[at] & 0xffL) << 24) | ((h[at + 1] & 0xffL) << 16) | ((h[at + 2] & 0xffL) << 8) | (h[at + 3] & 0xffL);
    }

    private static long le32(byte[] h, int at) {
        return ((h[at + 3] & 0xffL) << 24) | ((h[at + 2] & 0xffL) << 16) | ((h[at + 1] & 0xffL) << 8) | (h[at] & 0xffL);
    }
}
