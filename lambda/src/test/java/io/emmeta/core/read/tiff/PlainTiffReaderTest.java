package io.emmeta.core.read.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.FormatDetector;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/** Vendors without a dedicated reader still get their baseline tags and embedded text, typed. */
class PlainTiffReaderTest {

    static MetadataTree read(String file) throws Exception {
        Path p = Corpus.file(file);
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new PlainTiffReader().read(probe, new FormatDetector(io.emmeta.core.Readers.registry()).detect(probe)).original();
        }
    }

    @Test
    void jeolSightXTemReporterMapsToTheTemSchemaWithItsZoneConverted() throws Exception {
        var r = io.emmeta.testing.Chain.extract(Corpus.file("rosettasciio/JEOL-SightX-TEM-mag-dummy.tif"));
        assertEquals("tiff/jeol-sightx", r.detected().format());
        assertEquals(200000, r.mapped().at("/instrument/source/accelerationVoltage/value").asInt());
        assertEquals(150000, r.mapped().at("/instrument/setMagnification").asInt(), "selector in X: a magnification");
        assertEquals(0.1, r.mapped().at("/instrument/detector/exposureTime/value").asDouble(), 1e-12, "100000 µs");
        assertEquals("2019-11-27T07:11:26Z", r.mapped().get("startTime").asText(), "16:11:26+09:00 in UTC");
        assertEquals("JEM-ARM200F", r.mapped().at("/instrument/instrumentName").asText());
    }

    @Test
    void hitachiXpCommentWithoutItsSidecar() throws Exception {
        MetadataTree t = read("public/Training_Program_2/sample-１_200倍(x200).tif");
        assertEquals("2170A6-05", t.text("XPComment/SerialNumber"));
        assertEquals(496.0938, t.get("XPComment/PixelSize").asDouble(), 1e-9);
        assertTrue(t.text("XPComment/Condition").contains("Vacc=15.0kV"));
        assertEquals(1280L, t.get("tiff/ImageWidth").value());
    }

    @Test
    void imageJCalibrationAndJeolSightXXml() throws Exception {
        MetadataTree ij = read("rosettasciio/test_loading_image_saved_with_imageJ.tif");
        assertEquals("micron", ij.text("ImageDescription/unit"));
        assertEquals("1.51a", ij.text("ImageDescription/ImageJ"));
        MetadataTree sx = read("rosettasciio/JEOL-SightX-TEM-mag-dummy.tif");
        assertEquals("JEM-ARM200F", sx.text("ImageDescription/Instruments"));
        assertEquals("JEOL Ltd.", sx.text("ImageDescription/Manufacturer"));
    }

    @Test
    void privateTagsAreListedNotGuessed() throws Exception {
        MetadataTree t = read("rosettasciio/olympus_SIS.tif");
        assertTrue(t.getTree("privateTags").entries().keySet().stream().anyMatch(k -> k.startsWith("33560")
                || k.startsWith("33471")), t.getTree("privateTags").entries().toString());
    }
}
