package io.emmeta.core.read.eds;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.WholeText;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;

/**
 * Vendor documents that are XML through and through (Bruker {@code .spx} spectra, Thermo Fisher Auto Slice & View
 * {@code .emxml} projects): the whole element tree, typed, through the hardened parser. Bounded in size.
 */
public final class XmlDocumentReader implements Reader {

    static final int MAX_BYTES = 16 * 1024 * 1024;

    public static final FormatSpec BRUKER_SPX = new FormatSpec("bruker/spx", "Bruker", Technique.OTHER, List.of(".spx"));
    public static final FormatSpec THERMOFISHER_EMXML = new FormatSpec("thermofisher/autoslice-project",
            "Thermo Fisher Scientific", Technique.SEM, List.of(".emxml"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(BRUKER_SPX, THERMOFISHER_EMXML);
    }

    /** By root element, seen in the first bytes; other XML is left to the detector's generic XML kind. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TEXT) {
            return Optional.empty();
        }
        String s = Head.text(probe.head());
        String t = s.stripLeading();
        if (!t.startsWith("<")) {
            return Optional.empty();
        }
        if (s.contains("<EMProject")) {
            return Optional.of(Sniff.certain(THERMOFISHER_EMXML, "xml", "XML root <EMProject>"));
        }
        if (s.contains("<TRTSpectrum")) {
            return Optional.of(Sniff.certain(BRUKER_SPX, "xml", "XML root <TRTSpectrum>"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        MetadataTree t = XmlTree.of(SafeXml.parse(WholeText.bytes(probe, MAX_BYTES, "XML document")).getDocumentElement(),
                warnings, detection.format().id());
        return ReadResult.of(t, warnings);
    }
}
