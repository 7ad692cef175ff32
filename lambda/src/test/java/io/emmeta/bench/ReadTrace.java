package io.emmeta.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.core.source.FileRangeFetcher;
import io.emmeta.core.source.RangeFetcher;
import io.emmeta.testing.Forwarding;

/**
 * Where a file's bytes go: runs the chain on a local file, after the upload processor's first ranged GET, and prints
 * every fetch the block cache makes (offset, length), then the totals. The tool for tuning read-ahead: {@code ./mvnw -q -Pbench test-compile
 * -Dbench.main=io.emmeta.bench.ReadTrace -Dbench.args=FILE}.
 */
public final class ReadTrace {

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            Path p = Path.of(a);
            RangeFetcher files = new FileRangeFetcher(p);
            RangeFetcher traced = new Forwarding.Fetcher(files) {
                @Override
                public byte[] fetch(long position, int length) throws IOException {
                    System.out.printf("  fetch %,14d +%,9d%n", position, length);
                    return super.fetch(position, length);
                }
            };
            boolean reads = Boolean.getBoolean("trace.reads");
            java.util.List<long[]> touched = new java.util.ArrayList<>();
            try (CachingByteSource cache = new CachingByteSource(traced, Integer.getInteger("trace.block", CachingByteSource.DEFAULT_READ_AHEAD), CachingByteSource.DEFAULT_MAX_CACHE)) {
                io.emmeta.core.source.ByteSource src = new Forwarding.Source(cache) {
                    @Override
                    public int read(long position, byte[] dst, int off, int len) throws IOException {
                        int n = super.read(position, dst, off, len);
                        if (n > 0) {
                            touched.add(new long[] {position, position + n});
                        }
                        if (reads) {
                            System.out.printf("    read %,14d +%,9d%n", position, len);
                        }
                        return n;
                    }

                    @Override
                    public void prefetch(java.util.List<long[]> ranges) throws IOException {
                        System.out.printf("  prefetch %d range(s)%n", ranges.size());
                        super.prefetch(ranges);
                        System.out.printf("  prefetch end%n");
                    }
                };
                // the upload processor's first ranged GET (-Dtrace.first=N to try another length, 0 for none)
                int first = Integer.getInteger("trace.first", io.emmeta.s3.S3UploadProcessor.FIRST_READ);
                if (first > 0) {
                    cache.prefetch(java.util.List.of(new long[] {0, first}));
                }
                var result = Extractor.standard(new ObjectMapper()).extract(src,
                        SourceInfo.file(p.toString(), Files.size(p)), UploadContext.NONE);
                System.out.printf("%s: %s, %,d bytes in %d fetches; %,d distinct bytes asked for%n", p,
                        result.status().json() + " " + result.record().errors(), src.stats().bytesRead(), src.stats().requests(), distinct(touched));
            }
        }
    }

    /** Bytes covered by the union of the ranges. */
    static long distinct(java.util.List<long[]> ranges) {
        ranges.sort(java.util.Comparator.comparingLong(r -> r[0]));
        long total = 0;
        long start = -1;
        long end = -1;
        for (long[] r : ranges) {
            if (r[0] > end) {
                total += end - start;
                start = r[0];
                end = r[1];
            } else {
                end = Math.max(end, r[1]);
            }
        }
        return total + (end - start);
    }
}
