package io.emmeta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.output.OutputNames;
import io.emmeta.core.preview.Previews;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The preview's figures per file, for the benchmark (issue #14): bytes fetched for the preview and its time, read
 * from the extraction record the processor wrote, and PASS/FAIL on the byte budget, max(8 MiB, 2 % of the object).
 * Kept apart from {@link Benchmark}, which only hands each measured object over and prints what this returns.
 */
final class PreviewFigures {

    record Figure(String key, String format, long size, long bytesRead, long ms, String picture, String why) {
        boolean hasPreview() {
            return picture != null;
        }

        boolean withinBudget() {
            return bytesRead <= Previews.budgetFor(size);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Figure> FIGURES = new ArrayList<>();

    private PreviewFigures() {
    }

    /** Reads the record of {@code key} (written by the last measured pass) for its preview's figures. */
    static void capture(S3Client s3, String bucket, String key, long size) {
        JsonNode rec;
        try {
            rec = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(OutputNames.DEFAULT.extractionKey(key)))
                    .asByteArray());
        } catch (NoSuchKeyException | java.io.IOException e) {
            return; // no record (a skipped object): nothing to report
        }
        JsonNode p = rec.path("preview");
        String format = rec.at("/detected/format").asText("-");
        if (p.isObject()) {
            FIGURES.add(new Figure(key, format, size, p.path("bytesRead").asLong(), p.path("durationMs").asLong(),
                    p.path("width").asInt() + "x" + p.path("height").asInt()
                            + (p.has("scaleBar") ? ", bar " + p.get("scaleBar").asText() : ""), null));
            return;
        }
        for (JsonNode w : rec.path("warnings")) {
            if (w.path("message").asText().startsWith("preview:")) {
                FIGURES.add(new Figure(key, format, size, 0, 0, null, w.path("code").asText() + " "
                        + w.path("message").asText()));
                return;
            }
        }
    }

    /** The table: one line per file that has a preview or said why not. */
    static String render() {
        StringBuilder sb = new StringBuilder("\npreviews (bytes fetched for the preview alone, budget max(8 MiB, 2 %)):\n");
        sb.append(String.format(Locale.ROOT, "%-58s %-22s %10s %10s %10s %7s  %s%n", "key", "format", "size",
                "read", "budget", "ms", "picture"));
        for (Figure f : FIGURES) {
            sb.append(String.format(Locale.ROOT, "%-58s %-22s %10s %10s %10s %7d  %s%n", f.key(), f.format(),
                    Benchmark.human(f.size()), Benchmark.human(f.bytesRead()),
                    Benchmark.human(Previews.budgetFor(f.size())), f.ms(),
                    f.hasPreview() ? f.picture() : "none: " + f.why()));
        }
        return sb.toString();
    }

    /** PASS when every preview kept to its byte budget; the multi-GB files are named on their own line. */
    static boolean verdict() {
        List<Figure> made = FIGURES.stream().filter(Figure::hasPreview).toList();
        List<Figure> over = made.stream().filter(f -> !f.withinBudget()).toList();
        boolean ok = over.isEmpty();
        System.out.printf("  %s  previews: bytes read <= max(8 MiB, 2 %% of the object): %d previews, %d over%s%n",
                ok ? "PASS" : "FAIL", made.size(), over.size(), over.isEmpty() ? ""
                        : " (" + over.stream().map(Figure::key).reduce((a, b) -> a + ", " + b).orElse("") + ")");
        for (Figure f : FIGURES) {
            if (f.size() >= 1L << 30) {
                System.out.printf("        %s: %s%n", f.key(), f.hasPreview() ? String.format(Locale.ROOT,
                        "%s read of %s budget in %d ms (%s)", Benchmark.human(f.bytesRead()),
                        Benchmark.human(Previews.budgetFor(f.size())), f.ms(), f.picture()) : "no preview: " + f.why());
            }
        }
        return ok;
    }
}
