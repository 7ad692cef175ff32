package io.emmeta.adapter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.SidecarNames;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.LoopbackS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The shaded CLI jar itself, in a JVM of its own (run by the surefire execution bound to {@code verify}, after the
 * jar is built): whatever class its include rule left out shows here as a NoClassDefFoundError. Local files (the
 * LZF-compressed HDF5 among them) and an {@code s3://} backfill of a corpus folder on S3Proxy.
 * {@code -Demmeta.cliJar.corpus=.} backfills the whole corpus, {@code -Demmeta.cliJar.concurrency=N} with N workers
 * (for measurements).
 */
class CliJarIT {

    static final Path JAR = Path.of("cli", "target", "emmeta-cli.jar");
    static final ObjectMapper JSON = new ObjectMapper();

    record Result(int code, String out, String err, long ms) {
    }

    static Result java(Map<String, String> env, String... args) throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the package phase");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("EMMETA_"));
        pb.environment().putAll(env);
        File out = Files.createTempFile("cli-out", ".txt").toFile();
        File err = Files.createTempFile("cli-err", ".txt").toFile();
        pb.redirectOutput(out).redirectError(err);
        long t0 = System.nanoTime();
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the CLI finished");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Result r = new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()), ms);
        out.delete();
        err.delete();
        assertFalse(r.err().contains("NoClassDefFoundError") || r.err().contains("ClassNotFoundException")
                || r.err().contains("Exception in thread"), r.err());
        return r;
    }

    @Test
    void localFilesIncludingLzfCompressedHdf5() throws Exception {
        String lzf = Corpus.file("public/rosettasciio/sparc-intensity.h5").toString();
        Result r = java(Map.of(), "extract", "--stdout", "--strict", lzf,
                Corpus.file("rosettasciio/test_tiff_Zeiss_SEM_1k.tif").toString(),
                Corpus.file("rosettasciio/example_velox_EELS_EDS.emd").toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> recs = r.out().lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(3, recs.size(), r.out());
        JsonNode sparc = recs.stream().filter(n -> n.path("source").path("path").asText().equals(lzf)).findFirst()
                .orElseThrow();
        assertEquals("hdf5", sparc.path("detected").path("container").asText(), sparc.toString());
        assertTrue(sparc.path("original").size() > 0, "the LZF-compressed file's tree was read: " + sparc);
    }

    @Test
    void backfillsABucketOnS3Proxy() throws Exception {
        Path root = Corpus.ROOT.resolve(System.getProperty("emmeta.cliJar.corpus", "public/rosettasciio"));
        try (LoopbackS3 s3 = LoopbackS3.start(); S3Client client = s3.client()) {
            client.createBucket(b -> b.bucket("corpus"));
            Set<String> keys = new HashSet<>();
            long bytes = 0;
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String key = "in/" + root.relativize(f).toString().replace(File.separatorChar, '/');
                    client.putObject(b -> b.bucket("corpus").key(key),
                            RequestBody.fromFile(f));
                    keys.add(key);
                    bytes += Files.size(f);
                }
            }
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", LoopbackS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
                    LoopbackS3.SECRET_KEY);
            Result r = java(env, "extract", "--endpoint-url", s3.endpoint().toString(), "--region", LoopbackS3.REGION,
                    "--concurrency", System.getProperty("emmeta.cliJar.concurrency", "4"), "s3://corpus/in/");
            assertEquals(0, r.code(), r.err());
            String summary = r.err().lines().filter(l -> l.contains(" object(s) in ")).findFirst().orElseThrow();
            System.out.printf("CliJarIT: %d objects, %d bytes uploaded; jar run %d ms; %s%n", keys.size(), bytes,
                    r.ms(), summary);
            assertTrue(summary.contains(keys.size() + " object(s) in "), summary);
            Set<String> stored = new HashSet<>();
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket("corpus")).contents()) {
                stored.add(o.key());
            }
            for (String key : keys) {
                boolean readWithImage = SidecarNames.isSidecarName(key)
                        && SidecarNames.imagesOf(key).stream().anyMatch(keys::contains);
                if (readWithImage) {
                    continue;
                }
                assertTrue(stored.contains(key + ".extraction.json"), "record for " + key);
                JsonNode rec = JSON.readTree(client.getObjectAsBytes(b -> b.bucket("corpus")
                        .key(key + ".extraction.json")).asByteArray());
                assertEquals(key, rec.path("source").path("key").asText());
                for (JsonNode e : rec.path("errors")) {
                    assertFalse(e.path("code").asText().equals("INTERNAL"), key + ": " + rec.path("errors"));
                }
            }
            assertTrue(r.out().lines().count() >= keys.size() - 10, "one JSON log line per object on stdout");
            // and the jar's second run has nothing left to do
            Result again = java(env, "extract", "--endpoint-url", s3.endpoint().toString(), "--region",
                    LoopbackS3.REGION, "s3://corpus/in/");
            String second = again.err().lines().filter(l -> l.contains(" object(s) in ")).findFirst().orElseThrow();
            System.out.printf("CliJarIT: second run %d ms; %s%n", again.ms(), second);
            assertTrue(second.contains(" 0 written, 0 partial, 0 unsupported, 0 error, "), second);
        } catch (NoSuchKeyException e) {
            throw new AssertionError(e);
        }
    }
}
