package io.emmeta.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.container.hdf5.Hdf5Prefetch;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.source.ByteSource;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.Forwarding;
import io.emmeta.testing.InMemory;

/**
 * The HDF5 prefetch over files in the 1.8+ format (version-2 object headers, link messages, dense link storage,
 * continuation blocks), on {@code newstyle.h5} and {@code mixed.h5} (written by h5py with {@code make-hdf5-newstyle.py}
 * beside them, which also lists every object's header and data address as the HDF5 library reports them), whole and
 * broken in memory. The pass only warms the cache: whatever it meets, it must end fast, and the record must be the one
 * the chain gives without it (the same source with its prefetch refused, which ends the pass at its first wave).
 */
class Hdf5NewStylePrefetchTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Extractor EXTRACTOR = Extractor.standard(JSON);

    /** A walk that lists every group and reads every small dataset whole: the most this pass can be asked to visit. */
    static final Hdf5Prefetch.Plan EVERYTHING = new Hdf5Prefetch.Plan() {
        @Override
        public boolean lists(String groupPath) {
            return true;
        }

        @Override
        public Hdf5Prefetch.Want wants(String datasetPath) {
            return Hdf5Prefetch.Want.SMALL_WHOLE;
        }
    };

    static byte[] resource(String name) throws IOException {
        try (InputStream in = Hdf5NewStylePrefetchTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    /** A listing the generator wrote: path → header address, or with {@code data}, dataset path → data address. */
    static Map<String, Long> listed(String listing, boolean data) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : new String(resource(listing), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && line.startsWith("data ") == data) {
                line = data ? line.substring("data ".length()) : line;
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), Long.parseLong(line.substring(space + 1).strip()));
            }
        }
        return out;
    }

    /** A cache whose read-ahead is the smallest allowed, so that what it holds is what was asked for. */
    static CachingByteSource tightCache(byte[] bytes) {
        return new CachingByteSource(InMemory.fetcher(bytes), CachingByteSource.MIN_READ_AHEAD, 8L * 1024 * 1024);
    }

    /**
     * Every object header of the file is in the cache after one pass of a plan that lists everything, and every
     * dataset's data (all are small). In {@code newstyle.h5} (superblock v3): the root's compact links, the
     * continuation blocks of {@code /entry} (where two of its links are), the dense group's fractal heap, the single
     * chunk of a version-4 data layout. In {@code mixed.h5}: a version-0 superblock's symbol table leading to groups
     * with version-2 headers and link messages. With only the root listed, {@code unlisted}'s header is not fetched:
     * the test can tell. The counts are the generator's objects.
     */
    @ParameterizedTest
    @CsvSource({
        "newstyle.h5, newstyle-headers.txt, 29, 24, /entry/many_links/value_19",
        "mixed.h5, mixed-headers.txt, 7, 4, /entry/sub/deep"})
    void theWalkReachesEveryHeaderTheLibraryLists(String name, String listing, int objects, int datasets,
            String unlisted) throws Exception {
        byte[] file = resource(name);
        Map<String, Long> headers = listed(listing, false);
        Map<String, Long> data = listed(listing, true);
        assertEquals(objects, headers.size(), "the generator's objects");
        assertEquals(datasets, data.size(), "the generator's datasets");
        try (CachingByteSource cache = tightCache(file)) {
            Hdf5Prefetch.run(cache, EVERYTHING);
            List<String> missed = new ArrayList<>();
            headers.forEach((path, at) -> {
                if (!cache.holds(at)) {
                    missed.add(path + " @" + at);
                }
            });
            data.forEach((path, at) -> {
                if (!cache.holds(at)) {
                    missed.add(path + " data @" + at);
                }
            });
            assertTrue(missed.isEmpty(), name + ": what the prefetch did not fetch: " + missed);
        }
        try (CachingByteSource cache = tightCache(file)) {
            Hdf5Prefetch.run(cache, Hdf5Prefetch.ROOT);
            assertFalse(cache.holds(headers.get(unlisted)), name + ": a walk of the root alone does not fetch "
                    + unlisted);
        }
    }

    /** The checksums the broken copies are sealed with are the library's: sealing the whole file changes nothing. */
    @Test
    void sealingAnUnbrokenBlockGivesTheLibrarysChecksum() throws Exception {
        byte[] file = resource("newstyle.h5");
        byte[] copy = file.clone();
        int block = firstContinuationBlock(copy);
        sealBlockHolding(copy, block + 8);
        sealBlockHolding(copy, continuationTo(copy, block));
        assertTrue(Arrays.equals(file, copy), "the resealed header and continuation block are the file's");
    }

    static Stream<Arguments> broken() throws IOException {
        byte[] file = resource("newstyle.h5");
        List<Arguments> cases = new ArrayList<>();
        for (int quarter = 1; quarter <= 3; quarter++) {
            int cut = file.length * quarter / 4;
            cases.add(Arguments.of("cut at " + cut + " of " + file.length, (UnaryOperator<byte[]>) b ->
                    Arrays.copyOf(b, cut)));
        }
        cases.add(Arguments.of("a link name longer than its message (1-byte length 255)",
                (UnaryOperator<byte[]>) b -> {
                    int name = indexOf(b, "instrument_alpha".getBytes(StandardCharsets.US_ASCII));
                    b[name - 1] = (byte) 0xff;
                    return sealBlockHolding(b, name);
                }));
        cases.add(Arguments.of("a link name length of 8 bytes (the name's own bytes read as a huge length)",
                (UnaryOperator<byte[]>) b -> {
                    int name = indexOf(b, "instrument_alpha".getBytes(StandardCharsets.US_ASCII));
                    b[name - 2] |= 0x03; // the link flags: the length field grows to 8 bytes, over the name
                    return sealBlockHolding(b, name);
                }));
        cases.add(Arguments.of("a continuation block past the end of the file", (UnaryOperator<byte[]>) b -> {
            int field = continuationTo(b, firstContinuationBlock(b));
            putLong(b, field, b.length + 4096L);
            return sealBlockHolding(b, field);
        }));
        cases.add(Arguments.of("a continuation block longer than the file", (UnaryOperator<byte[]>) b -> {
            int field = continuationTo(b, firstContinuationBlock(b));
            putLong(b, field + 8, 1L << 40);
            return sealBlockHolding(b, field);
        }));
        cases.add(Arguments.of("a continuation block continuing into itself", (UnaryOperator<byte[]>) b -> {
            int block = firstContinuationBlock(b);
            // its first message is the continuation to the next block (the generator's /entry has three in a chain)
            assertEquals(0x10, b[block + 4], "the block's first message is a continuation");
            putLong(b, block + 8, block);
            return sealBlockHolding(b, block + 8);
        }));
        return cases.stream();
    }

    /**
     * Each broken copy: the prefetch alone ends within a second whatever plan it follows, and the chain's record is
     * the one it gives without the prefetch (provenance aside).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void aBrokenNewStyleFileEndsFastAndAsWithoutThePrefetch(String what, UnaryOperator<byte[]> breakIt)
            throws Exception {
        byte[] bytes = breakIt.apply(resource("newstyle.h5"));
        assertSameOutcome(what, "newstyle.h5", bytes);
    }

    /**
     * A version-1 object header claiming 65535 messages (the corpus NeXus file's root group, whose header holds a
     * few): the pass goes by the header's size, not the count, and the chain's record is unchanged by it.
     */
    @Test
    void aVersionOneHeaderClaimingTheMostMessagesEndsFastAndAsWithoutThePrefetch() throws Exception {
        byte[] bytes = Files.readAllBytes(Corpus.file("not-microscopy/IV_CURVE.nxs"));
        assertEquals(0, bytes[8], "superblock version 0");
        // the root's symbol table entry follows the superblock's 24 fixed bytes and four 8-byte addresses; its header
        // address is the entry's second field
        int root = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(24 + 4 * 8 + 8);
        assertEquals(1, bytes[root], "a version-1 object header");
        bytes[root + 2] = (byte) 0xff;
        bytes[root + 3] = (byte) 0xff;
        assertSameOutcome("65535 messages", "IV_CURVE.nxs", bytes);
    }

    static void assertSameOutcome(String what, String name, byte[] bytes) throws Exception {
        long t0 = System.nanoTime();
        try (CachingByteSource cache = tightCache(bytes)) {
            Hdf5Prefetch.run(cache, EVERYTHING);
        }
        long prefetchMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(prefetchMs < 1_000, what + ": the prefetch alone took " + prefetchMs + " ms");

        long t1 = System.nanoTime();
        String with = outcome(name, bytes, true);
        long withMs = (System.nanoTime() - t1) / 1_000_000;
        String without = outcome(name, bytes, false);
        System.out.println(what + " -> " + with.substring(0, Math.min(400, with.length())));
        assertTrue(withMs < 5_000, what + ": the extraction took " + withMs + " ms");
        assertEquals(without, with, what + ": the record with the prefetch is the one without it");
        // a hostile file is the file's fault, typed as such: never an INTERNAL record (a continuation cycle's stack
        // overflow during detection was one)
        assertFalse(with.contains("\"INTERNAL\""), what + ": " + with);
    }

    /** The record as JSON without its provenance (durations and bytes read differ by design). */
    static String outcome(String name, byte[] bytes, boolean prefetch) throws Exception {
        ByteSource source = new Forwarding.Source(InMemory.source(bytes)) {
            @Override
            public void prefetch(List<long[]> ranges) throws IOException {
                if (!prefetch) {
                    throw new IOException("prefetch refused: the pass ends at its first wave");
                }
                super.prefetch(ranges);
            }
        };
        ExtractionRecord r = EXTRACTOR.extract(source, SourceInfo.file(name, bytes.length),
                UploadContext.NONE).record();
        var tree = JSON.valueToTree(r);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("provenance");
        // jHDF recurses without end over a continuation cycle; the record names the innermost frame the stack
        // overflowed in, which depends on what the cache held (another path through the source), not on the file
        return STACK_FRAME.matcher(tree.toString()).replaceAll("StackOverflowError: $1(at …)");
    }

    static final java.util.regex.Pattern STACK_FRAME = java.util.regex.Pattern.compile(
            "StackOverflowError: ([^(\"]*)\\(at [^\"]*\\)(?=\")");

    static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not in the file: " + new String(what, StandardCharsets.US_ASCII));
    }

    static int firstContinuationBlock(byte[] b) {
        return indexOf(b, "OCHK".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The address field of the version-2 continuation message pointing at {@code block}: a message header (type
     * 0x10, size 16, flags) right before the block's address.
     */
    static int continuationTo(byte[] b, long block) {
        for (int i = 4; i + 16 <= b.length; i++) {
            if (b[i - 4] == 0x10 && b[i - 3] == 16 && b[i - 2] == 0
                    && ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(i) == block) {
                return i;
            }
        }
        throw new AssertionError("no continuation message points at " + block);
    }

    /**
     * The bytes with the checksum of the header block holding {@code at} written again (the last {@code OHDR} or
     * {@code OCHK} before it), so that jHDF, which checks it, reads the broken field rather than stopping there.
     * A header's checksummed bytes end with its first chunk (its prefix gives the chunk's size); a continuation
     * block's with what the continuation message pointing at it says, less the checksum.
     */
    static byte[] sealBlockHolding(byte[] b, int at) {
        int header = lastIndexOf(b, "OHDR".getBytes(StandardCharsets.US_ASCII), at);
        int block = lastIndexOf(b, "OCHK".getBytes(StandardCharsets.US_ASCII), at);
        if (block > header) {
            int field = continuationTo(b, block);
            Lookup3.seal(b, block, (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(field + 8) - 4);
            return b;
        }
        int flags = b[header + 5] & 0xff;
        int size = header + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        int sizeBytes = 1 << (flags & 0x03);
        long chunk = 0;
        for (int i = sizeBytes - 1; i >= 0; i--) {
            chunk = (chunk << 8) | (b[size + i] & 0xff);
        }
        Lookup3.seal(b, header, (int) (size + sizeBytes + chunk - header));
        return b;
    }

    static int lastIndexOf(byte[] b, byte[] what, int before) {
        for (int i = Math.min(before, b.length - what.length); i >= 0; i--) {
            if (Arrays.equals(b, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }

    static void putLong(byte[] b, int at, long v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
    }
}
