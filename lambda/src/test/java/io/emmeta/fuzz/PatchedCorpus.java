package io.emmeta.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import io.emmeta.core.container.Probe;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.InMemory;

/**
 * Structure-aware mutation for binary containers that random bytes never get through (HDF5, DM3/DM4): the fuzz input
 * is a recipe of patches applied to a real corpus file, aimed at the bytes a clean read of that file touches
 * (recorded once, with a small read-ahead so the record is tight), plus an optional cut. The files are read from
 * {@code ../shared/corpus} at run time, never copied into the repository.
 */
final class PatchedCorpus {

    /** A real file and the byte ranges its clean read fetches, concatenated into one index space. */
    record Base(String name, byte[] bytes, long[][] hot, long hotTotal) {
        long offsetAt(long index) {
            long i = Math.floorMod(index, hotTotal);
            for (long[] r : hot) {
                if (i < r[1]) {
                    return r[0] + i;
                }
                i -= r[1];
            }
            throw new IllegalStateException();
        }
    }

    /** Values that break sizes, offsets and counts. */
    private static final long[] INTERESTING = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffffL, 0xffffffffL,
        Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 1L << 40, 60000, 8, 48, 96, 3, 4, 5, 15, 20};

    private final List<Base> bases = new ArrayList<>();

    /** Loads each corpus file and records what a clean detection + read of it fetches. */
    PatchedCorpus(String... files) {
        for (String b : files) {
            try {
                byte[] bytes = Files.readAllBytes(Corpus.file(b));
                InMemory rec = InMemory.fetcher(bytes);
                // the cache only has to hold the largest single read a reader makes (a .bcf header: ~240 KB)
                try (Probe probe = new Probe(new CachingByteSource(rec, 512, 4 << 20), b)) {
                    var d = Inputs.DETECTOR.detect(probe);
                    Inputs.READERS.forFormat(d.format()).read(probe, d);
                }
                long[][] hot = rec.fetched().toArray(long[][]::new);
                bases.add(new Base(b, bytes, hot, Arrays.stream(hot).mapToLong(r -> r[1]).sum()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("base " + b + " does not read cleanly", e);
            }
        }
    }

    /**
     * What a mutant is decoded from: the part of {@link FuzzedDataProvider} used here, so that a recipe can also be
     * plain bytes after a target's own mode byte ({@link #mutant(byte[])}).
     */
    interface Recipe {
        int consumeInt(int min, int max);

        long consumeLong();

        byte[] consumeBytes(int max);

        boolean consumeBoolean();

        int remainingBytes();
    }

    /** A recipe read front to back from plain bytes; past the end every value is the smallest allowed. */
    static final class BytesRecipe implements Recipe {
        private final byte[] b;
        private int at;

        BytesRecipe(byte[] b, int from) {
            this.b = b;
            this.at = from;
        }

        private long next(int bytes) {
            long v = 0;
            for (int i = 0; i < bytes && at < b.length; i++) {
                v = (v << 8) | (b[at++] & 0xff);
            }
            return v;
        }

        @Override
        public int consumeInt(int min, int max) {
            long range = (long) max - min + 1;
            long v = next(range <= 256 ? 1 : range <= 65536 ? 2 : 4);
            return (int) (min + Math.floorMod(v, range));
        }

        @Override
        public long consumeLong() {
            return next(8);
        }

        @Override
        public byte[] consumeBytes(int max) {
            int n = Math.min(max, b.length - at);
            byte[] out = Arrays.copyOfRange(b, at, at + n);
            at += n;
            return out;
        }

        @Override
        public boolean consumeBoolean() {
            return (next(1) & 1) == 1;
        }

        @Override
        public int remainingBytes() {
            return b.length - at;
        }
    }

    private static Recipe of(FuzzedDataProvider in) {
        return new Recipe() {
            public int consumeInt(int min, int max) {
                return in.consumeInt(min, max);
            }

            public long consumeLong() {
                return in.consumeLong();
            }

            public byte[] consumeBytes(int max) {
                return in.consumeBytes(max);
            }

            public boolean consumeBoolean() {
                return in.consumeBoolean();
            }

            public int remainingBytes() {
                return in.remainingBytes();
            }
        };
    }

    /** Names of the bases, in the order a recipe's first choice indexes them. */
    List<String> names() {
        return bases.stream().map(Base::name).toList();
    }

    /** One mutant: a base chosen by the input, up to 12 patches, maybe cut short. */
    byte[] mutant(FuzzedDataProvider in) {
        return mutant(of(in));
    }

    /** As {@link #mutant(FuzzedDataProvider)}, the recipe being {@code recipe} from offset {@code from} on. */
    byte[] mutant(byte[] recipe, int from) {
        return mutant(new BytesRecipe(recipe, from));
    }

    private byte[] mutant(Recipe in) {
        Base base = bases.get(in.consumeInt(0, bases.size() - 1));
        byte[] bytes = base.bytes().clone();
        int patches = in.consumeInt(0, 12);
        for (int p = 0; p < patches && in.remainingBytes() > 0; p++) {
            int at = (int) base.offsetAt(in.consumeLong());
            switch (in.consumeInt(0, 2)) {
                case 0 -> { // a few fuzzed bytes
                    byte[] v = in.consumeBytes(in.consumeInt(1, 16));
                    System.arraycopy(v, 0, bytes, at, Math.min(v.length, bytes.length - at));
                }
                case 1 -> { // an interesting integer, 1, 2, 4 or 8 bytes wide, in either byte order
                    long v = INTERESTING[in.consumeInt(0, INTERESTING.length - 1)];
                    int width = new int[] {1, 2, 4, 8}[in.consumeInt(0, 3)];
                    ByteOrder order = in.consumeBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
                    byte[] full = ByteBuffer.allocate(8).order(order).putLong(v).array();
                    int from = order == ByteOrder.LITTLE_ENDIAN ? 0 : 8 - width;
                    System.arraycopy(full, from, bytes, at, Math.min(width, bytes.length - at));
                }
                default -> { // an offset pointing elsewhere in the structure (loops, overlaps)
                    long target = base.offsetAt(in.consumeLong());
                    byte[] le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(target).array();
                    System.arraycopy(le, 0, bytes, at, Math.min(8, bytes.length - at));
                }
            }
        }
        byte[] out = in.consumeBoolean() ? Arrays.copyOf(bytes, (int) base.offsetAt(in.consumeLong())) : bytes;
        dump(out);
        return out;
    }

    /**
     * With {@code -Demmeta.fuzz.dump=DIR}, each mutant is also written to DIR (named by its hash), so a finding's
     * recipe can be turned into the file it stands for and opened with any tool.
     */
    private static void dump(byte[] mutant) {
        String dir = System.getProperty("emmeta.fuzz.dump");
        if (dir == null) {
            return;
        }
        try {
            java.nio.file.Path d = java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir));
            java.nio.file.Files.write(d.resolve("mutant-" + Integer.toHexString(Arrays.hashCode(mutant))), mutant);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
