package io.emmeta.core.format;

import java.util.List;

/**
 * Kinds detection names from the container alone, when no reader claims the object: an unsupported or plain file
 * still gets a record saying what it is. The generic readers ({@code PlainTiffReader}, {@code Hdf5TreeReader}) read
 * some of them; the rest have no reader.
 */
public final class NamedFormats {
    private NamedFormats() {
    }

    public static final FormatSpec OLYMPUS_SIS_TIFF = new FormatSpec("tiff/olympus-sis", "Olympus Soft Imaging Solutions",
            Technique.TEM, FormatSpec.TIFF_ENDINGS);
    public static final FormatSpec DIGITALMICROGRAPH_TIFF = new FormatSpec("tiff/gatan-digitalmicrograph", "Gatan",
            Technique.TEM, FormatSpec.TIFF_ENDINGS);
    public static final FormatSpec HAMAMATSU_TIFF = new FormatSpec("tiff/hamamatsu", "Hamamatsu", Technique.OTHER,
            FormatSpec.TIFF_ENDINGS);
    public static final FormatSpec IMAGEJ_TIFF = new FormatSpec("tiff/imagej", null, Technique.OTHER,
            FormatSpec.TIFF_ENDINGS);
    public static final FormatSpec GENERIC_TIFF = new FormatSpec("tiff/generic", null, Technique.OTHER,
            FormatSpec.TIFF_ENDINGS);
    public static final FormatSpec NEXUS_HDF5 = new FormatSpec("hdf5/nexus", null, Technique.OTHER,
            List.of(".nxs", ".nx5", ".h5", ".hdf5"));
    public static final FormatSpec GENERIC_HDF5 = new FormatSpec("hdf5/generic", null, Technique.OTHER,
            List.of(".h5", ".hdf5", ".hdf", ".he5", ".app5"));
    public static final FormatSpec DICOM = FormatSpec.unnamed("dicom", null, Technique.OTHER);
    public static final FormatSpec ZIP = FormatSpec.unnamed("zip", null, Technique.OTHER);
    public static final FormatSpec XML = FormatSpec.unnamed("xml", null, Technique.OTHER);
    public static final FormatSpec TEXT = FormatSpec.unnamed("text", null, Technique.OTHER);
    public static final FormatSpec EMPTY = FormatSpec.unnamed("empty", null, Technique.OTHER);
    public static final FormatSpec UNKNOWN = FormatSpec.unnamed("unknown", null, Technique.OTHER);

    /** Every kind named here, for the registry's format list and the README table. */
    public static List<FormatSpec> all() {
        return List.of(OLYMPUS_SIS_TIFF, DIGITALMICROGRAPH_TIFF, HAMAMATSU_TIFF, IMAGEJ_TIFF, GENERIC_TIFF, NEXUS_HDF5,
                GENERIC_HDF5, DICOM, ZIP, XML, TEXT, EMPTY, UNKNOWN);
    }
}
