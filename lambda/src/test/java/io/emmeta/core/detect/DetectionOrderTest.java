package io.emmeta.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.emmeta.core.Readers;
import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.format.Detection;
import io.emmeta.core.source.ByteSource;
import io.emmeta.testing.InMemory;
import io.emmeta.testing.TiffBuilder;

/**
 * The TIFF precedence {@code Readers} documents, on built files that satisfy two readers at once: the more specific
 * claim wins whatever the tags' order in the file, and a reader's claim wins over the detector's fallbacks.
 */
class DetectionOrderTest {

    static final byte[] FEI_IMAGE = "<?xml version=\"1.0\"?><FeiImage><pixelWidth>1</pixelWidth></FeiImage>"
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] INI = "[Beam]\nHV=20000\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CZ_SEM = "AP_WD\nWD = 1.5 mm\n".getBytes(StandardCharsets.US_ASCII);

    static String detect(byte[] tiff) throws Exception {
        ByteSource src = InMemory.source(tiff);
        try (Probe probe = new Probe(src, "built.tif")) {
            Detection d = new FormatDetector(Readers.registry()).detect(probe);
            return d.format().id();
        }
    }

    static TiffBuilder tiff() {
        return TiffBuilder.classic().image(16, 16);
    }

    @Test
    void atlasWritesZeissTagsToo_FibicsWins() throws Exception {
        assertEquals("tiff/zeiss-atlas-fibics", detect(tiff().ascii(TiffTags.ZEISS_CZ_SEM, CZ_SEM)
                .bytes(TiffTags.FIBICS, "<Fibics/>".getBytes(StandardCharsets.US_ASCII)).build()));
    }

    @Test
    void phenomIsTheTitanTagAloneWithAFeiImageRoot() throws Exception {
        assertEquals("tiff/thermofisher-phenom", detect(tiff().ascii(TiffTags.FEI_TITAN, FEI_IMAGE).build()));
        assertEquals("tiff/thermofisher-xt", detect(tiff().ascii(TiffTags.FEI_HELIOS, INI)
                .ascii(TiffTags.FEI_TITAN, FEI_IMAGE).build()), "with xT's INI tag it is an xT file");
        assertEquals("tiff/thermofisher-xt", detect(tiff().ascii(TiffTags.FEI_TITAN,
                "<Metadata/>".getBytes(StandardCharsets.UTF_8)).build()), "34683 without <FeiImage> is xT");
    }

    @Test
    void privateTagsBeforeSignaturesInStandardTags() throws Exception {
        byte[] temReporter = "<TemReporter><x>1</x></TemReporter>".getBytes(StandardCharsets.US_ASCII);
        assertEquals("tiff/tescan", detect(tiff().ascii(TiffTags.IMAGE_DESCRIPTION, temReporter)
                .bytes(TiffTags.TESCAN, new byte[16]).build()));
        assertEquals("tiff/jeol-sightx", detect(tiff().ascii(TiffTags.IMAGE_DESCRIPTION, temReporter).build()));
    }

    @Test
    void aReadersClaimBeforeTheDetectorsFallbacks() throws Exception {
        byte[] hitachi = "SerialNumber=1\r\n".getBytes(StandardCharsets.UTF_16LE);
        assertEquals("tiff/hitachi", detect(tiff().bytes(TiffTags.XP_COMMENT, hitachi)
                .bytes(TiffTags.OLYMPUS_SIS, new byte[8]).build()));
        assertEquals("tiff/olympus-sis", detect(tiff().bytes(TiffTags.OLYMPUS_SIS, new byte[8]).build()));
        assertEquals("tiff/generic", detect(tiff().build()));
    }
}
