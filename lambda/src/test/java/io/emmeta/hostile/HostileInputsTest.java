package io.emmeta.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.imaging.formats.tiff.TiffField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.source.ByteSource;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.core.source.ReadStats;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.InMemory;
import io.emmeta.testing.TiffBuilder;

/**
 * Hostile inputs through the real {@link Extractor}, all in memory: files cut at every structural boundary, TIFF
 * structures that lie, XML that tries to reach files and the network, text that is not text, empty objects and an
 * object that claims 50 GB. Every case must end in a record whose errors or warnings say what is wrong with a typed
 * code, within {@link #BOUND}, reading a bounded number of bytes, and without touching a file or a socket.
 */
class HostileInputsTest {

    static final Duration BOUND = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();
    static Extractor extractor;
    /** Codes that describe bytes; INTERNAL (our bug) and SOURCE_* (an in-memory source cannot fail) must not appear. */
    static final Set<ErrorCode> TYPED = EnumSet.of(ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.TRUNCATED,
            ErrorCode.CORRUPT, ErrorCode.MALFORMED_TEXT, ErrorCode.XML_REJECTED, ErrorCode.TOO_LARGE, ErrorCode.EMPTY,
            ErrorCode.MAPPING);

    static final String ZEISS = "rosettasciio/test_tiff_Zeiss_SEM_1k.tif";
    static final String FEI_IFD_AT_END = "rosettasciio/FEI-Helios-Ebeam-8bits.tif";
    static final String THERMO_XML = "public/DeMarcoLab-fibsem/test_image_2.tif";
    static final String VELOX = "public/openNCEM/STEM HAADF Diffraction Micro.emd";

    /** A loopback port that must never see a connection, and a file whose content must never appear. */
    static ServerSocket trap;
    static final AtomicInteger connections = new AtomicInteger();
    static Thread acceptor;

    @BeforeAll
    static void setUp() throws IOException {
        extractor = Extractor.standard(JSON);
        trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!trap.isClosed()) {
                try (Socket s = trap.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    // closed at the end of the class
                }
            }
        }, "xxe-trap");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void tearDown() throws IOException {
        trap.close();
        assertEquals(0, connections.get(), "something connected to the loopback trap");
    }

    /** What one extraction produced, checked against the common contract. */
    record Outcome(ExtractionRecord rec, String json, long bytesFetched) {
        boolean flagged() {
            return !rec.errors().isEmpty() || !rec.warnings().isEmpty();
        }

        Set<ErrorCode> codes() {
            Set<ErrorCode> c = EnumSet.noneOf(ErrorCode.class);
            rec.errors().forEach(p -> c.add(p.code()));
            rec.warnings().forEach(p -> c.add(p.code()));
            return c;
        }
    }

    static Outcome extract(String what, byte[] bytes) {
        return extract(what, InMemory.source(bytes), bytes.length);
    }

    static Outcome extract(String what, ByteSource source, long size) {
        ExtractionRecord rec = assertTimeoutPreemptively(BOUND,
                () -> extractor.extract(source, SourceInfo.file(what, size), UploadContext.NONE).record(), what);
        for (Problem p : rec.errors()) {
            assertTrue(TYPED.contains(p.code()), what + ": untyped error " + p);
        }
        for (Problem p : rec.warnings()) {
            assertTrue(TYPED.contains(p.code()), what + ": untyped warning " + p);
        }
        assertFalse(rec.status() == Status.ERROR && rec.errors().isEmpty(), what + ": error without reason");
        String json;
        try {
            json = JSON.writeValueAsString(rec);
            JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(what + ": record does not serialise: " + e, e);
        }
        return new Outcome(rec, json, source.stats().bytesRead());
    }

    static byte[] corpus(String rel) throws IOException {
        return Files.readAllBytes(Corpus.file(rel));
    }

    // ---------------------------------------------------------------- truncation at structural boundaries

    /**
     * Offsets where a classic TIFF's structure begins or ends: header, each IFD and entry, each payload, the pixel
     * strips. Only offsets inside the declared extent: a byte that nothing declares cannot be missed.
     */
    static TreeSet<Long> tiffBoundaries(byte[] file) throws Exception {
        TreeSet<Long> cuts = new TreeSet<>(List.of(0L, 1L, 2L, 4L, 7L, 8L));
        ByteBuffer b = ByteBuffer.wrap(file).order(file[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long ifd = b.getInt(4) & 0xffffffffL;
        Set<Long> seen = new TreeSet<>();
        while (ifd != 0 && ifd < file.length && seen.add(ifd)) {
            int n = b.getShort((int) ifd) & 0xffff;
            cuts.add(ifd);
            cuts.add(ifd + 1);
            cuts.add(ifd + 2);
            for (int i = 0; i < n; i++) {
                cuts.add(ifd + 2 + 12L * i);
                cuts.add(ifd + 2 + 12L * i + 6);
            }
            long end = ifd + 2 + 12L * n;
            cuts.add(end);
            cuts.add(end + 2);
            ifd = b.getInt((int) end) & 0xffffffffL;
            cuts.add(end + 4);
        }
        long extent = cuts.last();
        TiffContainer tiff = TiffContainer.read(InMemory.source(file));
        for (TiffPage p : tiff.pages()) {
            if (p.has(273) && p.has(279)) {
                int[] o = p.fields().get(273).getIntArrayValue();
                int[] n = p.fields().get(279).getIntArrayValue();
                for (int i = 0; i < Math.min(o.length, n.length); i++) {
                    extent = Math.max(extent, (o[i] & 0xffffffffL) + (n[i] & 0xffffffffL));
                    cuts.add((o[i] & 0xffffffffL) + (n[i] & 0xffffffffL) / 2);
                }
            }
            for (TiffField f : p.fields().values()) {
                long at = f.getOffset();
                long len = f.getBytesLength();
                if (len > 4) {
                    extent = Math.max(extent, at + len);
                    cuts.add(at);
                    cuts.add(at + 1);
                    cuts.add(at + len / 2);
                    cuts.add(at + len - 1);
                    cuts.add(at + len);
                }
            }
        }
        cuts.add(extent - 1);
        long end = Math.min(extent, file.length);
        cuts.removeIf(c -> c < 0 || c >= end);
        return cuts;
    }

    @Test
    void tiffCutAtEveryStructuralBoundaryIsFlagged() throws Exception {
        for (String rel : List.of(ZEISS, FEI_IFD_AT_END, THERMO_XML)) {
            byte[] file = corpus(rel);
            Map<String, Integer> seen = new TreeMap<>();
            for (long cut : tiffBoundaries(file)) {
                Outcome o = extract(rel + " cut at " + cut, java.util.Arrays.copyOf(file, (int) cut));
                assertNotEquals(Status.OK, o.rec.status(), rel + " cut at " + cut + " reported clean");
                assertTrue(o.flagged(), rel + " cut at " + cut + ": no error or warning");
                seen.merge(o.rec.status().json() + " " + o.codes(), 1, Integer::sum);
            }
            System.out.println("TIFF cuts of " + rel + ": " + seen);
        }
    }

    /** A source that remembers every position a parser asked for: for HDF5, the structure's own addresses. */
    static final class Recording implements ByteSource {
        final ByteSource inner;
        final TreeSet<Long> positions = new TreeSet<>();

        Recording(ByteSource inner) {
            this.inner = inner;
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
            positions.add(position);
            positions.add(position + len);
            return inner.read(position, dst, off, len);
        }

        @Override
        public ReadStats stats() {
            return inner.stats();
        }
    }

    @Test
    void emdCutAtEveryStructuralBoundaryIsFlagged() throws Exception {
        byte[] file = corpus(VELOX);
        Recording rec = new Recording(InMemory.source(file));
        Outcome clean = extract(VELOX, rec, file.length);
        assertFalse(clean.rec.status() == Status.ERROR, "the uncut file reads: " + clean.rec.errors());
        TreeSet<Long> cuts = new TreeSet<>();
        for (long c = 0; c <= 96; c += 4) {
            cuts.add(c); // superblock fields
        }
        for (long p : rec.positions) {
            cuts.add(p);
            cuts.add(p + 1);
        }
        cuts.add((long) file.length / 2);
        cuts.add((long) file.length - 1);
        cuts.removeIf(c -> c < 0 || c >= file.length);
        Map<String, Integer> seen = new TreeMap<>();
        for (long cut : cuts) {
            Outcome o = extract(VELOX + " cut at " + cut, java.util.Arrays.copyOf(file, (int) cut));
            assertNotEquals(Status.OK, o.rec.status(), "cut at " + cut + " reported clean");
            assertTrue(o.flagged(), "cut at " + cut + ": no error or warning");
            seen.merge(o.rec.status().json() + " " + o.codes(), 1, Integer::sum);
        }
        System.out.println("EMD cuts (" + cuts.size() + "): " + seen);
    }

    /**
     * The root group's object header (superblock v0: its address is in the root symbol-table entry at byte 64) made
     * to declare 1 GB. jHDF sizes its buffer from that field; the read that follows must be stopped, once, with a
     * typed record (the fuzzer's first Velox finding: 2.4 GB allocated through several such headers).
     */
    @Test
    void emdObjectHeaderClaimingAGigabyteIsStoppedOnce() throws Exception {
        byte[] file = corpus(VELOX);
        assertEquals(0, file[8], "superblock v0 expected in " + VELOX);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long root = b.getLong(64);
        for (int size : new int[] {1 << 30, Integer.MAX_VALUE, -1}) {
            byte[] patched = file.clone();
            ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN).putInt((int) root + 8, size);
            Outcome o = extract("root object header of " + size + " bytes", patched);
            // unreadable root: detection cannot tell Velox from any HDF5 and says so (unsupported, evidence kept),
            // or the read stops with a typed error
            assertTrue(o.flagged() && o.rec.status() != Status.OK, o.rec.status() + " " + o.codes());
            System.out.println("EMD root header of " + size + " bytes -> " + o.rec.status().json() + " " + o.codes()
                    + (o.rec.detected() == null ? "" : " " + o.rec.detected().evidence()));
        }
    }

    /**
     * HDF5 files with cycles (written by {@code make-hdf5-cycles.py} beside them): {@code /a/b} and {@code /a/self}
     * are hard links to {@code /a}; {@code /loop} is the root group itself. Each group must be read once, the
     * repeat said, and the walk must end.
     */
    @Test
    void hdf5CyclicLinksAreReadOnceAndSaid() throws Exception {
        for (String name : List.of("cycle.h5", "root-cycle.h5")) {
            byte[] file;
            try (var in = HostileInputsTest.class.getResourceAsStream(name)) {
                file = in.readAllBytes();
            }
            Outcome o = extract("HDF5 " + name, file);
            assertTrue(o.codes().contains(ErrorCode.CORRUPT), name + " " + o.codes());
            assertTrue(o.rec.warnings().stream().anyMatch(w -> w.message().contains("already read")), o.json);
            assertTrue(o.rec.status() == Status.PARTIAL, o.json);
            System.out.println("HDF5 " + name + " -> " + o.rec.status().json() + " " + o.codes() + " "
                    + o.rec.original());
        }
    }

    // ---------------------------------------------------------------- TIFF structures that lie

    static byte[] zeissBlock() throws Exception {
        TiffContainer t = TiffContainer.read(InMemory.source(corpus(ZEISS)));
        return t.first().bytes(TiffTags.ZEISS_CZ_SEM);
    }

    @Test
    void tiffLoopsOffsetsAndCountsAreTyped() throws Exception {
        byte[] cz = zeissBlock();
        List<Object[]> cases = new ArrayList<>();
        // an IFD whose next pointer is itself, and a two-page loop
        TiffBuilder self = TiffBuilder.classic().image(64, 64).ascii(TiffTags.ZEISS_CZ_SEM, cz);
        cases.add(new Object[] {"IFD loops to itself", self.lastNext(self.ifdOffset(0)).build()});
        TiffBuilder two = TiffBuilder.classic().image(64, 64).ascii(TiffTags.ZEISS_CZ_SEM, cz).nextPage()
                .image(64, 64);
        cases.add(new Object[] {"two IFDs loop", two.lastNext(two.ifdOffset(0)).build()});
        // offsets past the end
        byte[] ok = TiffBuilder.classic().image(64, 64).ascii(TiffTags.ZEISS_CZ_SEM, cz).build();
        byte[] firstPast = ok.clone();
        ByteBuffer.wrap(firstPast).order(ByteOrder.LITTLE_ENDIAN).putInt(4, ok.length + 1000);
        cases.add(new Object[] {"first IFD past the end", firstPast});
        cases.add(new Object[] {"34118 payload past the end", TiffBuilder.classic().image(64, 64)
                .entry(new TiffBuilder.Entry(34118, TiffBuilder.ASCII, cz.length, new byte[0], 1L << 31)).build()});
        cases.add(new Object[] {"next IFD past the end", TiffBuilder.classic().image(64, 64)
                .ascii(TiffTags.ZEISS_CZ_SEM, cz).lastNext(0x7ffffff0L).build()});
        // absurd counts
        byte[] manyEntries = ok.clone();
        ByteBuffer.wrap(manyEntries).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) 0xffff);
        cases.add(new Object[] {"65535 IFD entries", manyEntries});
        cases.add(new Object[] {"34118 count 2^32-1", TiffBuilder.classic().image(64, 64)
                .entry(new TiffBuilder.Entry(34118, TiffBuilder.ASCII, 0xffffffffL, new byte[0], 16)).build()});
        cases.add(new Object[] {"strip table of 2^30 longs", TiffBuilder.classic().image(64, 64)
                .ascii(TiffTags.ZEISS_CZ_SEM, cz)
                .entry(new TiffBuilder.Entry(273, TiffBuilder.LONG, 1 << 30, new byte[0], 8)).build()});
        cases.add(new Object[] {"DOUBLE tag with 2^29 values", TiffBuilder.classic().image(64, 64)
                .entry(new TiffBuilder.Entry(34682, 12, 1 << 29, new byte[0], 8)).build()});
        // BigTIFF that declares 2^40
        cases.add(new Object[] {"BigTIFF 34118 count 2^40", TiffBuilder.bigTiff().image(64, 64)
                .entry(new TiffBuilder.Entry(34118, TiffBuilder.ASCII, 1L << 40, new byte[0], 16)).build()});
        cases.add(new Object[] {"BigTIFF 34682 count 2^40", TiffBuilder.bigTiff().image(64, 64)
                .entry(new TiffBuilder.Entry(34682, TiffBuilder.ASCII, 1L << 40, new byte[0], 16)).build()});
        cases.add(new Object[] {"BigTIFF strip table count 2^40", TiffBuilder.bigTiff().image(64, 64)
                .ascii(TiffTags.ZEISS_CZ_SEM, cz)
                .entry(new TiffBuilder.Entry(324, 16, 1L << 40, new byte[0], 16)).build()});
        byte[] bigEntries = TiffBuilder.bigTiff().image(64, 64).ascii(TiffTags.ZEISS_CZ_SEM, cz).build();
        ByteBuffer.wrap(bigEntries).order(ByteOrder.LITTLE_ENDIAN).putLong(16, 1L << 40);
        cases.add(new Object[] {"BigTIFF IFD with 2^40 entries", bigEntries});
        byte[] bigFirst = bigEntries.clone();
        ByteBuffer.wrap(bigFirst).order(ByteOrder.LITTLE_ENDIAN).putLong(8, 1L << 40);
        cases.add(new Object[] {"BigTIFF first IFD at 2^40", bigFirst});
        byte[] negative = bigEntries.clone();
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putLong(8, -8L);
        cases.add(new Object[] {"BigTIFF first IFD at -8", negative});

        for (Object[] c : cases) {
            String what = (String) c[0];
            byte[] bytes = (byte[]) c[1];
            Outcome o = extract(what, bytes);
            assertTrue(o.flagged(), what + ": nothing flagged " + o.rec.status());
            assertTrue(o.bytesFetched <= bytes.length + 64 * 1024, what + ": fetched " + o.bytesFetched);
            System.out.println("hostile TIFF: " + what + " -> " + o.rec.status().json() + " " + o.codes());
        }
    }

    // ---------------------------------------------------------------- XML that reaches out

    /** Documents that would read the marker file, call the trap port, or expand without bound, if allowed to. */
    static List<Object[]> hostileXml(Path marker, int port) {
        String file = marker.toUri().toString();
        String url = "http://127.0.0.1:" + port + "/";
        String laughs = "<!DOCTYPE Metadata [<!ENTITY l0 \"lol\">"
                + java.util.stream.IntStream.range(1, 10).mapToObj(i -> "<!ENTITY l" + i + " \"" + ("&l" + (i - 1)
                        + ";").repeat(10) + "\">").reduce("", String::concat) + "]><Metadata><A>&l9;</A></Metadata>";
        String xxeFile = "<?xml version=\"1.0\"?><!DOCTYPE Metadata [<!ENTITY x SYSTEM \"" + file + "\">]>"
                + "<Metadata><Core><Name>&x;</Name></Core></Metadata>";
        List<Object[]> docs = new ArrayList<>();
        docs.add(new Object[] {"XXE file", xxeFile.getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"XXE http", ("<?xml version=\"1.0\"?><!DOCTYPE Metadata [<!ENTITY x SYSTEM \"" + url
                + "x\">]><Metadata><A>&x;</A></Metadata>").getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"parameter entity", ("<!DOCTYPE Metadata [<!ENTITY % p SYSTEM \"" + url + "p.dtd\"> %p;]>"
                + "<Metadata/>").getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"external DTD", ("<!DOCTYPE Metadata SYSTEM \"" + url + "m.dtd\"><Metadata><A>1</A>"
                + "</Metadata>").getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"billion laughs", laughs.getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"XInclude", ("<Metadata xmlns:xi=\"http://www.w3.org/2001/XInclude\"><A>"
                + "<xi:include href=\"" + file + "\" parse=\"text\"/></A><B><xi:include href=\"" + url
                + "i\"/></B></Metadata>").getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"schema location", ("<Metadata xmlns=\"urn:x\" xmlns:xsi=\"http://www.w3.org/2001/"
                + "XMLSchema-instance\" xsi:schemaLocation=\"urn:x " + url + "s.xsd\" xsi:noNamespaceSchemaLocation=\""
                + url + "n.xsd\"><A>1</A></Metadata>").getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"stylesheet PI", ("<?xml-stylesheet type=\"text/xsl\" href=\"" + url + "s.xsl\"?>"
                + "<Metadata><A>1</A></Metadata>").getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"XXE file in UTF-16LE", ("\uFEFF" + xxeFile.replace("?>", "").replace("<?xml version=\"1.0\"",
                "<?xml version=\"1.0\" encoding=\"UTF-16\"?>")).getBytes(StandardCharsets.UTF_16LE)});
        docs.add(new Object[] {"XXE file in UTF-16BE", xxeFile.getBytes(StandardCharsets.UTF_16BE)});
        docs.add(new Object[] {"XXE file in UTF-32BE", xxeFile.replace("<?xml version=\"1.0\"?>",
                "<?xml version=\"1.0\" encoding=\"UTF-32\"?>").getBytes(Charset.forName("UTF-32BE"))});
        docs.add(new Object[] {"XXE file in EBCDIC", xxeFile.replace("<?xml version=\"1.0\"?>",
                "<?xml version=\"1.0\" encoding=\"IBM037\"?>").getBytes(Charset.forName("IBM037"))});
        return docs;
    }

    /** The document with its root element renamed, when it is UTF-8 text; else unchanged. */
    static byte[] renamedRoot(byte[] xml, String root) {
        String text = new String(xml, StandardCharsets.UTF_8);
        if (!text.contains("Metadata") || !java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), xml)) {
            return xml;
        }
        return text.replace("Metadata", root).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void xmlNeverReachesFilesOrTheNetwork(@TempDir Path dir) throws Exception {
        String marker = "EMMETA-XXE-MARKER-" + UUID.randomUUID();
        Path secret = Files.writeString(dir.resolve("secret.txt"), marker);
        byte[] ini = TiffContainer.read(InMemory.source(corpus(THERMO_XML))).first().bytes(34682);
        for (Object[] d : hostileXml(secret, trap.getLocalPort())) {
            String what = (String) d[0];
            byte[] xml = (byte[]) d[1];
            // the parser itself: refused when it declares a DOCTYPE, otherwise parsed without resolving anything
            String parsed = assertTimeoutPreemptively(BOUND, () -> {
                try {
                    return "parsed " + SafeXml.parse(xml).getDocumentElement().getTextContent();
                } catch (ExtractionException e) {
                    return "refused " + e.code();
                }
            }, what);
            assertFalse(parsed.contains(marker), what + ": file content leaked into the document");
            assertTrue(parsed.startsWith("parsed") || parsed.equals("refused " + ErrorCode.XML_REJECTED)
                    || parsed.equals("refused " + ErrorCode.MALFORMED_TEXT), what + ": " + parsed);
            System.out.println("hostile XML: " + what + " -> SafeXml " + (parsed.startsWith("parsed") ? "parsed"
                    : parsed));
            List<Object[]> carriers = List.of(
                    new Object[] {"34683 beside the INI", TiffBuilder.classic().image(64, 64)
                            .ascii(TiffTags.FEI_HELIOS, ini).ascii(TiffTags.FEI_TITAN, xml).build()},
                    new Object[] {"34683 alone", Fixtures.tiffWith(TiffTags.FEI_TITAN, xml)},
                    new Object[] {"34680 as XML", TiffBuilder.classic().image(64, 64)
                            .ascii(TiffTags.FEI_HELIOS, ini).ascii(TiffTags.FEI_SFEG, xml).build()},
                    new Object[] {"34680 as base64", TiffBuilder.classic().image(64, 64)
                            .ascii(TiffTags.FEI_HELIOS, ini)
                            .ascii(TiffTags.FEI_SFEG, Base64.getEncoder().encode(xml)).build()},
                    new Object[] {"Fibics 51023", Fixtures.tiffWith(TiffTags.FIBICS, xml)},
                    new Object[] {"ImageDescription", Fixtures.tiffWith(TiffPage.IMAGE_DESCRIPTION, xml)},
                    new Object[] {"bare XML object", xml},
                    // the same document as the root each XML-carrying format is detected by (UTF-8 ones; the others
                    // are refused by the parser above before any root is looked at)
                    new Object[] {"JEOL SightX ImageDescription", Fixtures.tiffWith(TiffPage.IMAGE_DESCRIPTION,
                            renamedRoot(xml, "TemReporter"))},
                    new Object[] {"Thermo Fisher EMProject .emxml", renamedRoot(xml, "EMProject")});
            for (Object[] c : carriers) {
                String label = what + " in " + c[0];
                Outcome o = extract(label, (byte[]) c[1]);
                assertFalse(o.json.contains(marker), label + ": file content leaked into the record");
                if (c[0].toString().startsWith("34683") || c[0].toString().startsWith("34680")) {
                    boolean doctype = new String(xml, StandardCharsets.ISO_8859_1).contains("DOCTYPE")
                            || what.contains("UTF") || what.contains("EBCDIC");
                    if (doctype) {
                        assertTrue(o.codes().contains(ErrorCode.XML_REJECTED) || o.codes().contains(
                                ErrorCode.MALFORMED_TEXT), label + ": not refused " + o.codes());
                    }
                }
            }
        }
        Thread.sleep(200); // let the trap's acceptor see a late connection, if any was made
        assertEquals(0, connections.get(), "an XML entry point connected to the loopback trap");
    }

    // ---------------------------------------------------------------- text that is not text

    @Test
    void garbledIniAndCzSemTextIsTyped() throws Exception {
        byte[] ini = TiffContainer.read(InMemory.source(corpus(THERMO_XML))).first().bytes(34682);
        byte[] cz = zeissBlock();
        Random r = new Random(42);
        byte[] garbage = new byte[2048];
        r.nextBytes(garbage);
        String iniText = new String(ini, StandardCharsets.UTF_8);
        List<Object[]> inis = new ArrayList<>();
        inis.add(new Object[] {"binary spliced into INI", splice(ini, garbage)});
        inis.add(new Object[] {"INI of random bytes", garbage});
        inis.add(new Object[] {"INI as UTF-16LE", iniText.getBytes(StandardCharsets.UTF_16LE)});
        inis.add(new Object[] {"INI as UTF-16BE with BOM", ("\uFEFF" + iniText).getBytes(StandardCharsets.UTF_16BE)});
        inis.add(new Object[] {"latin-1 and UTF-8 mixed", concat(iniText.substring(0, iniText.length() / 2)
                .getBytes(StandardCharsets.UTF_8), "\n[Stage]\nX=1 \u00b5m\nY=2 \u00b0\n".getBytes(StandardCharsets.ISO_8859_1),
                "Z=3 \u00b5m\n".getBytes(StandardCharsets.UTF_8))});
        inis.add(new Object[] {"no section at all", "HV=20000\nWD=0.004\n".getBytes(StandardCharsets.US_ASCII)});
        inis.add(new Object[] {"100k section headers", "[S]\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII)});
        inis.add(new Object[] {"one 4 MB line", ("[User]\nUser=" + "A".repeat(4 << 20)).getBytes(StandardCharsets.US_ASCII)});
        inis.add(new Object[] {"only NULs", new byte[4096]});
        for (Object[] c : inis) {
            Outcome o = extract((String) c[0], Fixtures.tiffWith(TiffTags.FEI_HELIOS, (byte[]) c[1]));
            System.out.println("hostile INI: " + c[0] + " -> " + o.rec.status().json() + " " + o.codes());
            if (!c[0].toString().startsWith("latin-1")) {
                assertTrue(o.flagged(), c[0] + ": nothing flagged");
            }
        }
        List<Object[]> czs = new ArrayList<>();
        czs.add(new Object[] {"binary spliced into CZ_SEM", splice(cz, garbage)});
        czs.add(new Object[] {"CZ_SEM of random bytes", garbage});
        czs.add(new Object[] {"CZ_SEM as UTF-16LE in 34118",
            new String(cz, Charset.forName("windows-1252")).getBytes(StandardCharsets.UTF_16LE)});
        czs.add(new Object[] {"CZ_SEM with a declared count of 2^31",
            new String(cz, StandardCharsets.ISO_8859_1).replaceFirst("\\d{3,5}", "2147483647")
                    .getBytes(StandardCharsets.ISO_8859_1)});
        czs.add(new Object[] {"CZ_SEM of only NULs", new byte[4096]});
        for (Object[] c : czs) {
            Outcome o = extract((String) c[0], Fixtures.tiffWith(TiffTags.ZEISS_CZ_SEM, (byte[]) c[1]));
            System.out.println("hostile CZ_SEM: " + c[0] + " -> " + o.rec.status().json() + " " + o.codes());
            assertTrue(o.flagged(), c[0] + ": nothing flagged");
        }
    }

    // ---------------------------------------------------------------- empty things

    @Test
    void emptyObjectsAndEmptyBlocksAreTyped() {
        Outcome empty = extract("0-byte object", new byte[0]);
        assertEquals(Status.ERROR, empty.rec.status());
        assertEquals(ErrorCode.EMPTY, empty.rec.errors().get(0).code());
        for (int tag : new int[] {TiffTags.ZEISS_CZ_SEM, TiffTags.FEI_HELIOS,
            TiffTags.FEI_TITAN, TiffTags.FEI_SFEG}) {
            byte[] t = TiffBuilder.classic().image(64, 64)
                    .entry(new TiffBuilder.Entry(tag, TiffBuilder.ASCII, 0, new byte[0], 0)).build();
            Outcome o = extract("0-byte tag " + tag, t);
            assertTrue(o.flagged(), "0-byte tag " + tag + ": nothing flagged");
            System.out.println("0-byte tag " + tag + " -> " + o.rec.status().json() + " " + o.codes());
        }
        for (int n : new int[] {1, 7, 8, 15}) {
            Outcome o = extract(n + "-byte TIFF head", java.util.Arrays.copyOf(TiffBuilder.classic().image(1, 1)
                    .build(), n));
            assertTrue(o.flagged(), n + "-byte head");
        }
    }

    // ---------------------------------------------------------------- a 50 GB claim

    @Test
    void aFiftyGigabyteClaimCostsBoundedBytesAndTime() throws Exception {
        long claimed = 50_000_000_000L;
        for (String rel : List.of(ZEISS, FEI_IFD_AT_END, VELOX)) {
            byte[] head = java.util.Arrays.copyOf(corpus(rel), 64 * 1024);
            InMemory fetcher = InMemory.claiming(head, claimed);
            CachingByteSource src = new CachingByteSource(fetcher);
            long t0 = System.nanoTime();
            Outcome o = extract(rel + " claiming 50 GB", src, claimed);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("50 GB claim, " + rel + ": " + o.rec.status().json() + " " + o.codes() + ", "
                    + fetcher.bytesFetched() + " bytes in " + fetcher.fetched().size() + " fetches, " + ms + " ms");
            assertTrue(fetcher.bytesFetched() <= 4L << 20, rel + ": fetched " + fetcher.bytesFetched());
            assertTrue(fetcher.fetched().size() <= 64, rel + ": " + fetcher.fetched().size() + " fetches");
        }
        // a BigTIFF in that object whose only tag points 40 GB in, with a payload at the size limit
        byte[] big = TiffBuilder.bigTiff().image(64, 64).entry(new TiffBuilder.Entry(34118, TiffBuilder.ASCII,
                TiffContainer.MAX_PAYLOAD, new byte[0], 40_000_000_000L)).build();
        InMemory fetcher = InMemory.claiming(big, claimed);
        Outcome o = extract("BigTIFF tag 40 GB in", new CachingByteSource(fetcher), claimed);
        assertTrue(o.flagged(), "zeros as CZ_SEM text: flagged");
        assertTrue(fetcher.bytesFetched() <= TiffContainer.MAX_PAYLOAD + (1 << 20), "fetched " + fetcher.bytesFetched());
    }

    // ---------------------------------------------------------------- helpers

    static byte[] splice(byte[] into, byte[] what) {
        int at = into.length / 2;
        return concat(java.util.Arrays.copyOf(into, at), what, java.util.Arrays.copyOfRange(into, at, into.length));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static final class Fixtures {
        static byte[] tiffWith(int tag, byte[] payload) {
            return TiffBuilder.classic().image(64, 64).ascii(tag, payload).build();
        }
    }

    @Test
    void theTrapWorks() throws Exception {
        // guards the guard: a real connection to the trap is counted (then forgotten, so the class check stays 0)
        int before = connections.get();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), trap.getLocalPort())) {
            s.getOutputStream().write(1);
        }
        long until = System.currentTimeMillis() + 2000;
        while (connections.get() == before && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        assertEquals(before + 1, connections.get());
        connections.decrementAndGet();
    }
}
