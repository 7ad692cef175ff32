package io.emmeta.core.read.tiff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.imaging.formats.tiff.TiffField;

import io.emmeta.core.container.tiff.TiffImages;
import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.NamedFormats;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.text.IniText;
import io.emmeta.core.read.text.LenientNumbers;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;

/**
 * The fallback for TIFFs without a dedicated vendor reader (plain, ImageJ, Olympus SIS,
 * DigitalMicrograph-exported, Hitachi): the baseline tags with their units, the resolution, and whatever text the
 * writer left — ImageDescription or XPComment as INI sections, XML (hardened parser) or key=value lines, else as text —
 * so an unknown vendor still gets an honest {@code partial} record. Vendor private tags are listed with their size,
 * never decoded blindly. Readers of TIFF vendors whose metadata is one extra block (TVIPS, Phenom, SightX) build on
 * {@link #read(Probe, VendorBlock)}.
 */
public final class PlainTiffReader implements Reader {

    static final int XP_COMMENT = TiffTags.XP_COMMENT;
    static final int XP_AUTHOR = TiffTags.XP_AUTHOR;
    static final int MAX_TEXT = 1 << 20;

    /** Hitachi writes its key=value lines into the XPComment of a plain TIFF; the rest is the plain reading. */
    public static final FormatSpec HITACHI_TIFF = new FormatSpec("tiff/hitachi", "Hitachi High-Tech", Technique.SEM,
            FormatSpec.TIFF_ENDINGS);

    @Override
    public List<FormatSpec> formats() {
        return List.of(NamedFormats.GENERIC_TIFF, NamedFormats.IMAGEJ_TIFF,
                NamedFormats.OLYMPUS_SIS_TIFF, NamedFormats.DIGITALMICROGRAPH_TIFF, HITACHI_TIFF);
    }

    /** Only Hitachi is claimed here: the other kinds are the detector's TIFF fallbacks, which this reader reads. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TIFF) {
            return Optional.empty();
        }
        String xp = probe.tiff().first().text(TiffTags.XP_COMMENT, StandardCharsets.UTF_16LE);
        if (xp != null && (xp.contains("SerialNumber=") || xp.contains("PixelSize="))) {
            return Optional.of(Sniff.certain(HITACHI_TIFF, "tiff", "XPComment (40092) holds Hitachi key=value lines"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        VendorBlock calibration = switch (detection.format().id()) {
            case "tiff/gatan-digitalmicrograph" -> TiffCalibrations::digitalMicrograph;
            case "tiff/imagej" -> TiffCalibrations::imageJ;
            case "tiff/olympus-sis" -> TiffCalibrations::olympusSis;
            default -> VendorBlock.NONE;
        };
        return read(probe, calibration);
    }

    /** A vendor's one block of its own, read between the writer's text and the list of private tags. */
    @FunctionalInterface
    public interface VendorBlock {
        VendorBlock NONE = (probe, first, root, warnings) -> { };

        void read(Probe probe, TiffPage first, MetadataTree root, List<Problem> warnings)
                throws IOException, ExtractionException;
    }

    /** The plain reading, with the vendor's block (sections keep this order in every record). */
    public static ReadResult read(Probe probe, VendorBlock vendor) throws IOException, ExtractionException {
        return read(probe, vendor, true);
    }

    /**
     * As {@link #read(Probe, VendorBlock)}; {@code readDescription} false leaves the ImageDescription to the vendor's
     * block, for a writer whose description is its own syntax that the generic INI reading would garble.
     */
    public static ReadResult read(Probe probe, VendorBlock vendor, boolean readDescription)
            throws IOException, ExtractionException {
        TiffContainer tiff = probe.tiff();
        List<Problem> warnings = new ArrayList<>();
        warnings.addAll(tiff.problems());
        TiffPage p = tiff.first();
        MetadataTree root = new MetadataTree();
        MetadataTree base = root.section("tiff");
        putInt(base, "ImageWidth", p.integer(TiffPage.IMAGE_WIDTH), "px");
        putInt(base, "ImageLength", p.integer(TiffPage.IMAGE_LENGTH), "px");
        putInt(base, "BitsPerSample", p.integer(TiffPage.BITS_PER_SAMPLE), null);
        base.put("pages", Value.integer(tiff.pages().size()));
        putText(base, "Make", p.ascii(TiffPage.MAKE));
        putText(base, "Model", p.ascii(TiffPage.MODEL));
        putText(base, "Software", p.ascii(TiffPage.SOFTWARE));
        putText(base, "DateTime", p.ascii(TiffPage.DATE_TIME));
        putText(base, "Artist", p.ascii(TiffPage.ARTIST));
        resolution(p, base);
        String author = p.text(XP_AUTHOR, StandardCharsets.UTF_16LE);
        putText(base, "XPAuthor", author);

        String desc = p.text(TiffPage.IMAGE_DESCRIPTION, StandardCharsets.UTF_8);
        if (desc != null && readDescription) {
            readText(root.section("ImageDescription"), desc, "ImageDescription", warnings);
        }
        String xp = p.text(XP_COMMENT, StandardCharsets.UTF_16LE);
        if (xp != null) {
            readText(root.section("XPComment"), xp, "XPComment (40092)", warnings);
        }
        vendor.read(probe, p, root, warnings);
        MetadataTree priv = null;
        for (TiffPage page : tiff.pages()) {
            for (Map.Entry<Integer, TiffField> e : page.fields().entrySet()) {
                if (e.getKey() >= 32768) {
                    if (priv == null) {
                        priv = root.section("privateTags");
                    }
                    String name = page.index() == 0 ? Integer.toString(e.getKey())
                            : e.getKey() + " (page " + page.index() + ")";
                    priv.put(name, new Value((long) e.getValue().getBytesLength(), "bytes", null));
                }
            }
        }
        return ReadResult.of(root, warnings).withImage(TiffImages.firstImage(tiff));
    }

    private static void resolution(TiffPage p, MetadataTree base) {
        Double x = p.number(TiffPage.X_RESOLUTION);
        Double y = p.number(TiffPage.Y_RESOLUTION);
        Long unit = p.integer(TiffPage.RESOLUTION_UNIT);
        String per = unit == null || unit == 2 ? "1/in" : unit == 3 ? "1/cm" : null;
        if (x != null) {
            base.put("XResolution", new Value(x, per, null));
        }
        if (y != null) {
            base.put("YResolution", new Value(y, per, null));
        }
    }

    /** Writer text in whichever shape it has: XML, INI sections, key=value lines, or plain text. */
    static void readText(MetadataTree into, String text, String where, List<Problem> warnings) {
        String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        String s = t.strip();
        if (s.startsWith("<")) {
            readXml(into, s.getBytes(StandardCharsets.UTF_8), where, warnings);
            return;
        }
        IniText ini = IniText.parse(s);
        ini.reportCuts(warnings, where);
        int pairs = ini.preamble().size() + ini.sections().stream().mapToInt(x -> x.entries().size()).sum();
        if (pairs == 0) {
            into.put("text", Value.text(s));
            return;
        }
        for (IniText.Entry e : ini.preamble()) {
            putTyped(into, e.key(), e.value());
        }
        for (IniText.Section sec : ini.sections()) {
            MetadataTree st = into.section(sec.name());
            for (IniText.Entry e : sec.entries()) {
                putTyped(st, e.key(), e.value());
            }
        }
        if (!ini.strays().isEmpty()) {
            MetadataTree lines = into.section("otherLines");
            for (IniText.Stray st : ini.strays()) {
                lines.put(Integer.toString(st.line()), Value.text(st.text()));
            }
        }
    }

    /** XML through the hardened parser; a parse failure becomes a warning naming where the XML was. */
    public static void readXml(MetadataTree into, byte[] xml, String where, List<Problem> warnings) {
        try {
            MetadataTree t = XmlTree.of(SafeXml.parse(xml).getDocumentElement(), warnings, where);
            t.entries().forEach((k, v) -> {
                if (v instanceof MetadataTree m) {
                    into.put(k, m);
                } else {
                    into.put(k, (Value) v);
                }
            });
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), where + ": " + e.getMessage()));
        }
    }

    private static void putTyped(MetadataTree t, String key, String value) {
        if (key == null || key.isBlank() || value == null || value.isBlank()) {
            return;
        }
        Number n = LenientNumbers.parse(value);
        Value v = n instanceof Long l ? Value.integer(l) : n != null ? Value.number(n.doubleValue(), null)
                : Value.text(value.strip());
        t.add(key.strip(), v);
    }

    private static void putInt(MetadataTree t, String key, Long v, String unit) {
        if (v != null) {
            t.put(key, new Value(v, unit, null));
        }
    }

    private static void putText(MetadataTree t, String key, String v) {
        if (v != null && !v.isBlank()) {
            t.put(key, Value.text(v));
        }
    }
}
