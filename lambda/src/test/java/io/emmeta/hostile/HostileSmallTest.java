package io.emmeta.hostile;

import static io.emmeta.hostile.HostileTextTest.czSem;
import static io.emmeta.hostile.HostileTextTest.tiffWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.detect.FormatDetector;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.map.Mapper;
import io.emmeta.core.map.SchemaValidator;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.output.TreeJson;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Notices;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.ReaderRegistry;
import io.emmeta.core.read.velox.VeloxJsonAccess;
import io.emmeta.core.source.ByteSource;
import io.emmeta.core.source.ReadStats;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.InMemory;

/**
 * Issue #12, round two, the smaller items: one absurd number voiding a whole Zeiss block, ELID archives losing their
 * last buffer or all their images, duplicate JSON keys and out-of-range numbers vanishing silently, a vendor
 * {"value", "unit"} object looking like a typed value, a warning quoting a whole line, a passed deadline ending as
 * something other than TIMEOUT, and an Error escaping the extractor. Inputs are generated here (the interrupt test
 * also reads two corpus HDF5 files, since no HDF5 writer is at hand).
 */
class HostileSmallTest {

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- Zeiss: one absurd number, one value

    @Test
    void anAbsurdZeissMagnificationIsOneTextValueNotALostBlock() throws Exception {
        byte[] tif = tiffWith(TiffTags.ZEISS_CZ_SEM, czSem(
                "AP_MAG", "Mag = 1e2147483647 K X",
                "AP_WD", "WD = 1.5 mm",
                "AP_ACTUALKV", "EHT = 1e309 kV",
                "AP_BEAM_CURRENT", "I Probe = 1e-400 pA").getBytes(StandardCharsets.ISO_8859_1));
        ExtractionRecord r = extract("mag.tif", tif);
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        JsonNode o = r.original();
        assertEquals(1.5, o.at("/AP_WD/value").asDouble(), 0, o.toString());
        assertEquals("mm", o.at("/AP_WD/unit").asText());
        assertEquals("1e2147483647 K X", o.at("/AP_MAG/value").asText(), "kept as the vendor wrote it");
        assertTrue(o.at("/AP_MAG/value").isTextual());
        assertEquals("1e309 kV", o.at("/AP_ACTUALKV/value").asText(), "not Infinity");
        assertEquals("1e-400 pA", o.at("/AP_BEAM_CURRENT/value").asText(), "not 0");
        assertTrue(warned(r, "magnification '1e2147483647'"), r.warnings().toString());
        assertTrue(warned(r, "number '1e309' is too large for a double"), r.warnings().toString());
        assertTrue(warned(r, "number '1e-400' is too small for a double"), r.warnings().toString());
    }

    // ---------------------------------------------------------------- text numbers out of a double's range

    @Test
    void aTextNumberOutOfDoubleRangeStaysTextWithAWarning() throws Exception {
        byte[] tif = tiffWith(TiffTags.FEI_HELIOS,
                "[User]\nA=1e309\nB=-1e-400\nC=2.5e-3\n".getBytes(StandardCharsets.US_ASCII));
        ExtractionRecord r = extract("ini.tif", tif);
        JsonNode user = r.original().at("/User");
        assertEquals("1e309", user.at("/A").asText(), user.toString());
        assertTrue(user.get("A").isTextual());
        assertEquals("-1e-400", user.at("/B").asText());
        assertTrue(user.get("B").isTextual());
        assertEquals(2.5e-3, user.at("/C").asDouble(), 0);
        assertTrue(warned(r, "'1e309' is too large"), r.warnings().toString());
        assertTrue(warned(r, "'-1e-400' is too small"), r.warnings().toString());
    }

    // ---------------------------------------------------------------- JSON: duplicate keys, out-of-range numbers

    @Test
    void duplicateJsonKeysAreAllKeptWithAWarning() throws Exception {
        try (Notices.Scope notices = Notices.open()) {
            MetadataTree t = VeloxJsonAccess.typed("{\"Optics\": {\"SpotIndex\": \"3\", \"SpotIndex\": \"5\","
                    + " \"SpotIndex\": \"7\", \"SpotIndex#2\": \"x\"}, \"Optics\": {\"Mode\": \"TEM\"}}");
            assertEquals(3L, t.get("Optics/SpotIndex").value());
            assertEquals(5L, t.get("Optics/SpotIndex#2").value());
            assertEquals(7L, t.get("Optics/SpotIndex#3").value());
            assertEquals("x", t.get("Optics/SpotIndex#2#2").value(), "a vendor name that was taken is kept too");
            assertEquals("TEM", t.get("Optics#2/Mode").value(), "a repeated section is kept too");
            List<Problem> w = notices.drain();
            assertTrue(w.stream().anyMatch(p -> p.message().contains("repeats the key 'SpotIndex'")), w.toString());
            assertTrue(w.stream().anyMatch(p -> p.message().contains("repeats the key 'Optics'")), w.toString());
        }
    }

    @Test
    void jsonNumbersOutOfDoubleRangeKeepTheirText() throws Exception {
        try (Notices.Scope notices = Notices.open()) {
            MetadataTree t = VeloxJsonAccess.typed("{\"a\": 1e309, \"b\": 1e-400, \"c\": \"1e309\", \"d\": \"1e-400\","
                    + " \"e\": 0.25, \"f\": 0e-400, \"g\": \"2.5e-3\"}");
            assertEquals("1e309", t.get("a").value());
            assertEquals("1e-400", t.get("b").value());
            assertEquals("1e309", t.get("c").value());
            assertEquals("1e-400", t.get("d").value());
            assertEquals(0.25, t.get("e").value());
            assertEquals(0.0, t.get("f").value(), "a zero is a zero");
            assertEquals(2.5e-3, t.get("g").value());
            List<Problem> w = notices.drain();
            assertEquals(4, w.size(), w.toString());
            assertTrue(w.stream().allMatch(p -> p.code() == ErrorCode.MALFORMED_TEXT));
        }
    }

    // ---------------------------------------------------------------- typed values vs vendor {value, unit}

    @Test
    void aVendorValueUnitObjectCannotBeTakenForATypedValue() {
        MetadataTree t = new MetadataTree();
        t.put("typed", new Value(5.0, "nm", null));
        t.section("vendor").put("value", Value.integer(5)).put("unit", Value.text("nm"));
        t.section("valueOnly").put("value", Value.integer(5));
        t.section("valueAndMore").put("value", Value.integer(5)).put("type", Value.text("double"));
        t.section("unitIsTyped").put("value", Value.integer(5)).put("unit", new Value("nm", null, "a label"));
        t.section("wrapLike").section(TreeJson.SECTION).put("x", Value.integer(1));
        JsonNode j = TreeJson.toJson(t);
        assertTrue(TreeJson.looksLikeValue(j.get("typed")));
        assertEquals(5.0, j.at("/typed/value").asDouble(), 0);
        // sections that would read as typed values are wrapped; their content is unchanged inside
        assertEquals(Set.of(TreeJson.SECTION), names(j.get("vendor")));
        assertEquals("nm", j.at("/vendor/@section/unit").asText());
        assertEquals(5, j.at("/vendor/@section/value").asInt());
        assertEquals(Set.of(TreeJson.SECTION), names(j.get("valueOnly")));
        assertEquals(Set.of(TreeJson.SECTION), names(j.get("wrapLike")));
        assertEquals(1, j.at("/wrapLike/@section/@section/x").asInt());
        // the others already differ from a typed value and are written as before
        assertEquals(Set.of("value", "type"), names(j.get("valueAndMore")));
        assertEquals(Set.of("value", "unit"), names(j.get("unitIsTyped")));
        assertFalse(TreeJson.looksLikeValue(j.get("unitIsTyped")), "its unit is an object");
        for (String k : List.of("vendor", "valueOnly", "valueAndMore", "unitIsTyped", "wrapLike")) {
            assertFalse(TreeJson.looksLikeValue(j.get(k)), k);
        }
        // the bounded conversion used for records does the same
        JsonNode b = TreeJson.toJson(t, 1000, 100_000).json();
        assertEquals(j, b);
    }

    // ---------------------------------------------------------------- warning length

    @Test
    void aWarningNeverCarriesAWholeLine() throws Exception {
        StringBuilder block = new StringBuilder("x".repeat(60_000)).append("\r\n");
        for (int i = 1; i < 34; i++) {
            block.append("0\r\n");
        }
        block.append("1\r\nAP_WD\r\nWD = 1.5 mm\r\n");
        ExtractionRecord r = extract("long.tif", tiffWith(TiffTags.ZEISS_CZ_SEM,
                block.toString().getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(1.5, r.original().at("/AP_WD/value").asDouble(), 0);
        assertTrue(warned(r, "header line(s) not numeric"), r.warnings().toString());
        for (Problem p : r.warnings()) {
            assertTrue(p.message().length() <= Problem.MAX_MESSAGE, p.message().length() + ": " + p.message());
        }
        Problem direct = new Problem(ErrorCode.CORRUPT, "y".repeat(200_000));
        assertTrue(direct.message().length() <= Problem.MAX_MESSAGE && direct.message().length() > 400,
                direct.message().length() + " characters");
        assertTrue(direct.message().endsWith("… (message of 200000 characters cut)"));
        assertEquals("short", new Problem(ErrorCode.CORRUPT, "short").message());
        // through the chain: an exception quoting 200 KB of a file ends as a bounded error message
        ExtractionRecord failed = failingExtractor(() -> new IllegalStateException("z".repeat(200_000)))
                .extract(InMemory.source(tif()), SourceInfo.file("x.tif", tif().length), UploadContext.NONE).record();
        assertEquals(ErrorCode.INTERNAL, failed.errors().get(0).code());
        assertTrue(failed.errors().get(0).message().length() <= Problem.MAX_MESSAGE);
        assertTrue(failed.errors().get(0).message().contains("characters cut)"), failed.errors().toString());
    }

    // ---------------------------------------------------------------- ELID

    @Test
    void bytesAfterTheBzip2StreamKeepTheLastDecodedBuffer() throws Exception {
        byte[] archive = elid(image(xml("-15000"), 0));
        byte[] withTail = HostileTextTest.concat(bzip2(archive), "not a bzip2 stream".getBytes(StandardCharsets.US_ASCII));
        ExtractionRecord r = extract("tail.elid", withTail);
        assertEquals("thermofisher/phenom-elid", r.detected().format());
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertEquals(archive.length, r.original().at("/archive/decompressedBytes/value").asLong(),
                "every decompressed byte, the last buffer's too");
        assertEquals(-15000, r.original().at("/images/0/FeiImage/acquisition/scan/highVoltage").asInt(),
                r.original().toString());
        assertTrue(warned(r, "18 byte(s) after the bzip2 stream"), r.warnings().toString());

        // two streams one after the other are both read
        byte[] second = elidTail(image(xml("-10000"), 0));
        ExtractionRecord two = extract("two.elid", HostileTextTest.concat(bzip2(archive), bzip2(second)));
        assertEquals(archive.length + second.length, two.original().at("/archive/decompressedBytes/value").asLong());
        assertEquals(-10000, two.original().at("/images/1/FeiImage/acquisition/scan/highVoltage").asInt());
    }

    @Test
    void anEmbeddedImageWithATagOver4MbKeepsTheArchive() throws Exception {
        byte[] big = image(xml("-15000"), 5 * 1024 * 1024);
        byte[] small = image(xml("-10000"), 0);
        ExtractionRecord r = extract("big.elid", bzip2(elid(big, small)));
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertEquals(-15000, r.original().at("/images/0/FeiImage/acquisition/scan/highVoltage").asInt(),
                "the large image is read");
        assertEquals(-10000, r.original().at("/images/1/FeiImage/acquisition/scan/highVoltage").asInt(),
                "and the one after it");
        assertTrue(r.original().at("/images/0/tiffBytes/value").asLong() > 5 * 1024 * 1024, "the whole image");
    }

    // ---------------------------------------------------------------- a passed deadline is TIMEOUT everywhere

    @Test
    void anInterruptDuringAnHdf5OrTiffExtractionEndsAsTimeout() throws Exception {
        Extractor extractor = Extractor.standard(new ObjectMapper());
        Object[][] cases = {
            {"velox.emd", Files.readAllBytes(Corpus.file("rosettasciio/fei_example_tem_stack.emd"))},
            {"berkeley.emd", Files.readAllBytes(Corpus.file("rosettasciio/example_image.emd"))},
            {"helios.tif", Files.readAllBytes(Corpus.file("rosettasciio/FEI-Helios-Ebeam-8bits.tif"))},
            {"zeiss.tif", tiffWith(TiffTags.ZEISS_CZ_SEM, czSem("AP_WD", "WD = 1.5 mm")
                    .getBytes(StandardCharsets.ISO_8859_1))}};
        for (Object[] c : cases) {
            String name = (String) c[0];
            byte[] bytes = (byte[]) c[1];
            // how many reads a whole extraction makes; then the thread is interrupted at each of them in turn
            Interrupting counting = new Interrupting(InMemory.source(bytes), Integer.MAX_VALUE);
            ExtractionRecord whole = extractor.extract(counting, SourceInfo.file(name, bytes.length), UploadContext.NONE)
                    .record();
            assertTrue(whole.errors().isEmpty(), name + ": " + whole.errors());
            int reads = counting.reads;
            assertTrue(reads > 0, name);
            int step = Math.max(1, reads / 40);
            for (int at = 1; at <= reads; at += step) {
                ExtractionRecord r;
                try {
                    r = extractor.extract(new Interrupting(InMemory.source(bytes), at), SourceInfo.file(name,
                            bytes.length), UploadContext.NONE).record();
                } finally {
                    Thread.interrupted();
                }
                assertEquals(Status.ERROR, r.status(), name + " interrupted at read " + at);
                assertEquals(List.of(ErrorCode.TIMEOUT), r.errors().stream().map(Problem::code).toList(),
                        name + " interrupted at read " + at + " of " + reads + ": " + r.errors());
            }
        }
    }

    /** A source that interrupts the reading thread (what the timeout does) on its n-th read. */
    static final class Interrupting implements ByteSource {
        final ByteSource inner;
        final int at;
        int reads;

        Interrupting(ByteSource inner, int at) {
            this.inner = inner;
            this.at = at;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public long size() throws IOException {
            return inner.size();
        }

        @Override
        public int read(long position, byte[] dst, int off, int len) throws IOException {
            if (++reads == at) {
                Thread.currentThread().interrupt();
            }
            return inner.read(position, dst, off, len);
        }

        @Override
        public ReadStats stats() {
            return inner.stats();
        }
    }

    // ---------------------------------------------------------------- containment

    @Test
    void anyThrowableFromAReaderBecomesThatFilesRecord() throws Exception {
        byte[] tif = tif();
        Object[][] cases = {
            {(Supplier<Throwable>) () -> new NoClassDefFoundError("com/ning/compress/lzf/LZFDecoder"), ErrorCode.INTERNAL,
                "com/ning/compress/lzf/LZFDecoder"},
            {(Supplier<Throwable>) () -> new AssertionError("a bug of ours"), ErrorCode.INTERNAL, "java.lang.AssertionError"},
            {(Supplier<Throwable>) () -> new NullPointerException("oops"), ErrorCode.INTERNAL, "java.lang.NullPointerException"},
            {(Supplier<Throwable>) () -> new StackOverflowError(), ErrorCode.INTERNAL, "StackOverflowError"},
            {(Supplier<Throwable>) () -> new OutOfMemoryError("Java heap space"), ErrorCode.TOO_LARGE, "Java heap space"},
            {(Supplier<Throwable>) () -> new ExceptionInInitializerError("static init"), ErrorCode.INTERNAL,
                "ExceptionInInitializerError"}};
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Extractor extractor = failingExtractor((Supplier<Throwable>) c[0]);
            ExtractionRecord r = extractor.extract(InMemory.source(tif), SourceInfo.file("x.tif", tif.length),
                    UploadContext.NONE).record();
            assertEquals(Status.ERROR, r.status(), String.valueOf(c[2]));
            assertEquals(1, r.errors().size(), r.errors().toString());
            assertEquals(c[1], r.errors().get(0).code(), r.errors().toString());
            assertTrue(r.errors().get(0).message().contains((String) c[2]), r.errors().toString());
            assertNotNull(r.detected(), "what was detected is still said");
        }
    }

    // ---------------------------------------------------------------- helpers

    static byte[] tif() {
        return tiffWith(TiffTags.FEI_HELIOS, "[User]\nA=1\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The standard chain whose only reader (for every format) throws what {@code thrown} gives. */
    static Extractor failingExtractor(Supplier<Throwable> thrown) {
        ObjectMapper json = new ObjectMapper();
        Reader failing = new Reader() {
            @Override
            public List<FormatSpec> formats() {
                return io.emmeta.core.Readers.allFormats();
            }

            @Override
            public ReadResult read(Probe probe, Detection detection) {
                Throwable t = thrown.get();
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            }
        };
        return new Extractor(json, new FormatDetector(io.emmeta.core.Readers.registry()), new ReaderRegistry(List.of(failing)),
                Mapper.fromClasspath(json), new SchemaValidator(json));
    }

    ExtractionRecord extract(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return Chain.extractBroken(p, name);
    }

    static boolean warned(ExtractionRecord r, String part) {
        return r.warnings().stream().anyMatch(p -> p.message().contains(part));
    }

    static Set<String> names(JsonNode o) {
        Set<String> s = new java.util.LinkedHashSet<>();
        o.fieldNames().forEachRemaining(s::add);
        return s;
    }

    static byte[] xml(String highVoltage) {
        return ("<FeiImage><acquisition><scan><highVoltage>" + highVoltage
                + "</highVoltage></scan></acquisition></FeiImage>").getBytes(StandardCharsets.US_ASCII);
    }

    /** An embedded image: a little-endian TIFF with the FeiImage XML in tag 34683, plus a padding tag of that size. */
    static byte[] image(byte[] xml, int padding) {
        io.emmeta.testing.TiffBuilder b = io.emmeta.testing.TiffBuilder.classic().image(16, 16).bytes(34683, xml);
        if (padding > 0) {
            b.bytes(50_000, new byte[padding]);
        }
        return b.build();
    }

    /**
     * The decompressed archive: "EID2", version 2, each image as uint32 length + TIFF, then 3,000 bytes standing for
     * the EDS part (random, so the compressed archive is over the 1,000 bytes detection wants).
     */
    static byte[] elid(byte[]... images) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("EID2".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(2).array());
        out.writeBytes(elidTail(images));
        byte[] eds = new byte[3000];
        new java.util.Random(12).nextBytes(eds);
        out.writeBytes(eds);
        return out.toByteArray();
    }

    /** Images as the archive lists them (length-prefixed), without the header. */
    static byte[] elidTail(byte[]... images) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] im : images) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(im.length).array());
            out.writeBytes(im);
        }
        return out.toByteArray();
    }

    static byte[] bzip2(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream z = new BZip2CompressorOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
