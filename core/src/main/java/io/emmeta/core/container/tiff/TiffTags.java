package io.emmeta.core.container.tiff;

import java.util.Map;

/**
 * TIFF tag numbers with their names, standard ones and the vendors' private ones, in one place beside the container
 * that reads them (metadata-extractor keeps its tag constants the same way): readers and detection both take them
 * from here, and a record can name a tag instead of showing a bare number.
 */
public final class TiffTags {
    private TiffTags() {
    }

    // Standard baseline and extension tags (TIFF 6.0)
    public static final int IMAGE_WIDTH = TiffPage.IMAGE_WIDTH;
    public static final int IMAGE_LENGTH = TiffPage.IMAGE_LENGTH;
    public static final int IMAGE_DESCRIPTION = TiffPage.IMAGE_DESCRIPTION;
    public static final int ARTIST = TiffPage.ARTIST;
    public static final int STRIP_OFFSETS = 273;
    public static final int STRIP_BYTE_COUNTS = 279;
    public static final int TILE_OFFSETS = 324;
    public static final int TILE_BYTE_COUNTS = 325;
    /** Windows Explorer's comment, UTF-16LE; Hitachi writes its key=value lines here. */
    public static final int XP_COMMENT = 40092;
    /** Windows Explorer's author, UTF-16LE. */
    public static final int XP_AUTHOR = 40093;

    // Vendors' private tags
    /** Olympus Soft Imaging Solutions (analySIS) binary block. */
    public static final int OLYMPUS_SIS = 33560;
    /** Olympus SIS INI-like text. */
    public static final int OLYMPUS_SIS_INI = 33471;
    /** Carl Zeiss SmartSEM: the CZ_SEM parameter block (ASCII). */
    public static final int ZEISS_CZ_SEM = 34118;
    /** Carl Zeiss SmartSEM: the same block as UTF-16 (newer SmartSEM versions). */
    public static final int ZEISS_CZ_SEM_UTF16 = 34119;
    /** FEI/Thermo Fisher: FEI_SFEG, XML from older xT versions. */
    public static final int FEI_SFEG = 34680;
    /** FEI/Thermo Fisher: FEI_HELIOS, the xT INI text. */
    public static final int FEI_HELIOS = 34682;
    /** FEI/Thermo Fisher: FEI_TITAN, XML; Phenom writes its {@code <FeiImage>} here. */
    public static final int FEI_TITAN = 34683;
    /** TVIPS (EM-MENU): the file offset of the TVIPS header, not the header itself. */
    public static final int TVIPS = 37706;
    /** TESCAN: the blocks of INI text. */
    public static final int TESCAN = 50431;
    /** Fibics (Zeiss Atlas): the Fibics XML. */
    public static final int FIBICS = 51023;
    /** First and last of the tags Gatan DigitalMicrograph writes when exporting a TIFF. */
    public static final int DM_FIRST = 65003;
    public static final int DM_LAST = 65027;

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(IMAGE_DESCRIPTION, "ImageDescription"),
            Map.entry(ARTIST, "Artist"), Map.entry(XP_COMMENT, "XPComment"), Map.entry(XP_AUTHOR, "XPAuthor"),
            Map.entry(OLYMPUS_SIS, "Olympus SIS"), Map.entry(OLYMPUS_SIS_INI, "Olympus SIS INI"),
            Map.entry(ZEISS_CZ_SEM, "CZ_SEM"), Map.entry(ZEISS_CZ_SEM_UTF16, "CZ_SEM as UTF-16"),
            Map.entry(FEI_SFEG, "FEI_SFEG"), Map.entry(FEI_HELIOS, "FEI_HELIOS INI"), Map.entry(FEI_TITAN, "FEI_TITAN XML"),
            Map.entry(TVIPS, "TVIPS header"), Map.entry(TESCAN, "Tescan blocks"), Map.entry(FIBICS, "Fibics XML"));

    /** The tag's name, or null for a tag not listed here. */
    public static String name(int tag) {
        return NAMES.get(tag);
    }
}
