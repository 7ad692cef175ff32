package io.emmeta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SidecarNamesTest {

    @Test
    void jeolHitachiTescanAndDirectElectronPairsAreFoundFromEitherHalf() {
        assertEquals(List.of("a/img 1.txt", "a/img 1.TXT", "a/img 1.hdr", "a/img 1.HDR", "a/img 1.xml", "a/img 1.XML",
                "a/img 1.tif.mdoc"), SidecarNames.sidecarsOf("a/img 1.tif"));
        assertTrue(SidecarNames.imagesOf("a/img 1.hdr").contains("a/img 1.tif"));
        assertTrue(SidecarNames.isSidecarName("x/scan.hdr") && SidecarNames.isSidecarName("x/image000.TXT"));
        assertEquals(List.of("de/20230925_00012_info.txt"), SidecarNames.sidecarsOf("de/20230925_00012_movie.mrc"));
        assertEquals("de/20230925_00012_movie.mrc", SidecarNames.imagesOf("de/20230925_00012_info.txt").get(0));
        assertTrue(SidecarNames.isImageName("de/20230925_00012_movie.mrc"));
        assertTrue(SidecarNames.isImageName("jeol/image000.Tif"), "mixed case is an image name too");
        assertTrue(SidecarNames.sidecarsOf("jeol/image000.Tif").contains("jeol/image000.txt"));
        // TIA: name.emi describes name_1.ser (its first series)
        assertEquals(List.of("tia/run 3.emi"), SidecarNames.sidecarsOf("tia/run 3_1.ser"));
        assertEquals("tia/run 3_1.ser", SidecarNames.imagesOf("tia/run 3.emi").get(0));
        assertTrue(SidecarNames.isSidecarName("tia/run 3.emi") && SidecarNames.isImageName("tia/run 3_1.ser"));
        // a plain MRC pairs only with an EPU record of the same stem or a SerialEM autodoc of its whole name
        assertTrue(SidecarNames.isImageName("de/HAADFscan.mrc"));
        assertEquals(List.of("de/HAADFscan.xml", "de/HAADFscan.XML", "de/HAADFscan.mrc.mdoc"), SidecarNames.sidecarsOf("de/HAADFscan.mrc")
                .stream().filter(s -> !s.endsWith(".txt") && !s.endsWith(".TXT") && !s.endsWith(".hdr")
                        && !s.endsWith(".HDR")).toList());
    }

    /** SerialEM names the autodoc by the image's whole name plus .mdoc (SerialEM's "Save autodoc" convention). */
    @Test
    void serialEmAutodocIsTheWholeImageNamePlusMdoc() {
        assertTrue(SidecarNames.sidecarsOf("tomo/TS_01.mrc").contains("tomo/TS_01.mrc.mdoc"));
        assertTrue(SidecarNames.sidecarsOf("tomo/TS_01.TIFF").contains("tomo/TS_01.TIFF.mdoc"), "the name as written");
        assertEquals(List.of("tomo/TS_01.mrc"), SidecarNames.imagesOf("tomo/TS_01.mrc.mdoc"),
                "the image is named in full: no other candidate");
        assertEquals(List.of("tomo/a.b.Tif"), SidecarNames.imagesOf("tomo/a.b.Tif.mdoc"));
        assertTrue(SidecarNames.isSidecarName("tomo/TS_01.tiff.mdoc"));
        assertTrue(SidecarNames.isSidecarName("tomo/TS_01.MRC.mdoc"));
        // an autodoc not named after an image of ours (a montage's navigator, a .st stack) pairs with nothing
        assertFalse(SidecarNames.isSidecarName("tomo/tilt_series.mdoc"));
        assertFalse(SidecarNames.isSidecarName("tomo/TS_01.st.mdoc"));
        assertFalse(SidecarNames.isSidecarName("tomo/.mrc.mdoc"), "no image name before the extension");
        assertTrue(SidecarNames.isImageName("tomo/TS_01.mrc"));
        assertTrue(SidecarNames.pairEndings().containsAll(List.of(".mdoc", ".mrc", ".tif", ".tiff")));
    }
}
