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
        assertArrayEquals(new long[] {684_352 - 80 * 1024, 684_598}, TiffContainer.firstIfdWindow(684_352, 684_598));
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

    /**
     * The next page's IFD is fetched as far ahead as this page's IFD and values reached ahead of this page's IFD, plus
     * 4 KiB, between 4 and 32 KiB (the layouts by Python's struct over the files' IFD entries).
     */
    @Test
    void theNextPagesWindowReachesAsFarAsThisPagesValuesDid() {
        // Olympus SIS: page 1's 21-entry IFD at 9 972 ends at 10 230 and holds or precedes all its values (258 bytes
        // ahead); page 2's IFD at 40 424 with its values before it: 4 KiB behind, 4 354 bytes ahead, not 32 KiB
        assertArrayEquals(new long[] {40_424 - 4096, 40_424 + 258 + 4096},
                TiffContainer.nextIfdWindow(40_424, 101_042, 258));
        // Zeiss multi-page: page 1's IFD at 8, its CZ_SEM block ending at 27 756 (27 748 ahead); page 2's IFD at
        // 3 173 484 has its block to 3 201 232, inside the window (27 748 + 4 096 ahead, under the 32 KiB cap)
        long[] zeiss = TiffContainer.nextIfdWindow(3_173_484, 6_346_960, 27_748);
        assertArrayEquals(new long[] {3_173_484 - 4096, 3_173_484 + 27_748 + 4096}, zeiss);
        org.junit.jupiter.api.Assertions.assertTrue(zeiss[1] >= 3_201_232);
        // a page whose values reached further: never more than 32 KiB ahead
        assertArrayEquals(new long[] {500_000 - 4096, 500_000 + 32 * 1024},
                TiffContainer.nextIfdWindow(500_000, 6_346_960, 101_128));
        // near the end: to the end rather than leave a read-ahead's worth behind
        assertArrayEquals(new long[] {90_000 - 4096, 101_042}, TiffContainer.nextIfdWindow(90_000, 101_042, 258));
    }
}
