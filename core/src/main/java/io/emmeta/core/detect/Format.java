package io.emmeta.core.detect;

import java.util.List;

/**
 * Every file kind the detector can name. Detection names more kinds than there are readers, so that an
 * unsupported file still gets a record saying what it is.
 */
public enum Format {
    ZEISS_SMARTSEM_TIFF("tiff/zeiss-smartsem", "Carl Zeiss", Technique.SEM, Ext.TIFF),
    ZEISS_ATLAS_FIBICS_TIFF("tiff/zeiss-atlas-fibics", "Carl Zeiss", Technique.SEM, Ext.TIFF),
    THERMOFISHER_XT_TIFF("tiff/thermofisher-xt", "Thermo Fisher Scientific", Technique.SEM, Ext.TIFF),
    PHENOM_TIFF("tiff/thermofisher-phenom", "Thermo Fisher Scientific", Technique.SEM, Ext.TIFF),
    TESCAN_TIFF("tiff/tescan", "TESCAN", Technique.SEM, Ext.TIFF),
    HITACHI_TIFF("tiff/hitachi", "Hitachi High-Tech", Technique.SEM, Ext.TIFF),
    JEOL_SIGHTX_TIFF("tiff/jeol-sightx", "JEOL", Technique.TEM, Ext.TIFF),
    TVIPS_TIFF("tiff/tvips", "TVIPS", Technique.TEM, Ext.TIFF),
    OLYMPUS_SIS_TIFF("tiff/olympus-sis", "Olympus Soft Imaging Solutions", Technique.TEM, Ext.TIFF),
    DIGITALMICROGRAPH_TIFF("tiff/gatan-digitalmicrograph", "Gatan", Technique.TEM, Ext.TIFF),
    HAMAMATSU_TIFF("tiff/hamamatsu", "Hamamatsu", Technique.OTHER, Ext.TIFF),
    IMAGEJ_TIFF("tiff/imagej", null, Technique.OTHER, Ext.TIFF),
    GENERIC_TIFF("tiff/generic", null, Technique.OTHER, Ext.TIFF),
    VELOX_EMD("hdf5/velox-emd", "Thermo Fisher Scientific", Technique.TEM, List.of(".emd")),
    BERKELEY_EMD("hdf5/berkeley-emd", null, Technique.TEM, List.of(".emd", ".h5")),
    DECTRIS_HDF5("hdf5/dectris-nexus", "Dectris", Technique.TEM, List.of(".h5", ".nxs")),
    NEXUS_HDF5("hdf5/nexus", null, Technique.OTHER, List.of(".nxs", ".nx5", ".h5", ".hdf5")),
    GENERIC_HDF5("hdf5/generic", null, Technique.OTHER, List.of(".h5", ".hdf5", ".hdf", ".he5", ".app5")),
    GATAN_DM3("gatan/dm3", "Gatan", Technique.TEM, List.of(".dm3")),
    GATAN_DM4("gatan/dm4", "Gatan", Technique.TEM, List.of(".dm4")),
    MRC("mrc", null, Technique.TEM, List.of(".mrc", ".mrcs", ".st", ".ali", ".rec")),
    TIA_EMI("fei-tia/emi", "FEI", Technique.TEM, List.of(".emi")),
    TIA_SER("fei-tia/ser", "FEI", Technique.TEM, List.of(".ser")),
    BRUKER_BCF("bruker/bcf", "Bruker", Technique.OTHER, List.of(".bcf")),
    BRUKER_SPX("bruker/spx", "Bruker", Technique.OTHER, List.of(".spx")),
    EDAX_SPC("edax/spc", "EDAX", Technique.OTHER, List.of(".spc")),
    EMSA_MSA("emsa/msa", null, Technique.OTHER, List.of(".msa", ".ems", ".emsa")),
    PHENOM_ELID("thermofisher/phenom-elid", "Thermo Fisher Scientific", Technique.SEM, List.of(".elid")),
    THERMOFISHER_EMXML("thermofisher/autoslice-project", "Thermo Fisher Scientific", Technique.SEM, List.of(".emxml")),
    JEOL_SEM_SIDECAR("text/jeol-sem", "JEOL", Technique.SEM, List.of(".txt")),
    JEOL_ANALYSIS_STATION("jeol/analysis-station", "JEOL", Technique.OTHER, List.of(".asw", ".img", ".map", ".pts")),
    HITACHI_SIDECAR("text/hitachi-sem", "Hitachi High-Tech", Technique.SEM, List.of(".txt")),
    TESCAN_HDR("text/tescan-hdr", "TESCAN", Technique.SEM, List.of(".hdr")),
    DIRECTELECTRON_INFO("text/directelectron-info", "Direct Electron", Technique.TEM, List.of(".txt")),
    DICOM("dicom", null, Technique.OTHER),
    ZIP("zip", null, Technique.OTHER),
    XML("xml", null, Technique.OTHER),
    TEXT("text", null, Technique.OTHER),
    EMPTY("empty", null, Technique.OTHER),
    UNKNOWN("unknown", null, Technique.OTHER);

    /** Shared ending lists (a nested class: enum constants cannot read the enum's own static fields). */
    private static final class Ext {
        static final List<String> TIFF = List.of(".tif", ".tiff");
    }

    private final String id;
    private final String vendor;
    private final Technique technique;
    private final List<String> extensions;

    Format(String id, String vendor, Technique technique) {
        this(id, vendor, technique, List.of());
    }

    Format(String id, String vendor, Technique technique, List<String> extensions) {
        this.id = id;
        this.vendor = vendor;
        this.technique = technique;
        this.extensions = extensions;
    }

    /**
     * The name endings (lower case, compared ignoring case) that uploads of this kind carry in the wild. Detection
     * never looks at them; they decide which uploads the deployment's trigger hands to the function at all
     * ({@link io.emmeta.core.TriggerSuffixes}), so a format with a reader must list every ending its files use.
     */
    public List<String> extensions() {
        return extensions;
    }

    public String id() {
        return id;
    }

    public String vendor() {
        return vendor;
    }

    public Technique technique() {
        return technique;
    }
}
