package io.emmeta.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.emmeta.s3.UploadOutcome;

/**
 * The sequential round trips of the HDF5 files the TopSpin and NeXus tree readers walk (issue #15), measured as
 * {@link Hdf5RoundTripsTest} measures the Velox files ({@link DelayedUploads}: S3Proxy behind a delaying proxy, the
 * real upload processor, preview off). Before these readers said what they walk ({@code hdf5Walk}) and before the
 * prefetch read version-2 object headers, link messages and dense link storage (the Dectris master is in the 1.8
 * format), jHDF's walk fetched one structure per round trip: this rig counted 8, 22, 23 and 15 sequential round trips
 * (the HEAD and the PUTs included), and counts 5, 8, 7 and 8 with them. The bounds are those figures with one trip of
 * room for the machine's load, below every figure before.
 */
class Hdf5WalkPlansRoundTripsTest {

    static final String BUCKET = "h5plans";
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

    /** Each file once warm, then once counted. */
    @ParameterizedTest
    @CsvSource({
        "public/rosettasciio/topspin_test_A.app5, hdf5/nanomegas-topspin, 6",
        "public/rosettasciio/topspin_test_B.app5, hdf5/nanomegas-topspin, 9",
        "not-microscopy/IV_CURVE.nxs, hdf5/nexus, 8",
        "public/rosettasciio/test_00_master.h5, hdf5/dectris-nexus, 9"})
    void aWalkedHdf5FileCostsFewSequentialRoundTrips(String file, String format, int maxRoundTrips) throws Exception {
        String key = "p/" + file.substring(file.lastIndexOf('/') + 1);
        DelayedUploads.Measured m = rig.measure(file, key);
        UploadOutcome o = m.outcome();
        assertEquals(format, o.format(), o.message());
        assertTrue(o.status().equals("ok") || o.status().equals("partial"), o.status() + " " + o.message());
        assertTrue(m.roundTrips() <= maxRoundTrips, file + ": " + m.roundTrips() + " sequential round trips "
                + m.byType());
    }
}
