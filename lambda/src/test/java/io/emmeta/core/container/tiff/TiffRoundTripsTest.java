package io.emmeta.core.container.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.emmeta.core.source.ByteSource;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.core.source.FileRangeFetcher;
import io.emmeta.core.source.RangeFetcher;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.Forwarding;

/**
 * Round trips of a TIFF's IFD walk after the upload's first read (issue #15): one more wave of fetches at most, for
 * the layouts that cost two before. A wave is a fetch on a miss, or one {@code prefetch} batch (its ranges go out side
 * by side). The layouts, read with tifffile: {@code ZEISS_SEM_multipage.tif} has its second IFD at 3 173 484 with its
 * 26 KB SEM block 1 750 bytes after it; {@code olympus_SIS.tif} has its second IFD at 40 424 with its values at
 * 39 228–39 304, before it; the xT slice {@code SEM_Image-SliceImage-001.tif} has its only IFD at 1 669 026 and
 * 96 KB of tag values after it, up to the end of the file; the JEOL SightX files end with their only IFD (the last 246
 * bytes), its 65.6 KB of tag values (a 64 KB ImageDescription) right before it; {@code sample-１_200倍(x200).tif} and
 * {@code jeol_example_sem.tif} have a 186-byte IFD 1.7 KB before the end with its values after it.
 */
class TiffRoundTripsTest {

    @ParameterizedTest
    @CsvSource({
        "rosettasciio/ZEISS_SEM_multipage.tif, 2",
        "rosettasciio/olympus_SIS.tif, 2",
        "tomo_mapper/SEM_Image-SliceImage-001.tif, 1",
        "rosettasciio/test_tiff_Zeiss_SEM_1k.tif, 1",
        "rosettasciio/FEI-Helios-Ebeam-8bits.tif, 1",
        "rosettasciio/JEOL-SightX-TEM-mag-dummy.tif, 1",
        "public/rosettasciio/JEOL-SightX-Ronchigram-dummy.tif, 1",
        "public/Training_Program_2/sample-１_200倍(x200).tif, 1",
        "public/odemis/jeol_example_sem.tif, 1"})
    void oneWaveAfterTheFirstRead(String file, int pages) throws Exception {
        Path p = Corpus.file(file);
        AtomicInteger waves = new AtomicInteger();
        AtomicInteger fetches = new AtomicInteger();
        RangeFetcher disk = new FileRangeFetcher(p);
        RangeFetcher counted = new Forwarding.Fetcher(disk) {
            @Override
            public byte[] fetch(long position, int length) throws IOException {
                fetches.incrementAndGet();
                return super.fetch(position, length);
            }
        };
        try (CachingByteSource cache = new CachingByteSource(counted)) {
            // the S3 handler's first ranged GET, before the reader runs
            cache.prime(0, Files.readAllBytes(p).length < CachingByteSource.DEFAULT_READ_AHEAD ? Files.readAllBytes(p)
                    : java.util.Arrays.copyOf(Files.readAllBytes(p), CachingByteSource.DEFAULT_READ_AHEAD));
            ByteSource waveCounting = new Forwarding.Source(cache) {
                @Override
                public int read(long position, byte[] dst, int off, int len) throws IOException {
                    int before = fetches.get();
                    int n = super.read(position, dst, off, len);
                    if (fetches.get() > before) {
                        waves.incrementAndGet();
                    }
                    return n;
                }

                @Override
                public void prefetch(List<long[]> ranges) throws IOException {
                    int before = fetches.get();
                    super.prefetch(ranges);
                    if (fetches.get() > before) {
                        waves.incrementAndGet();
                    }
                }
            };
            TiffContainer tiff = TiffContainer.read(waveCounting);
            assertEquals(pages, tiff.pages().size());
            assertTrue(waves.get() <= 1, file + ": " + waves.get() + " waves of fetches after the first read ("
                    + fetches.get() + " fetches)");
        }
    }
}
