package io.emmeta.core.read.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Units;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;

/**
 * The pixel size of TIFF kinds read as plain TIFF, where the writer is known to mean it (derived/pixelSize/x|y, in
 * the unit the writer gives). The baseline XResolution/YResolution alone is never a pixel size: a generic writer's
 * 72 dpi (DigitalMicrograph's TIFF export and Olympus's write exactly that) is a print size, not the specimen's.
 * <ul>
 * <li>DigitalMicrograph's TIFF export: its private tags 65009/65010 (x/y scale, double) in the units of 65003/65004
 * (text, Latin-1, e.g. {@code µm}), the calibration DigitalMicrograph shows.</li>
 * <li>ImageJ: {@code unit=} in the ImageDescription (ImageJ writes {@code micron}) and XResolution/YResolution as
 * pixels per that unit; ImageJ writes this pair only for a calibrated image (no {@code unit=} line: uncalibrated).</li>
 * <li>Olympus SIS: the binary block its tag 33560 points to (magic {@code SIS0}; layout as tifffile reads it): in its
 * "general data" entry the pixel size x/y in metres times 10^exponent, and the magnification.</li>
 * </ul>
 */
final class TiffCalibrations {

    private static final int SIS_HEADER = 60;
    private static final int SIS_GENERAL = 112;
    private static final int SIS_MAX_ENTRIES = 64;
    private static final DateTimeFormatter TIFF_DATE = DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss", Locale.ROOT);

    /** ImageJ's spellings of length units, as ImageJ writes them into {@code unit=}. */
    private static final Map<String, String> IMAGEJ_UNITS = Map.of("micron", "µm", "microns", "µm", "um", "µm",
            "\\u00B5m", "µm", "nm", "nm", "mm", "mm", "cm", "cm", "m", "m", "pm", "pm");

    private TiffCalibrations() {
    }

    static void digitalMicrograph(Probe probe, TiffPage first, MetadataTree root, List<Problem> warnings) {
        pixelSize(root, first.number(65009), first.text(65003, StandardCharsets.ISO_8859_1),
                first.number(65010), first.text(65004, StandardCharsets.ISO_8859_1), "DigitalMicrograph tags 65009/65010");
    }

    static void imageJ(Probe probe, TiffPage first, MetadataTree root, List<Problem> warnings) {
        String raw = root.text("ImageDescription/unit");
        String unit = raw == null ? null : IMAGEJ_UNITS.get(raw.strip());
        Double x = first.number(TiffPage.X_RESOLUTION);
        Double y = first.number(TiffPage.Y_RESOLUTION);
        if (unit == null || x == null || x <= 0) {
            return; // uncalibrated, or a unit that is not a length ("pixel", "inch" of a print size)
        }
        pixelSize(root, 1.0 / x, unit, y == null || y <= 0 ? null : 1.0 / y, unit,
                "ImageJ: 1/XResolution in its unit=" + raw.strip());
    }

    static void olympusSis(Probe probe, TiffPage first, MetadataTree root, List<Problem> warnings)
            throws IOException, ExtractionException {
        String date = first.ascii(TiffPage.DATE_TIME);
        if (date != null) {
            try {
                root.section("derived").put("acquired", Value.localDateTime(LocalDateTime.parse(date.strip(),
                        TIFF_DATE), "acquisition PC"));
            } catch (DateTimeException e) {
                warnings.add(new Problem(ErrorCode.CORRUPT, "TIFF DateTime '" + date + "' is not YYYY:MM:DD HH:MM:SS"));
            }
        }
        Long at = null;
        for (TiffPage page : probe.tiff().pages()) {
            if (page.has(TiffTags.OLYMPUS_SIS)) {
                at = page.integer(TiffTags.OLYMPUS_SIS);
                break;
            }
        }
        long size = probe.size();
        if (at == null || at < 0 || at + SIS_HEADER > size) {
            return;
        }
        ByteBuffer h = ByteBuffer.wrap(probe.source().readFully(at, SIS_HEADER)).order(ByteOrder.LITTLE_ENDIAN);
        if (h.get(0) != 'S' || h.get(1) != 'I' || h.get(2) != 'S' || h.get(3) != '0') {
            warnings.add(new Problem(ErrorCode.CORRUPT, "Olympus SIS tag 33560 points to " + at + ", where no SIS0 block is"));
            return;
        }
        int entries = h.getShort(58);
        if (entries < 0 || entries > SIS_MAX_ENTRIES || at + SIS_HEADER + 8L * entries > size) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "Olympus SIS block: " + entries + " entries do not fit the file"));
            return;
        }
        ByteBuffer list = ByteBuffer.wrap(probe.source().readFully(at + SIS_HEADER, 8 * entries))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < entries; i++) {
            int type = list.getShort(8 * i);
            long offset = list.getInt(8 * i + 4) & 0xFFFFFFFFL;
            if (type != 1) {
                continue; // only the general data entry is understood
            }
            if (offset + SIS_GENERAL > size) {
                warnings.add(new Problem(ErrorCode.CORRUPT, "Olympus SIS general data at " + offset + " lies past the end"));
                return;
            }
            ByteBuffer g = ByteBuffer.wrap(probe.source().readFully(offset, SIS_GENERAL)).order(ByteOrder.LITTLE_ENDIAN);
            int exponent = g.getShort(10);
            double scale = exponent >= -30 && exponent <= 10 ? Math.pow(10, exponent) : Double.NaN;
            MetadataTree sis = root.section("olympusSis");
            sis.put("lengthExponent", Value.integer(exponent));
            sis.put("pixelSizeX", new Value(g.getDouble(12), null, "× 10^lengthExponent m"));
            sis.put("pixelSizeY", new Value(g.getDouble(20), null, "× 10^lengthExponent m"));
            double mag = g.getDouble(36);
            if (Double.isFinite(mag) && mag > 0) {
                sis.put("magnification", Value.number(mag, null));
            }
            pixelSize(root, g.getDouble(12) * scale, "m", g.getDouble(20) * scale, "m", "Olympus SIS general data");
            return;
        }
    }

    /**
     * derived/pixelSize/x and /y when the value is a positive length in a unit we know; anything else (a reciprocal
     * length of a diffraction pattern, an energy, no unit) is left to the original tree.
     */
    private static void pixelSize(MetadataTree root, Double x, String xUnit, Double y, String yUnit, String from) {
        if (!isLength(x, xUnit)) {
            return;
        }
        MetadataTree p = root.section("derived").section("pixelSize");
        p.put("x", new Value(x, xUnit.strip(), from));
        if (isLength(y, yUnit)) {
            p.put("y", new Value(y, yUnit.strip(), from));
        }
    }

    private static boolean isLength(Double v, String unit) {
        if (v == null || !Double.isFinite(v) || v <= 0 || unit == null) {
            return false;
        }
        Units.Unit u = Units.parse(unit.strip());
        return u != null && u.dimension() == Units.Dimension.LENGTH;
    }
}
