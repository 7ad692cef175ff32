package io.emmeta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.read.ReaderRegistry;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/**
 * Every real file of the shared corpus through the whole chain: each gets a record; a file of a supported kind is
 * ok or partial with its reasons, every other file unsupported with what was detected; nothing ends as an internal
 * error. Prints a one-line-per-file table so a run shows where bytes and time go.
 */
class CorpusSweepTest {

    @Test
    void everyCorpusFileGetsAnHonestRecord() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Extractor extractor = Extractor.standard(json);
        ReaderRegistry readers = new ReaderRegistry(Readers.all());
        List<Path> files;
        try (Stream<Path> s = Files.walk(Corpus.ROOT)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted().toList();
        }
        assertTrue(files.size() > 50, "corpus present: " + files.size());
        Map<String, Integer> byStatus = new TreeMap<>();
        for (Path f : files) {
            ExtractionRecord rec;
            try (CachingByteSource src = CachingByteSource.ofFile(f)) {
                rec = extractor.extract(src, SourceInfo.file(f.toString(), Files.size(f)), UploadContext.NONE).record();
            }
            String rel = Corpus.ROOT.relativize(f).toString();
            assertNotNull(rec.detected(), rel);
            assertTrue(rec.errors().stream().noneMatch(e -> e.code() == ErrorCode.INTERNAL), rel + ": " + rec.errors());
            String format = rec.detected().format();
            assertTrue(Readers.allFormats().stream().anyMatch(x -> x.id().equals(format)), rel + ": " + format);
            if (readers.forId(format) != null) {
                assertTrue(Set.of(Status.OK, Status.PARTIAL).contains(rec.status()),
                        rel + " is " + format + " but ended " + rec.status() + " " + rec.errors());
                assertTrue(rec.original() != null && rec.original().size() > 0, rel + ": original tree kept");
                if (rec.status() == Status.PARTIAL) {
                    assertTrue(!rec.warnings().isEmpty() || !rec.notes().isEmpty() || rec.validation() != null,
                            rel + ": partial says why");
                }
            } else {
                assertEquals(Status.UNSUPPORTED, rec.status(), rel);
                assertEquals(ErrorCode.UNSUPPORTED_FORMAT, rec.errors().get(0).code(), rel);
            }
            byStatus.merge(rec.status().json(), 1, Integer::sum);
            System.out.printf("%-70s %-32s %-11s %8d B %3d GET %8.3f ms%n", rel, rec.detected().format(),
                    rec.status().json(), rec.provenance().bytesRead(), rec.provenance().requests(),
                    rec.provenance().durationMs());
        }
        System.out.println("corpus sweep: " + files.size() + " files " + byStatus);
    }
}
