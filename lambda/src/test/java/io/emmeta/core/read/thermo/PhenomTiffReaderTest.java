package io.emmeta.core.read.thermo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.format.Detection;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.testing.InMemory;
import io.emmeta.testing.TiffBuilder;

/**
 * The Phenom TIFF reader split out of the plain TIFF reader: the plain reading (baseline tags) plus the tag 34683
 * {@code <FeiImage>} document under {@code FeiImage}, on a built file (the corpus has no Phenom TIFF of its own).
 */
class PhenomTiffReaderTest {

    @Test
    void readsTheFeiImageDocumentBesideTheBaselineTags() throws Exception {
        byte[] xml = ("<?xml version=\"1.0\"?><FeiImage><instrument><type>Phenom</type></instrument>"
                + "<pixelWidth unit=\"m\">2.5E-08</pixelWidth></FeiImage>").getBytes(StandardCharsets.UTF_8);
        byte[] tif = TiffBuilder.classic().image(32, 24).ascii(TiffTags.FEI_TITAN, xml).build();
        MetadataTree t;
        try (Probe probe = new Probe(InMemory.source(tif), "phenom.tif")) {
            t = new PhenomTiffReader().read(probe, new Detection(PhenomTiffReader.FORMAT, "tiff", List.of("built")))
                    .original();
        }
        assertEquals(32L, t.get("tiff/ImageWidth").value());
        assertEquals("Phenom", t.text("FeiImage/instrument/type"));
        assertNotNull(t.get("FeiImage/pixelWidth"), "the pixel width element is kept");
        assertNotNull(t.get("privateTags/" + TiffTags.FEI_TITAN), "private tags still listed with their size");
    }
}
