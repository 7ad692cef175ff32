package io.emmeta.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared corpus of real instrument files, by path relative to the project (never copied into it). */
public final class Corpus {
    public static final Path ROOT = Path.of("..", "shared", "corpus");

    private Corpus() {
    }

    public static Path file(String relative) {
        Path p = ROOT.resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("corpus file missing: " + p.toAbsolutePath()
                    + " (tests expect ../shared/corpus beside the project)");
        }
        return p;
    }
}
