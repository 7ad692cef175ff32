package io.emmeta.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.emmeta.s3.UploadOutcome;

/**
 * The S3 calls and sequential round trips of TIFF uploads through the real upload processor (issue #15's TIFF target:
 * at most 3, the first ranged GET, one wave for the IFD and its values, the PUTs side by side), measured as
 * {@link Hdf5RoundTripsTest} measures the Velox files: S3Proxy behind a {@link LatencyProxy} that delays every response,
 * preview off. The JEOL SightX files took 4 before their IFD's window reached back to the values that precede it.
 */
class TiffSequentialRoundTripsTest {

    static final String BUCKET = "tifftrips";
    /** As in {@link Hdf5RoundTripsTest}: long enough that calls issued together overlap on a loaded machine. */
    static final long DELAY_MS = 150;
    static DelayedUploads rig;

    @BeforeAll
    static void start() throws Exception {
        rig = new DelayedUploads(BUCKET, DELAY_MS);
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    /** Each file once warm (connections open, as in a warm Lambda), then once counted with the delay. */
    @ParameterizedTest
    @CsvSource({
        "rosettasciio/JEOL-SightX-TEM-mag-dummy.tif",
        "public/rosettasciio/JEOL-SightX-Ronchigram-dummy.tif",
        "tomo_mapper/SEM_Image-SliceImage-001.tif",
        "public/odemis/jeol_example_sem.tif"})
    void aTiffCostsAtMostThreeSequentialRoundTrips(String file) throws Exception {
        String key = "t/" + file.substring(file.lastIndexOf('/') + 1);
        DelayedUploads.Measured m = rig.measure(file, key);
        UploadOutcome o = m.outcome();
        Map<String, Integer> byType = m.byType();
        int trips = m.roundTrips();
        assertTrue(o.format().startsWith("tiff/"), o.format() + " " + o.message());
        assertTrue(o.status().equals("ok") || o.status().equals("partial"), o.status() + " " + o.message());
        assertTrue(trips <= 3, file + ": " + trips + " sequential round trips " + byType);
    }

    /**
     * Zeiss SmartSEM writes its first IFD at byte 8 and the CZ_SEM block right after it; the first ranged GET (32 KiB)
     * covers both when the block ends before byte 32,768: then the upload is one GET beside the LIST, and the PUTs
     * (2 round trips, 4 calls). Where the values end, read with Python's struct from the files' IFD entries (offset
     * plus count times type size): 31,748, 31,752 and 31,840; the multi-page file's first page ends at 27,756, its
     * second IFD sits at 3,173,484 with values to 3,201,232, one more GET in the second wave (5 calls, the issue's
     * bound). With the 16 KiB first read these cost one GET and one round trip more.
     */
    @ParameterizedTest
    @CsvSource({
        "rosettasciio/test_tiff_Zeiss_SEM_1k.tif, 1, 2",
        "vitalielias-mapping/zeiss_auriga.tif, 1, 2",
        "SEM-Mapping-Tool/1-as-cast_16_Sch_10k_InLens.tif, 1, 2",
        "rosettasciio/ZEISS_SEM_multipage.tif, 2, 3"})
    void aZeissTiffWhoseTagsEndWithinTheFirstReadCostsNoSecondGet(String file, int gets, int roundTrips)
            throws Exception {
        String key = "z/" + file.substring(file.lastIndexOf('/') + 1);
        DelayedUploads.Measured m = rig.measure(file, key);
        UploadOutcome o = m.outcome();
        Map<String, Integer> byType = m.byType();
        assertEquals("tiff/zeiss-smartsem", o.format(), o.message());
        assertEquals(gets, byType.getOrDefault("GET", 0), file + ": " + byType);
        assertTrue(m.roundTrips() <= roundTrips, file + ": " + m.roundTrips() + " sequential round trips " + byType);
        assertTrue(byType.values().stream().mapToInt(Integer::intValue).sum() <= 5, file + ": " + byType);
    }
}
