package io.emmeta.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.source.CachingByteSource;

/**
 * emmeta's warm per-file time (issue #15), for {@code bench/hyperspy-compare.py --timing}, which times HyperSpy's
 * lazy load of the same files in the same run: the chain (detect, read, map, validate; no preview, as a lazy load
 * reads no pixels) from a local file, in one JVM sized like the Lambda's (the bench profile). First {@code --warmup}
 * passes over all files (the JIT's, untimed), then per file {@code --loads} extractions; prints one JSON line per
 * file: path, detected format, status, the median and the minimum in milliseconds.
 *
 * <p>Arguments: {@code [--loads N] [--warmup N] [--out FILE] LISTFILE} (one path a line).
 */
public final class WarmTimes {

    public static void main(String[] args) throws Exception {
        int loads = 15;
        int warmup = 5;
        Path out = null;
        Path list = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--loads" -> loads = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> list = Path.of(args[i]);
            }
        }
        List<Path> files = new ArrayList<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                files.add(Path.of(line.strip()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        Extractor extractor = Extractor.standard(json);
        for (int w = 0; w < warmup; w++) {
            for (Path p : files) {
                extract(extractor, p);
            }
        }
        try (PrintStream sink = out == null ? System.out
                : new PrintStream(Files.newOutputStream(out), true, StandardCharsets.UTF_8)) {
            for (Path p : files) {
                double[] ms = new double[loads];
                Extractor.Result last = null;
                for (int r = 0; r < loads; r++) {
                    long t0 = System.nanoTime();
                    last = extract(extractor, p);
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                ObjectNode line = json.createObjectNode();
                line.put("path", p.toString());
                line.put("format", last.record().detected() == null ? null : last.record().detected().format());
                line.put("status", last.record().status().json());
                line.put("ms", ms[loads / 2]);
                line.put("minMs", ms[0]);
                sink.println(line);
            }
        }
        System.exit(0);
    }

    private static Extractor.Result extract(Extractor extractor, Path p) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p)) {
            return extractor.extract(src, SourceInfo.file(p.toString(), Files.size(p)), UploadContext.NONE);
        }
    }
}
