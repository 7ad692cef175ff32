package io.emmeta.core;

import java.util.ArrayList;
import java.util.List;

import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.NamedFormats;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.ReaderRegistry;
import io.emmeta.core.read.ceos.PantaRheiReader;
import io.emmeta.core.read.de.DirectElectronInfoReader;
import io.emmeta.core.read.delmic.OdemisHdf5Reader;
import io.emmeta.core.read.eds.BrukerBcfReader;
import io.emmeta.core.read.eds.EdaxSpcReader;
import io.emmeta.core.read.eds.EmsaReader;
import io.emmeta.core.read.eds.XmlDocumentReader;
import io.emmeta.core.read.empad.EmpadXmlReader;
import io.emmeta.core.read.epu.EpuXmlReader;
import io.emmeta.core.read.fibics.FibicsTiffReader;
import io.emmeta.core.read.gatan.DigitalMicrographReader;
import io.emmeta.core.read.hamamatsu.HamamatsuImgReader;
import io.emmeta.core.read.hamamatsu.HamamatsuStreakTiffReader;
import io.emmeta.core.read.hdf5.Hdf5TreeReader;
import io.emmeta.core.read.hitachi.HitachiSidecarReader;
import io.emmeta.core.read.jeol.JeolAnalysisStationReader;
import io.emmeta.core.read.jeol.JeolSemSidecarReader;
import io.emmeta.core.read.jeol.SightXTiffReader;
import io.emmeta.core.read.mrc.MrcReader;
import io.emmeta.core.read.nanomegas.BlockfileReader;
import io.emmeta.core.read.nanomegas.TopSpinApp5Reader;
import io.emmeta.core.read.ncem.BerkeleyEmdReader;
import io.emmeta.core.read.nion.NionSwiftReader;
import io.emmeta.core.read.protochips.ProtochipsCsvReader;
import io.emmeta.core.read.quantumdetectors.MerlinReader;
import io.emmeta.core.read.serialem.SerialEmMdocReader;
import io.emmeta.core.read.tescan.TescanReader;
import io.emmeta.core.read.thermo.PhenomElidReader;
import io.emmeta.core.read.thermo.PhenomTiffReader;
import io.emmeta.core.read.thermo.ThermoXtTiffReader;
import io.emmeta.core.read.tia.TiaEmiReader;
import io.emmeta.core.read.tia.TiaSerReader;
import io.emmeta.core.read.tiff.PlainTiffReader;
import io.emmeta.core.read.tvips.TvipsTiffReader;
import io.emmeta.core.read.velox.VeloxEmdReader;
import io.emmeta.core.read.zeiss.ZeissSmartSemReader;

/**
 * Every reader we ship, in one explicit list (no service loading, so the native image sees them all). It is the one
 * registry: detection, {@link Extractor#standard}, the CLI, the deployment's trigger set ({@link TriggerSuffixes}),
 * sidecar pairing ({@link SidecarNames}) and the README's formats table all read it.
 *
 * <p>The order is the order detection asks the readers' sniffs in, and the first certain claim wins. It matters only
 * between readers that sniff the same container, where a file could satisfy two of them:
 * <ul>
 * <li>TIFF, most specific first. Fibics before Zeiss: Atlas writes Zeiss's CZ_SEM tag beside its own 51023. Phenom
 * before xT: Phenom writes xT's tag 34683 (alone, with a {@code <FeiImage>} root). Then the other private tags (Zeiss,
 * xT, TESCAN) in the order they have always been asked — no known file carries two of them. Then signatures in standard
 * tags any writer may fill (SightX's ImageDescription, Hitachi's XPComment, asked by {@link PlainTiffReader}), and last
 * TVIPS's pointer tag, as before. Kinds without a claim (Olympus, DM-TIFF, Hamamatsu, ImageJ, generic) are the
 * detector's fallbacks.</li>
 * <li>HDF5: Velox (its /Version), Berkeley EMD (root version_major), Delmic Odemis (Acquisition groups whose SVIData
 * names Delmic/Odemis), TopSpin (a procedure XML in a Metadata string), then NeXus/Dectris (an /entry group), the
 * loosest layout last.</li>
 * <li>Text: the sidecars by their first lines (Hitachi, JEOL, then TESCAN's [MAIN], which a '#' comment line may
 * precede), EMSA, DirectElectron, then XML documents by root element.</li>
 * <li>ZIP: asked only when no binary magic claimed the object; a claim names the archive by its entries (Nion
 * Swift's data.npy + metadata.json, Panta Rhei's data.npy + meta_data.npy), other archives stay the detector's plain
 * ZIP.</li>
 * <li>Other binary: magic numbers only; the header-consistency claims (MRC without 'MAP ', EDAX .spc) are probable and
 * so wait until every magic has been checked.</li>
 * </ul>
 */
public final class Readers {
    private Readers() {
    }

    public static List<Reader> all() {
        return List.of(
                // TIFF (TESCAN also sniffs its .hdr text; the two text sidecars come before it, see above)
                new FibicsTiffReader(), new ZeissSmartSemReader(), new PhenomTiffReader(), new ThermoXtTiffReader(),
                new HitachiSidecarReader(), new JeolSemSidecarReader(), new TescanReader(), new SightXTiffReader(),
                new PlainTiffReader(), new TvipsTiffReader(), new HamamatsuStreakTiffReader(),
                // text
                new EmsaReader(), new DirectElectronInfoReader(), new XmlDocumentReader(), new SerialEmMdocReader(),
                new EpuXmlReader(), new EmpadXmlReader(), new ProtochipsCsvReader(),
                // HDF5
                new VeloxEmdReader(), new BerkeleyEmdReader(), new OdemisHdf5Reader(), new TopSpinApp5Reader(),
                new Hdf5TreeReader(),
                // other binary
                new DigitalMicrographReader(), new MrcReader(), new TiaSerReader(), new TiaEmiReader(),
                new BrukerBcfReader(), new PhenomElidReader(), new EdaxSpcReader(), new JeolAnalysisStationReader(),
                new MerlinReader(), new HamamatsuImgReader(), new BlockfileReader(),
                // ZIP (asked only about objects with the ZIP local header magic)
                new NionSwiftReader(), new PantaRheiReader());
    }

    /**
     * Every format detection can name: those the readers read, in registry order, then the kinds only named by the
     * detector's fallbacks (DICOM, ZIP, text...). The README's formats table lists these.
     */
    public static List<FormatSpec> allFormats() {
        List<FormatSpec> out = new ArrayList<>(registry().formats());
        NamedFormats.all().stream().filter(f -> registry().forId(f.id()) == null).forEach(out::add);
        return List.copyOf(out);
    }

    /**
     * The registry of every reader we ship, built once (readers are stateless after construction; in the native
     * image, when the image is built: see {@link StandardReaders}).
     */
    public static ReaderRegistry registry() {
        return StandardReaders.REGISTRY;
    }
}
