package io.emmeta.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.emmeta.core.problem.Budget;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.testing.Corpus;

/** The channel is the one place that bounds a library's reads: after the first impossible size, nothing is served. */
class ByteSourceChannelTest {

    private static final Path VELOX = Corpus.file("rosettasciio/example_image.emd");

    @Test
    void afterAReadPastTheObjectEveryReadIsRefusedWithTheSameCode() throws IOException {
        try (CachingByteSource src = CachingByteSource.ofFile(VELOX)) {
            ByteSourceChannel channel = new ByteSourceChannel(src);
            ByteBuffer header = ByteBuffer.allocate(8);
            assertEquals(8, channel.read(header), "a plausible read is served");
            assertFalse(channel.refusing());

            long size = Files.size(VELOX);
            channel.position(size - 16);
            RefusedReadException lie = assertThrows(RefusedReadException.class,
                    () -> channel.read(ByteBuffer.allocate(1 << 20)));
            assertEquals(ErrorCode.CORRUPT, lie.code());
            assertTrue(channel.refusing());

            channel.position(0);
            RefusedReadException after = assertThrows(RefusedReadException.class,
                    () -> channel.read(ByteBuffer.allocate(8)));
            assertEquals(ErrorCode.CORRUPT, after.code(), "a read that would have been fine is refused too");
        }
    }

    @Test
    void aReadTheBudgetCannotHoldIsRefusedAsTooLarge() throws IOException {
        byte[] bytes = Files.readAllBytes(VELOX);
        // a budget smaller than the read: the size is possible for the object but not for this extraction
        try (Budget.Scope scope = Budget.open(new Budget(1024, 1_000));
                CachingByteSource src = CachingByteSource.ofFile(VELOX)) {
            ByteSourceChannel channel = new ByteSourceChannel(src);
            RefusedReadException e = assertThrows(RefusedReadException.class,
                    () -> channel.read(ByteBuffer.allocate(Math.min(bytes.length, 4096))));
            assertEquals(ErrorCode.TOO_LARGE, e.code());
        }
    }

    @Test
    void aCutContainerMakesTheRefusalTruncated() throws IOException {
        try (CachingByteSource src = CachingByteSource.ofFile(VELOX)) {
            ByteSourceChannel channel = new ByteSourceChannel(src, ErrorCode.TRUNCATED);
            channel.position(Files.size(VELOX) - 16);
            assertEquals(ErrorCode.TRUNCATED, assertThrows(RefusedReadException.class,
                    () -> channel.read(ByteBuffer.allocate(1 << 20))).code());
        }
    }
}
