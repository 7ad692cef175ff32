package io.emmeta.bench;

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
}
