package io.emmeta.core;

import java.util.List;

import io.emmeta.core.read.Reader;
import io.emmeta.core.read.eds.BrukerBcfReader;
import io.emmeta.core.read.eds.EdaxSpcReader;
import io.emmeta.core.read.eds.EmsaReader;
import io.emmeta.core.read.eds.XmlDocumentReader;
import io.emmeta.core.read.fibics.FibicsTiffReader;
import io.emmeta.core.read.gatan.DigitalMicrographReader;
import io.emmeta.core.read.hdf5.Hdf5TreeReader;
import io.emmeta.core.read.de.DirectElectronInfoReader;
import io.emmeta.core.read.hitachi.HitachiSidecarReader;
import io.emmeta.core.read.jeol.JeolAnalysisStationReader;
import io.emmeta.core.read.jeol.JeolSemSidecarReader;
import io.emmeta.core.read.mrc.MrcReader;
import io.emmeta.core.read.ncem.BerkeleyEmdReader;
import io.emmeta.core.read.tescan.TescanReader;
import io.emmeta.core.read.thermo.PhenomElidReader;
import io.emmeta.core.read.thermo.ThermoXtTiffReader;
import io.emmeta.core.read.tia.TiaEmiReader;
import io.emmeta.core.read.tia.TiaSerReader;
import io.emmeta.core.read.tiff.PlainTiffReader;
import io.emmeta.core.read.velox.VeloxEmdReader;
import io.emmeta.core.read.zeiss.ZeissSmartSemReader;

/** Every reader we ship, in one explicit list (no service loading, so the native image sees them all). */
public final class Readers {
    private Readers() {
    }

    public static List<Reader> all() {
        return List.of(new ZeissSmartSemReader(), new ThermoXtTiffReader(), new PhenomElidReader(), new VeloxEmdReader(),
                new PlainTiffReader(), new JeolSemSidecarReader(), new JeolAnalysisStationReader(), new HitachiSidecarReader(),
                new BerkeleyEmdReader(), new MrcReader(),
                new DirectElectronInfoReader(), new TiaEmiReader(), new TiaSerReader(),
                new Hdf5TreeReader(), new EmsaReader(), new EdaxSpcReader(), new BrukerBcfReader(), new XmlDocumentReader(),
                new TescanReader(), new FibicsTiffReader(),
                new DigitalMicrographReader());
    }
}
