package io.emmeta.core.read.thermo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.emmeta.core.container.tiff.TiffImages;
import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.text.IniText;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;

/**
 * FEI / Thermo Fisher xT TIFF (Quanta, Nova, Helios, Scios, Teneo, ...). Three private tags may carry metadata:
 * <ul>
 * <li>34682 {@code FEI_HELIOS}: the INI every xT version writes. Its sections form the root of the tree
 * ({@code EBeam/HV}, {@code Beam/Beam}, {@code Scan/PixelWidth}, ...).</li>
 * <li>34683 {@code FEI_TITAN}: the {@code <Metadata>} XML of newer systems, under {@code FEI_TITAN/...}
 * (root element dropped: {@code FEI_TITAN/Optics/AccelerationVoltage}).</li>
 * <li>34680 {@code FEI_SFEG}: an INI on old systems, or on xT ≥ 14 base64 of a {@code <MementoItemCollection>}
 * with typed values and unit enums; either way under {@code FEI_SFEG/...}.</li>
 * </ul>
 * Only tag payloads are read (the container reads header, IFD and tags by ranges), never pixel data. A broken XML or
 * memento block costs a warning, not the INI; only a file with no readable FEI block at all is an error.
 */
public final class ThermoXtTiffReader implements Reader {

    public static final int TAG_FEI_SFEG = TiffTags.FEI_SFEG;
    public static final int TAG_FEI_HELIOS = TiffTags.FEI_HELIOS;
    public static final int TAG_FEI_TITAN = TiffTags.FEI_TITAN;

    /** Above this a tag is not metadata text (the largest seen, the xT 14 memento, is 88 KB). */
    static final int MAX_TAG_BYTES = 16 << 20;

    /** More control characters than this share of the text and the INI is treated as binary garbage. */
    private static final double MAX_CONTROL_SHARE = 0.01;

    private static final int TAG_STRIP_OFFSETS = TiffTags.STRIP_OFFSETS;
    private static final int TAG_STRIP_BYTE_COUNTS = TiffTags.STRIP_BYTE_COUNTS;
    private static final int TAG_TILE_OFFSETS = TiffTags.TILE_OFFSETS;
    private static final int TAG_TILE_BYTE_COUNTS = TiffTags.TILE_BYTE_COUNTS;

    public static final FormatSpec FORMAT = new FormatSpec("tiff/thermofisher-xt", "Thermo Fisher Scientific",
            Technique.SEM, FormatSpec.TIFF_ENDINGS);

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** Any of the three FEI tags; Phenom's use of 34683 is claimed first by {@link PhenomTiffReader}. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TIFF) {
            return Optional.empty();
        }
        TiffContainer tiff = probe.tiff();
        if (!tiff.declares(TAG_FEI_HELIOS) && !tiff.declares(TAG_FEI_SFEG) && !tiff.declares(TAG_FEI_TITAN)) {
            return Optional.empty();
        }
        List<String> ev = new ArrayList<>();
        for (int tag : new int[] {TAG_FEI_SFEG, TAG_FEI_HELIOS, TAG_FEI_TITAN}) {
            if (tiff.has(tag)) {
                ev.add("tag " + tag + " (" + TiffTags.name(tag) + ") present");
            }
        }
        return Optional.of(Sniff.certain(FORMAT, "tiff", ev));
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        // the container types its structure failures itself (ExtractionException); an IOException is the source's
        TiffContainer tiff = probe.tiff();
        List<Problem> dropped = new ArrayList<>();
        for (TiffPage p : tiff.pages()) {
            for (TiffPage.Cut c : p.cutTags()) {
                if (c.tag() == TAG_FEI_SFEG || c.tag() == TAG_FEI_HELIOS || c.tag() == TAG_FEI_TITAN) {
                    dropped.add(new Problem(c.length() > TiffContainer.MAX_PAYLOAD ? ErrorCode.TOO_LARGE
                            : ErrorCode.TRUNCATED, "tag " + c.tag() + " of page " + p.index() + " declares "
                            + c.length() + " bytes at " + c.offset() + "; the object has " + probe.size()));
                }
            }
        }
        TiffPage page = tiff.pages().stream()
                .filter(p -> p.has(TAG_FEI_HELIOS) || p.has(TAG_FEI_SFEG) || p.has(TAG_FEI_TITAN))
                .findFirst()
                .orElse(null);
        if (page == null) {
            // Detection found one, so the container dropped an entry it could not read; say which and why.
            Problem why = dropped.isEmpty()
                    ? new Problem(ErrorCode.CORRUPT, "no readable FEI tag (34680/34682/34683) on any page")
                    : dropped.get(0);
            throw new ExtractionException(why.code(), why.message());
        }

        List<Problem> warnings = new ArrayList<>(dropped);
        MetadataTree tree = new MetadataTree();
        int iniValues = 0;
        ExtractionException iniFailure = null;

        byte[] ini = payload(page, TAG_FEI_HELIOS, warnings);
        if (ini != null) {
            try {
                iniValues = readIni(tree, ini, "FEI_HELIOS (34682)", warnings);
            } catch (ExtractionException e) {
                iniFailure = e;
            }
        }
        byte[] titan = payload(page, TAG_FEI_TITAN, warnings);
        if (titan != null) {
            readTitan(tree, titan, warnings);
        }
        byte[] sfeg = payload(page, TAG_FEI_SFEG, warnings);
        if (sfeg != null) {
            readSfeg(tree, sfeg, warnings);
        }

        if (iniValues == 0 && iniFailure != null) {
            if (tree.isEmpty()) {
                throw iniFailure;
            }
            warnings.add(0, iniFailure.toProblem());
        }
        if (tree.isEmpty()) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "the FEI tags hold no readable metadata");
        }
        checkPixelData(probe, page, warnings);
        return ReadResult.of(tree, warnings).withImage(TiffImages.firstImage(tiff));
    }

    private static byte[] payload(TiffPage page, int tag, List<Problem> warnings) {
        TiffField f = page.fields().get(tag);
        if (f == null) {
            return null;
        }
        if (f.getBytesLength() > MAX_TAG_BYTES) {
            warnings.add(new Problem(ErrorCode.TOO_LARGE, "tag " + tag + " declares " + f.getBytesLength()
                    + " bytes, above the " + MAX_TAG_BYTES + "-byte limit for metadata text; skipped"));
            return null;
        }
        byte[] b = page.bytes(tag);
        return b == null || b.length == 0 ? null : b;
    }

    /**
     * Parses INI bytes into {@code into}; returns the number of values. Throws MALFORMED_TEXT when the bytes are
     * not INI text at all (binary, or no {@code Key=Value} line under any section).
     */
    private static int readIni(MetadataTree into, byte[] bytes, String tagName, List<Problem> warnings)
            throws ExtractionException {
        IniText.Decoded decoded = IniText.decode(bytes);
        if (decoded.charset() != StandardCharsets.UTF_8) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, tagName + " is not valid UTF-8; read as Latin-1"));
        }
        String text = decoded.text();
        if (decoded.bytesAfterNul() > 0) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, tagName + " has " + decoded.bytesAfterNul()
                    + " bytes after its terminating NUL; the text ends at the NUL"));
        }
        if (decoded.controlChars() > Math.max(4, text.length() * MAX_CONTROL_SHARE)) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, tagName + " holds " + decoded.controlChars()
                    + " control characters in " + text.length() + ": binary data in the text block"));
        }
        IniText ini = IniText.parse(text);
        if (ini.sections().isEmpty()) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, tagName + " has no [Section] header: "
                    + "not INI text (" + text.length() + " characters, " + decoded.controlChars()
                    + " control characters)");
        }
        List<Problem> local = new ArrayList<>();
        int values = XtIniTree.fill(into, ini, local, tagName);
        // Garbage produces a stray line each; the first few say enough.
        int strays = 0;
        for (Problem p : local) {
            if (p.message().contains("is not Key=Value") && ++strays > 20) {
                continue;
            }
            warnings.add(p);
        }
        if (strays > 20) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, tagName + ": " + (strays - 20)
                    + " further lines are not Key=Value"));
        }
        return values;
    }

    private static void readTitan(MetadataTree tree, byte[] bytes, List<Problem> warnings) {
        try {
            Document doc = SafeXml.parse(trimNul(bytes));
            MetadataTree xml = XmlTree.of(doc.getDocumentElement(), warnings, "FEI_TITAN (34683)");
            if (!xml.isEmpty()) {
                tree.put("FEI_TITAN", xml);
            }
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), "FEI_TITAN (34683) not read: " + e.getMessage()));
        }
    }

    private static void readSfeg(MetadataTree tree, byte[] bytes, List<Problem> warnings) {
        String tagName = "FEI_SFEG (34680)";
        byte[] trimmed = trimNul(bytes);
        String head = new String(trimmed, 0, Math.min(trimmed.length, 64), StandardCharsets.ISO_8859_1).strip();
        try {
            if (head.startsWith("[")) {
                MetadataTree sub = new MetadataTree();
                readIni(sub, trimmed, tagName, warnings);
                if (!sub.isEmpty()) {
                    tree.put("FEI_SFEG", sub);
                }
                return;
            }
            byte[] xml = head.startsWith("<") || head.startsWith("\uFEFF<") || startsWithBom(trimmed) ? trimmed
                    : base64(trimmed);
            Element root = SafeXml.parse(xml).getDocumentElement();
            MetadataTree sub = XmlTree.name(root).equals("MementoItemCollection")
                    ? MementoTree.of(root, warnings)
                    : XmlTree.of(root, warnings, tagName);
            if (!sub.isEmpty()) {
                tree.put("FEI_SFEG", sub);
            }
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), tagName + " not read: " + e.getMessage()));
        }
    }

    private static byte[] base64(byte[] text) throws ExtractionException {
        // Whitespace (line breaks some writers insert) is dropped; anything else outside the alphabet is an error,
        // not skipped as the MIME decoder would, so damaged text is reported instead of decoded into other XML.
        byte[] compact = new byte[text.length];
        int n = 0;
        for (byte c : text) {
            if (c != ' ' && c != '\r' && c != '\n' && c != '\t') {
                compact[n++] = c;
            }
        }
        try {
            return Base64.getDecoder().decode(java.util.Arrays.copyOf(compact, n));
        } catch (IllegalArgumentException e) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "neither INI, XML nor base64: " + e.getMessage(), e);
        }
    }

    private static boolean startsWithBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF;
    }

    /** ASCII tags end in NUL (and some writers pad with more); XML parsers reject anything after the root. */
    private static byte[] trimNul(byte[] b) {
        int end = b.length;
        while (end > 0 && (b[end - 1] == 0 || b[end - 1] == ' ' || b[end - 1] == '\r' || b[end - 1] == '\n')) {
            end--;
        }
        return end == b.length ? b : java.util.Arrays.copyOf(b, end);
    }

    /**
     * The metadata sits wherever the writer put it, often after the pixels; a file cut short may still have all its
     * metadata but not its image. Say so rather than report a complete read.
     */
    private static void checkPixelData(Probe probe, TiffPage page, List<Problem> warnings) throws IOException {
        long end = 0;
        for (int[] pair : new int[][] {{TAG_STRIP_OFFSETS, TAG_STRIP_BYTE_COUNTS},
                {TAG_TILE_OFFSETS, TAG_TILE_BYTE_COUNTS}}) {
            TiffField offsets = page.fields().get(pair[0]);
            TiffField counts = page.fields().get(pair[1]);
            if (offsets == null || counts == null) {
                continue;
            }
            try {
                int[] o = offsets.getIntArrayValue();
                int[] c = counts.getIntArrayValue();
                for (int i = 0; i < Math.min(o.length, c.length); i++) {
                    end = Math.max(end, Integer.toUnsignedLong(o[i]) + Integer.toUnsignedLong(c[i]));
                }
            } catch (ImagingException e) {
                return; // odd types: nothing to check, the metadata is what this reader is for
            }
        }
        long size = probe.size();
        if (end > size) {
            warnings.add(new Problem(ErrorCode.TRUNCATED, "pixel data declared up to byte " + end
                    + " but the object has " + size + " bytes; the metadata is complete, the image is not"));
        }
    }
}
