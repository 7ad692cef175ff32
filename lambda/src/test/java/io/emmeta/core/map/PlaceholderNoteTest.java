package io.emmeta.core.map;

import static io.emmeta.testing.Chain.extract;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Corpus;

/**
 * A placeholder a file writes for "not recorded" stays out of the document (formats.md §9.1), and a note names the
 * field, so the gap is not silent (issue #17). Values read without our code: {@code grep -a PROBE_CURRENT} gives
 * {@code $$SM_PROBE_CURRENT 0.00}; HyperSpy 1.7.3's original_metadata of the MonoCL DM4 gives
 * {@code Microscope Info.STEM Camera Length = 0.0} (HyperSpy passes it on as {@code camera_length = 0.0}).
 */
class PlaceholderNoteTest {

    @Test
    void jeolProbeCurrentZeroIsLeftOutWithANote() throws Exception {
        ExtractionRecord r = extract(Corpus.file("public/NexusLIMS/text_preview_jeol_ansi.txt"));
        assertTrue(r.mapped().at("/entry/instrument/eBeamSource/beamCurrent").isMissingNode(), r.mapped().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("entry.instrument.eBeamSource.beamCurrent: SM_PROBE_CURRENT")
                && n.contains("placeholder")), r.notes().toString());
    }

    @Test
    void digitalMicrographCameraLengthZeroIsLeftOutWithANote() throws Exception {
        ExtractionRecord r = extract(Corpus.file("public/rosettasciio/test-MonoCL_spectrum-SI.dm4"));
        assertTrue(r.mapped().at("/instrument/setCameraLength").isMissingNode(), r.mapped().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("instrument.setCameraLength: Microscope Info/STEM Camera"
                + " Length") && n.contains("placeholder")), r.notes().toString());
    }
}
