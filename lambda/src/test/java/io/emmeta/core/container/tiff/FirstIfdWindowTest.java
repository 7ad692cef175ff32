package io.emmeta.core.container.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * Where the first IFD's fetch reaches when the upload's first read did not hold it (issue #15): forward from the IFD,
 * to the end of the object when little is left, and back from it as well when the IFD ends the object (its values
 * can only lie before it). Layouts of corpus files (offset, size), read with tifffile.
 */
class FirstIfdWindowTest {

    @Test
    void aDirectoryThatEndsTheObjectBringsWhatLiesBeforeIt() {
        // JEOL SightX: IFD in the last 246 bytes, its 65.6 KB of values from 618 774 on
        assertArrayEquals(new long[] {684_352 - 96 * 1024, 684_598}, TiffContainer.firstIfdWindow(684_352, 684_598));
        // a small object: never before the header
        assertArrayEquals(new long[] {8, 40_246}, TiffContainer.firstIfdWindow(40_000, 40_246));
    }

    @Test
    void aDirectoryWithValuesAfterItIsReadForwardOnly() {
        // Hitachi-style training sample: a 186-byte IFD 1 696 bytes before the end, values after it
        assertArrayEquals(new long[] {1_228_808, 1_230_504}, TiffContainer.firstIfdWindow(1_228_808, 1_230_504));
        // Thermo Fisher xT slice: 96 KB of values after the IFD, read to the end
        assertArrayEquals(new long[] {1_669_026, 1_765_140}, TiffContainer.firstIfdWindow(1_669_026, 1_765_140));
        // an IFD early in a large object: the read-ahead
        assertArrayEquals(new long[] {49_168, 49_168 + TiffContainer.IFD_AHEAD},
                TiffContainer.firstIfdWindow(49_168, 1_112_438));
    }
}
