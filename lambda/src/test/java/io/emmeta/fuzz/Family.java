package io.emmeta.fuzz;

import java.util.Arrays;

import io.emmeta.testing.Corpus;

/**
 * One fuzz target per format family, over two kinds of input told apart by the first byte:
 * <ul>
 * <li>{@code 0x00-0x7f}: the rest is the file itself. libFuzzer mutates it freely; the seeds are small real files
 * (or their first {@link SeedCorpusWriter#MAX_SEED} bytes) written into {@code target/} at run time, and small
 * hand-made files committed under {@code src/test/resources} so that {@code verify} replays them without the corpus.
 * <li>{@code 0x80-0xff}: the rest is a {@link PatchedCorpus} recipe applied to one of the family's real files (for
 * containers that random bytes never get through: SFS, HDF5, bzip2 archives, large TIFFs). Without
 * {@code ../shared/corpus} these inputs are skipped.
 * </ul>
 * Either way the bytes go through the whole chain ({@link ChainCheck}).
 */
final class Family {

    private final String[] bases;
    private PatchedCorpus corpus;
    private boolean loaded;

    Family(String... bases) {
        this.bases = bases;
    }

    java.util.List<String> bases() {
        return java.util.List.of(bases);
    }

    /** The file the input stands for, or null when it is a recipe and the corpus is not there. */
    byte[] file(byte[] data) {
        if (data.length == 0) {
            return data;
        }
        if ((data[0] & 0x80) == 0) {
            return Arrays.copyOfRange(data, 1, data.length);
        }
        PatchedCorpus c = corpus();
        return c == null ? null : c.mutant(data, 1);
    }

    private synchronized PatchedCorpus corpus() {
        if (!loaded) {
            loaded = true;
            if (Arrays.stream(bases).allMatch(b -> java.nio.file.Files.isRegularFile(Corpus.ROOT.resolve(b)))) {
                corpus = new PatchedCorpus(bases);
            }
        }
        return corpus;
    }

    /** A raw-mode input: the mode byte, then the file. */
    static byte[] raw(byte[] file) {
        byte[] out = new byte[file.length + 1];
        System.arraycopy(file, 0, out, 1, file.length);
        return out;
    }

    /** A recipe-mode input that reproduces base {@code index} unchanged (no patches, no cut). */
    static byte[] clean(int index) {
        return new byte[] {(byte) 0x80, (byte) index, 0, 0};
    }
}
