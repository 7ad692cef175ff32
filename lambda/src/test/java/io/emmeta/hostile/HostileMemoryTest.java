package io.emmeta.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.core.problem.Budget;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.testing.Chain;
import io.emmeta.testing.InMemory;
import io.emmeta.testing.TiffBuilder;

/**
 * Issue #12, memory: small generated files ({@link HostileMemoryInputs}) that made the chain allocate gigabytes — a
 * thousand overlapping IFDs of junk entries, thousands of tags sharing (or overlapping) one 1 MB payload, a .bcf header
 * that is a zlib bomb or millions of XML elements. Each must give one typed record (never INTERNAL) through the whole
 * chain, with few warnings, a small record and bounded allocation on the extracting thread.
 */
class HostileMemoryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long MAX_ALLOCATED = 200L * 1024 * 1024;
    static final int MAX_RECORD = 1024 * 1024;

    @TempDir
    static Path dir;

    @BeforeAll
    static void warmUp() throws Exception {
        // class loading and the mapper's tables are not the inputs' cost
        Path f = dir.resolve("warm.tif");
        Files.write(f, TiffBuilder.classic().image(4, 4).build());
        Chain.extract(f);
    }

    /** What one extraction cost: the record, its serialized size and the bytes the thread allocated. */
    record Measured(ExtractionRecord record, int recordBytes, long allocated, long ms) {
        List<Problem> problems() {
            return java.util.stream.Stream.concat(record.errors().stream(), record.warnings().stream()).toList();
        }
    }

    static Measured extract(String name) throws Exception {
        byte[] bytes = HostileMemoryInputs.named(name);
        Path f = dir.resolve(name + (name.startsWith("bcf") ? ".bcf" : ".tif"));
        Files.write(f, bytes);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long a0 = mx.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        ExtractionRecord r = Chain.extractBroken(f, name);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long allocated = mx.getCurrentThreadAllocatedBytes() - a0;
        int size = JSON.writeValueAsBytes(r).length;
        Files.delete(f);
        Measured m = new Measured(r, size, allocated, ms);
        System.out.printf("%s (%d bytes): %d ms, %d MB allocated, record %d KB, %d warnings, %s %s%n", name,
                bytes.length, ms, allocated >> 20, size >> 10, r.warnings().size(), r.status(), r.errors());
        assertTrue(allocated < MAX_ALLOCATED, name + ": allocated " + (allocated >> 20) + " MB");
        assertTrue(size < MAX_RECORD, name + ": record of " + size + " bytes");
        assertTrue(r.warnings().size() < 50, name + ": " + r.warnings().size() + " warnings");
        return m;
    }

    @Test
    void aThousandOverlappingIfdsOfUnknownEntriesGiveAFewWarningsWithACount() throws Exception {
        // before: 3.3 million warnings, a 470 MB record, 3.9 GB allocated
        Measured m = extract("overlapping-ifds");
        assertEquals(Status.PARTIAL, m.record().status());
        assertTrue(m.problems().stream().anyMatch(p -> p.code() == ErrorCode.CORRUPT
                && p.message().contains("more of the kind 'unknown field type'")), m.problems().toString());
        assertTrue(m.problems().stream().anyMatch(p -> p.code() == ErrorCode.TOO_LARGE
                && p.message().contains("structure entries is spent")), "the entry budget ended the walk");
        assertTrue(m.record().detected().evidence().size() < 40, "the detection's evidence is bounded too");
    }

    @Test
    void fourThousandTagsSharingOnePayloadLoadItOnce() throws Exception {
        // before: 4,000 copies of the 1 MB payload (OutOfMemoryError at any heap under ~5 GB)
        Measured m = extract("shared-payload");
        assertEquals(Status.PARTIAL, m.record().status());
        assertEquals(4000, m.record().original().get("privateTags").size(), "every tag is listed");
        assertEquals(1 << 20, m.record().original().at("/privateTags/63999/value").asInt());
        assertTrue(m.allocated() < 32L * 1024 * 1024, "one payload, not 4,000: " + (m.allocated() >> 20) + " MB");
    }

    @Test
    void overlappingPayloadsStopAtTheBudget() throws Exception {
        // 4,000 distinct 1 MB payloads, each one byte further: no cache helps, the budget ends it
        Measured m = extract("overlapping-payloads");
        assertEquals(Status.PARTIAL, m.record().status());
        assertTrue(m.problems().stream().anyMatch(p -> p.code() == ErrorCode.TOO_LARGE
                && p.message().contains("memory budget of 64 MB is spent")), m.problems().toString());
    }

    @Test
    void aBcfHeaderThatIsAZlibBombEndsTooLargeWithoutExhaustingTheHeap() throws Exception {
        Measured m = extract("bcf-zlib-bomb");
        assertEquals(Status.ERROR, m.record().status());
        Problem p = m.record().errors().get(0);
        assertEquals(ErrorCode.TOO_LARGE, p.code());
        assertTrue(p.message().contains("the header (EDSDatabase/HeaderData) inflates past 16 MB"), p.message());
        assertTrue(m.allocated() < 64L * 1024 * 1024, (m.allocated() >> 20) + " MB");
    }

    @Test
    void aBcfHeaderOfMillionsOfElementsIsRefusedBeforeTheDom() throws Exception {
        // 12 M elements (48 MB of XML): stopped by the inflate cap
        Measured big = extract("bcf-element-bomb");
        assertEquals(ErrorCode.TOO_LARGE, big.record().errors().get(0).code());
        // 3 M elements in 12 MB: under the cap, refused by the element count
        Measured m = extract("bcf-element-bomb-small");
        assertEquals(Status.ERROR, m.record().status());
        Problem p = m.record().errors().get(0);
        assertEquals(ErrorCode.TOO_LARGE, p.code());
        assertTrue(p.message().contains("more than " + SafeXml.MAX_ELEMENTS + " elements"), p.message());
    }

    @Test
    void elementCountingDoesNotRefuseRealDocumentsAndCountsUtf16() throws Exception {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!-- <x> --><r>");
        for (int i = 0; i < 1000; i++) {
            xml.append("<v a=\"1\">").append(i).append("</v><![CDATA[ < ]]>");
        }
        xml.append("</r>");
        assertNotNull(SafeXml.parse(xml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String many = "<r>" + "<b/>".repeat(SafeXml.MAX_ELEMENTS + 1) + "</r>";
        for (var cs : List.of(java.nio.charset.StandardCharsets.UTF_8, java.nio.charset.StandardCharsets.UTF_16LE,
                java.nio.charset.StandardCharsets.UTF_16BE)) {
            ExtractionException e = org.junit.jupiter.api.Assertions.assertThrows(ExtractionException.class,
                    () -> SafeXml.parse(many.getBytes(cs)), cs.name());
            assertEquals(ErrorCode.TOO_LARGE, e.code(), cs.name());
        }
    }

    @Test
    void theBudgetIsPerExtractionAndFreshOutsideOne() throws Exception {
        Budget outer = Budget.current();
        assertFalse(outer == Budget.current(), "outside an extraction every call gets its own budget");
        Budget small = new Budget(1000, 10);
        try (Budget.Scope s = Budget.open(small)) {
            assertTrue(Budget.current() == small);
            assertTrue(small.tryBytes(1000));
            assertFalse(small.tryBytes(1));
            ExtractionException e = org.junit.jupiter.api.Assertions.assertThrows(ExtractionException.class,
                    () -> small.entries(11, "x"));
            assertEquals(ErrorCode.TOO_LARGE, e.code());
            // a TIFF walk under a spent budget: its payloads are skipped with TOO_LARGE, not loaded
            byte[] tiff = TiffBuilder.classic().image(4, 4).bytes(60000, new byte[100]).build();
            TiffContainer c = TiffContainer.read(InMemory.source(tiff));
            assertFalse(c.first().has(60000));
            assertTrue(c.problems().stream().anyMatch(p -> p.code() == ErrorCode.TOO_LARGE
                    && p.message().contains("tag 60000 payload (100 bytes")), c.problems().toString());
            // and the next file's entries no longer fit: the first IFD is refused
            ExtractionException x = org.junit.jupiter.api.Assertions.assertThrows(ExtractionException.class,
                    () -> TiffContainer.read(InMemory.source(tiff)));
            assertEquals(ErrorCode.TOO_LARGE, x.code());
        }
        assertFalse(Budget.current() == small, "the scope restores");
    }

    @Test
    void theOriginalTreeInARecordIsBoundedWithAWarning() {
        MetadataTree t = new MetadataTree();
        for (int s = 0; s < 100; s++) {
            MetadataTree sec = t.section("s" + s);
            for (int i = 0; i < 1000; i++) {
                sec.put("k" + i, Value.integer(i));
            }
        }
        var json = io.emmeta.core.output.TreeJson.toJson(t, Extractor.MAX_ORIGINAL_VALUES, Extractor.MAX_ORIGINAL_CHARS);
        assertEquals(Extractor.MAX_ORIGINAL_VALUES, json.valuesKept());
        assertEquals(100_000 - Extractor.MAX_ORIGINAL_VALUES, json.valuesDropped());
        assertEquals("s50", json.firstDropped(), "whole sections dropped once full");
        assertEquals(50, json.sectionsDropped());
        assertFalse(json.complete());
    }
}
