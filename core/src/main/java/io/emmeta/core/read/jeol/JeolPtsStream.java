package io.emmeta.core.read.jeol;

import java.util.List;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;

/**
 * Where a {@code .pts} spectrum image's data lies, for the preview, which plots its sum spectrum. The data is not an
 * array but an event stream (see {@link SpectrumRef.Encoding#JEOL_PTS}) from the offset the header's int32 at byte
 * 28 gives to the end of the object: the header's "data length" (at 32) is not to be believed (the corpus's
 * {@code Dummy-Data_0000007.pts} gives the whole object's size there).
 *
 * <p>Why a plot and not an image: the stream holds the X-rays in acquisition order, each preceded by its pixel's
 * position, sweep after sweep over the whole field; the sum spectrum is the whole stream's, at 2 bytes an X-ray, so
 * a file whose stream fits the preview's budget (both corpus files, 1.4 MB and 18 KB) gets it. An image would need
 * the same whole-stream read (an element map, a count map), or an electron image the stream carries only sometimes
 * (values {@code 0xA…}: in the 64 × 64 file, not in the 512 × 512 one). A stream past the budget therefore gets a
 * typed preview warning, not a part of the acquisition presented as the whole.
 *
 * <p>The energy axis is HyperSpy's: {@code CoefA} keV per channel, the first channel at {@code CoefB − CoefA ×
 * DigZ}, {@code DigZ} the zero channel of the acquisition's template ({@code Meas Cond/Tpl}, e.g. T4) among the
 * EDXRF page's templates.
 */
final class JeolPtsStream {

    private JeolPtsStream() {
    }

    /** The stream's SpectrumRef, or null with a typed preview warning when the tree lacks the calibration. */
    static SpectrumRef spectrum(MetadataTree root, long dataAt, long size, List<Problem> warnings) {
        MetadataTree meas = root.getTree("PTTD Data/AnalyzableMap MeasData");
        Double perChannel = meas == null ? null : number(meas.get("Doc/CoefA"));
        Double first = meas == null ? null : number(meas.get("Doc/CoefB"));
        String template = meas == null ? null : meas.text("Meas Cond/Tpl");
        Double zero = template == null || template.isEmpty() || template.contains("/") ? null
                : number(root.get("PTTD Param/Params/PARAMPAGE1_EDXRF/Tpl/" + template + "/DigZ"));
        if (perChannel == null || first == null || zero == null) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "preview: the .pts energy calibration (Doc/CoefA, Doc/CoefB,"
                    + " the template's DigZ) is incomplete; no spectrum is plotted"));
            return null;
        }
        if (dataAt <= 0 || dataAt >= size) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "preview: the .pts header puts its data at byte " + dataAt
                    + "; the object has " + size));
            return null;
        }
        return SpectrumRef.at(SpectrumRef.Encoding.JEOL_PTS, dataAt, size - dataAt, 4096, first - perChannel * zero,
                perChannel, "keV");
    }

    private static Double number(Value v) {
        return v != null && v.isNumber() ? v.asDouble() : null;
    }
}
