package io.emmeta.core.detect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.hdf5.Hdf5Container;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.format.Confidence;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.NamedFormats;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.ReaderRegistry;

/**
 * Recognises format and vendor from the content only; the object's name is never consulted. Decides the container
 * from the magic bytes (TIFF, HDF5, other binary, text), asks the registered readers' sniffs about it in the
 * registry's order (see {@code io.emmeta.core.Readers} for why that order), and names what no reader claims with the
 * container's own fallbacks. Returns the format plus the evidence behind it, so a record can say why a file was read
 * the way it was.
 */
public final class FormatDetector {

    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final List<Reader> readers;

    /** Detection over every reader of the registry (a reader disabled for reading still names its files). */
    public FormatDetector(ReaderRegistry registry) {
        this.readers = registry.readers();
    }

    public Detection detect(Probe probe) throws IOException, ExtractionException {
        long size = probe.size();
        if (size == 0) {
            return new Detection(NamedFormats.EMPTY, "none", List.of("object is 0 bytes"));
        }
        byte[] h = probe.head();
        if (Head.startsWith(h, 0, 'I', 'I', '*', 0) || Head.startsWith(h, 0, 'M', 'M', 0, '*')) {
            return detectTiff(probe, h[0] == 'I' ? "little-endian" : "big-endian");
        }
        if (Head.startsWith(h, 0, 'I', 'I', '+', 0) || Head.startsWith(h, 0, 'M', 'M', 0, '+')) {
            return detectTiff(probe, (h[0] == 'I' ? "little-endian" : "big-endian") + " BigTIFF");
        }
        for (int offset : new int[] {0, 512, 1024, 2048}) {
            if (h.length >= offset + 8 && startsWith(h, offset, HDF5_MAGIC)) {
                return detectHdf5(probe, offset);
            }
        }
        Claims binary = ask(ContainerKind.BINARY, probe);
        if (binary.certain() != null) {
            return detection(binary.certain(), List.of());
        }
        // container magics of kinds we only name, before the readers' header-consistency guesses
        if (h.length >= 132 && Head.startsWith(h, 128, 'D', 'I', 'C', 'M')) {
            return new Detection(NamedFormats.DICOM, "dicom", List.of("'DICM' at byte 128"));
        }
        if (Head.startsWith(h, 0, 'P', 'K', 3, 4)) {
            // archives some vendors write (Nion Swift's .ndata) are claimed by their entries; other ZIPs stay named
            Claims zip = ask(ContainerKind.ZIP, probe);
            if (zip.certain() != null) {
                return detection(zip.certain(), List.of("ZIP local header magic"));
            }
            return new Detection(NamedFormats.ZIP, "zip", List.of("ZIP local header magic"));
        }
        if (binary.probable() != null) {
            return detection(binary.probable(), List.of());
        }
        return detectText(probe, h);
    }

    /** What the readers claimed for one container: the first certain claim, else the first probable one. */
    private record Claims(Sniff certain, Sniff probable) {
    }

    /** Asks the readers in registry order; stops at the first certain claim. */
    private Claims ask(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        Sniff probable = null;
        for (Reader r : readers) {
            Optional<Sniff> s = r.sniff(container, probe);
            if (s.isEmpty()) {
                continue;
            }
            if (s.get().confidence() == Confidence.CERTAIN) {
                return new Claims(s.get(), probable);
            }
            if (probable == null) {
                probable = s.get();
            }
        }
        return new Claims(null, probable);
    }

    private static Detection detection(Sniff s, List<String> containerEvidence) {
        List<String> ev = new ArrayList<>(containerEvidence);
        ev.addAll(s.evidence());
        return new Detection(s.format(), s.container(), ev);
    }

    private Detection detectTiff(Probe probe, String order) throws IOException, ExtractionException {
        List<String> ev = new ArrayList<>();
        ev.add("TIFF magic (" + order + ")");
        TiffContainer tiff = probe.tiff();
        TiffPage p = tiff.first();
        ev.add(tiff.pages().size() + " page(s), first " + p.width() + "x" + p.height());
        tiff.anomalies().forEach(a -> ev.add("structure: " + a));
        Claims claims = ask(ContainerKind.TIFF, probe);
        Sniff claim = claims.certain() != null ? claims.certain() : claims.probable();
        if (claim != null) {
            return detection(claim, ev);
        }
        return tiffFallback(tiff, p, ev);
    }

    /**
     * TIFF kinds we name but read only as plain TIFF, in this order: Olympus's and Gatan's private tags first (each
     * only that writer uses), then the text signatures of Hamamatsu and ImageJ in standard tags, then generic.
     */
    private static Detection tiffFallback(TiffContainer tiff, TiffPage p, List<String> ev) {
        if (tiff.declares(TiffTags.OLYMPUS_SIS) || tiff.declares(TiffTags.OLYMPUS_SIS_INI)) {
            ev.add("Olympus SIS tag 33560/33471 present");
            return new Detection(NamedFormats.OLYMPUS_SIS_TIFF, "tiff", ev);
        }
        for (int tag = TiffTags.DM_FIRST; tag <= TiffTags.DM_LAST; tag++) {
            if (tiff.has(tag)) {
                ev.add("DigitalMicrograph tag " + tag + " present");
                return new Detection(NamedFormats.DIGITALMICROGRAPH_TIFF, "tiff", ev);
            }
        }
        String desc = p.ascii(TiffPage.IMAGE_DESCRIPTION);
        String artist = p.ascii(TiffPage.ARTIST);
        if ((artist != null && artist.contains("Hamamatsu")) || (desc != null && desc.startsWith("[Application]"))) {
            ev.add("Hamamatsu signature in Artist/ImageDescription");
            return new Detection(NamedFormats.HAMAMATSU_TIFF, "tiff", ev);
        }
        if (desc != null && desc.startsWith("ImageJ=")) {
            ev.add("ImageDescription starts with ImageJ=");
            return new Detection(NamedFormats.IMAGEJ_TIFF, "tiff", ev);
        }
        ev.add("no vendor tag recognised");
        return new Detection(NamedFormats.GENERIC_TIFF, "tiff", ev);
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
            Claims claims = ask(ContainerKind.HDF5, probe);
            Sniff claim = claims.certain() != null ? claims.certain() : claims.probable();
            if (claim != null) {
                return detection(claim, ev);
            }
            ev.add("top-level groups " + probe.hdf5().file().getChildren().keySet());
        } catch (RuntimeException | StackOverflowError e) {
            // StackOverflowError: jHDF recurses over the file's structure while a sniffer looks (a chain of object
            // header continuations that leads back into itself), a fault of the file like any other it trips over
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
            ev.add("HDF5 structure unreadable: " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()));
        }
        return new Detection(NamedFormats.GENERIC_HDF5, "hdf5", ev);
    }

    private Detection detectText(Probe probe, byte[] h) throws IOException, ExtractionException {
        Claims claims = ask(ContainerKind.TEXT, probe);
        Sniff claim = claims.certain() != null ? claims.certain() : claims.probable();
        if (claim != null) {
            return detection(claim, List.of());
        }
        String t = Head.text(h).stripLeading();
        if (t.startsWith("<?xml") || t.startsWith("<")) {
            return new Detection(NamedFormats.XML, "xml", List.of("XML text"));
        }
        if (printableRatio(h) > 0.95) {
            return new Detection(NamedFormats.TEXT, "text", List.of("printable text, no known signature"));
        }
        return new Detection(NamedFormats.UNKNOWN, "unknown", List.of("no known signature in the first " + h.length
                + " bytes"));
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
}
