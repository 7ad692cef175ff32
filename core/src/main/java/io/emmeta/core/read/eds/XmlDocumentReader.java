package io.emmeta.core.read.eds;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.Detection;
import io.emmeta.core.detect.Format;
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

    @Override
    public Set<Format> formats() {
        return Set.of(Format.BRUKER_SPX, Format.THERMOFISHER_EMXML);
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        MetadataTree t = XmlTree.of(SafeXml.parse(WholeText.bytes(probe, MAX_BYTES, "XML document")).getDocumentElement(),
                warnings, detection.format().id());
        return ReadResult.of(t, warnings);
    }
}
