package io.emmeta.core.detect;

/**
 * Every file kind the detector can name. Detection names more kinds than there are readers, so that an
 * unsupported file still gets a record saying what it is.
 */
public enum Format {
    ZEISS_SMARTSEM_TIFF("tiff/zeiss-smartsem", "Carl Zeiss", Technique.SEM),
    ZEISS_ATLAS_FIBICS_TIFF("tiff/zeiss-atlas-fibics", "Carl Zeiss", Technique.SEM),
    THERMOFISHER_XT_TIFF("tiff/thermofisher-xt", "Thermo Fisher Scientific", Technique.SEM),
    PHENOM_TIFF("tiff/thermofisher-phenom", "Thermo Fisher Scientific", Technique.SEM),
    TESCAN_TIFF("tiff/tescan", "TESCAN", Technique.SEM),
    HITACHI_TIFF("tiff/hitachi", "Hitachi High-Tech", Technique.SEM),
    JEOL_SIGHTX_TIFF("tiff/jeol-sightx", "JEOL", Technique.TEM),
    TVIPS_TIFF("tiff/tvips", "TVIPS", Technique.TEM),
    OLYMPUS_SIS_TIFF("tiff/olympus-sis", "Olympus Soft Imaging Solutions", Technique.TEM),
    DIGITALMICROGRAPH_TIFF("tiff/gatan-digitalmicrograph", "Gatan", Technique.TEM),
    HAMAMATSU_TIFF("tiff/hamamatsu", "Hamamatsu", Technique.OTHER),
    IMAGEJ_TIFF("tiff/imagej", null, Technique.OTHER),
    GENERIC_TIFF("tiff/generic", null, Technique.OTHER),
    VELOX_EMD("hdf5/velox-emd", "Thermo Fisher Scientific", Technique.TEM),
    BERKELEY_EMD("hdf5/berkeley-emd", null, Technique.TEM),
    DECTRIS_HDF5("hdf5/dectris-nexus", "Dectris", Technique.TEM),
    NEXUS_HDF5("hdf5/nexus", null, Technique.OTHER),
    GENERIC_HDF5("hdf5/generic", null, Technique.OTHER),
    GATAN_DM3("gatan/dm3", "Gatan", Technique.TEM),
    GATAN_DM4("gatan/dm4", "Gatan", Technique.TEM),
    MRC("mrc", null, Technique.TEM),
    TIA_EMI("fei-tia/emi", "FEI", Technique.TEM),
    TIA_SER("fei-tia/ser", "FEI", Technique.TEM),
    BRUKER_BCF("bruker/bcf", "Bruker", Technique.OTHER),
    BRUKER_SPX("bruker/spx", "Bruker", Technique.OTHER),
    EDAX_SPC("edax/spc", "EDAX", Technique.OTHER),
    EMSA_MSA("emsa/msa", null, Technique.OTHER),
    PHENOM_ELID("thermofisher/phenom-elid", "Thermo Fisher Scientific", Technique.SEM),
    THERMOFISHER_EMXML("thermofisher/autoslice-project", "Thermo Fisher Scientific", Technique.SEM),
    JEOL_SEM_SIDECAR("text/jeol-sem", "JEOL", Technique.SEM),
    JEOL_ANALYSIS_STATION("jeol/analysis-station", "JEOL", Technique.OTHER),
    HITACHI_SIDECAR("text/hitachi-sem", "Hitachi High-Tech", Technique.SEM),
    TESCAN_HDR("text/tescan-hdr", "TESCAN", Technique.SEM),
    DIRECTELECTRON_INFO("text/directelectron-info", "Direct Electron", Technique.TEM),
    DICOM("dicom", null, Technique.OTHER),
    ZIP("zip", null, Technique.OTHER),
    XML("xml", null, Technique.OTHER),
    TEXT("text", null, Technique.OTHER),
    EMPTY("empty", null, Technique.OTHER),
    UNKNOWN("unknown", null, Technique.OTHER);

    private final String id;
    private final String vendor;
    private final Technique technique;

    Format(String id, String vendor, Technique technique) {
        this.id = id;
        this.vendor = vendor;
        this.technique = technique;
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
