package io.emmeta.core.read.thermo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffImages;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Budget;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.xml.SafeXml;
import io.emmeta.core.read.xml.XmlTree;
import io.emmeta.core.source.ByteSource;
import io.emmeta.core.source.ReadStats;

/**
 * Phenom Element Identification archives ({@code .elid}, EID 3.8 and later, format versions 0–4): one bzip2 stream
 * holding {@code "EID2"}, the format version, and the project — the images (each a whole TIFF whose tag 34683 is the
 * {@code <FeiImage>} XML with beam energy, working distance, pixel size, stage and time) and the EDS analyses.
 * A bzip2 stream cannot be read by ranges, so the archive is decompressed as a stream, bounded; each embedded TIFF
 * (a length-prefixed little-endian TIFF) is read with our TIFF walker and its XML with the hardened parser. The
 * spectra themselves are not decoded (said in the record).
 */
public final class PhenomElidReader implements Reader {

    /** Decompressed bytes looked at; images come first in the archive. */
    static final int MAX_DECOMPRESSED = 64 * 1024 * 1024;
    static final int MAX_IMAGES = 64;

    public static final FormatSpec FORMAT = new FormatSpec("thermofisher/phenom-elid", "Thermo Fisher Scientific",
            Technique.SEM, List.of(".elid"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    /** An ELID archive is a bzip2 stream; a tiny one cannot hold the archive, so it is left to the text checks. */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container == ContainerKind.BINARY && Head.startsWith(probe.head(), 0, 'B', 'Z', 'h') && probe.size() > 1000) {
            return Optional.of(Sniff.certain(FORMAT, "bzip2", "bzip2 stream (Phenom ELID archives are bzip2-compressed)"));
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        byte[] data = decompress(probe.source(), warnings);
        if (data.length < 8 || !new String(data, 0, 4, StandardCharsets.ISO_8859_1).equals("EID2")) {
            throw new ExtractionException(ErrorCode.CORRUPT, "bzip2 stream without the ELID 'EID2' signature");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(4);
        MetadataTree root = new MetadataTree();
        MetadataTree archive = root.section("archive");
        archive.put("formatVersion", Value.integer(version));
        archive.put("decompressedBytes", new Value((long) data.length, "bytes", null));
        if (version < 0 || version > 4) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "ELID format version " + version + " (0–4 known); images read"
                    + " by their TIFF signature"));
        }
        MetadataTree images = root.section("images");
        MetadataTree primary = null;
        ImageRef shown = null;
        byte[] shownBytes = null;
        int found = 0;
        for (int at = 8; at + 12 <= data.length && found < MAX_IMAGES; at++) {
            // a TIFF embedded as uint32 length + "II*\0"
            if (data[at + 4] != 'I' || data[at + 5] != 'I' || data[at + 6] != 42 || data[at + 7] != 0) {
                continue;
            }
            long length = b.getInt(at) & 0xFFFFFFFFL;
            if (length < 8 || at + 4 + length > data.length) {
                continue;
            }
            MetadataTree image = images.section(Integer.toString(found++));
            ImageRef ref = readImage(data, at + 4, (int) length, image, warnings);
            if (primary == null && image.getTree("FeiImage") != null) {
                primary = primary(image);
                if (ref != null) {
                    // the preview's image: this TIFF, copied out of the archive so the rest of it can go
                    shown = ref;
                    shownBytes = java.util.Arrays.copyOfRange(data, at + 4, at + 4 + (int) length);
                }
            }
            at += 3 + (int) length;
        }
        if (primary == null) {
            warnings.add(new Problem(ErrorCode.CORRUPT, found + " embedded image(s), none with its <FeiImage> XML"));
        }
        warnings.add(new Problem(ErrorCode.MAPPING, "the EDS analyses (spectra, element lists) in the archive are not"
                + " decoded; the images' acquisition metadata is"));
        ReadResult result = primary == null ? ReadResult.of(root, warnings) : new ReadResult(root, primary, warnings);
        // the archive's image lies bzip2-compressed: the preview reads it from the copy decompressed here (within
        // MAX_DECOMPRESSED and the extraction's memory budget), never from the object
        return shown == null ? result : result.withEmbeddedImage(shown, new ArraySlice(shownBytes, 0,
                shownBytes.length));
    }

    /**
     * What the mapping reads: the first image carrying acquisition XML, plus its pixel count and the beam energy as
     * a positive voltage (Phenom writes the accelerating potential as a negative "highVoltage").
     */
    private static MetadataTree primary(MetadataTree image) {
        MetadataTree p = new MetadataTree();
        MetadataTree fei = image.getTree("FeiImage");
        p.put("FeiImage", fei);
        MetadataTree derived = p.section("derived");
        derived.put("width", image.get("width")).put("height", image.get("height"));
        Value hv = fei.get("acquisition/scan/highVoltage");
        if (hv != null && hv.isNumber()) {
            derived.put("accelerationVoltage", Value.number(Math.abs(hv.asDouble()), hv.unit()));
        }
        return p;
    }

    /** Reads one embedded TIFF's tags into {@code into}; its first image's layout (offsets within the TIFF), or null. */
    private static ImageRef readImage(byte[] data, int offset, int length, MetadataTree into, List<Problem> warnings)
            throws IOException {
        into.put("tiffBytes", new Value((long) length, "bytes", null));
        // the image is already in memory: read it in place, however large its tags (a cache in front of it refused
        // single reads over 4 MB, and that one image's failure ended the whole archive)
        try (ByteSource tiffSource = new ArraySlice(data, offset, length)) {
            TiffContainer tiff = TiffContainer.read(tiffSource);
            TiffPage page = tiff.first();
            into.put("width", Value.integer(page.width() == null ? 0 : page.width()));
            into.put("height", Value.integer(page.height() == null ? 0 : page.height()));
            byte[] xml = page.bytes(34683);
            if (xml == null) {
                return null; // element maps and thumbnails carry no acquisition XML of their own
            }
            int n = xml.length;
            while (n > 0 && xml[n - 1] == 0) {
                n--;
            }
            byte[] text = java.util.Arrays.copyOf(xml, n);
            into.put("FeiImage", XmlTree.of(SafeXml.parse(text).getDocumentElement(), warnings, "ELID image"));
            return TiffImages.firstImage(tiff);
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), "embedded image: " + e.getMessage()));
        } catch (IOException e) {
            // an embedded TIFF whose structure points outside itself: this image, not the archive
            warnings.add(new Problem(ErrorCode.CORRUPT, "embedded image: " + e.getMessage()));
        }
        return null;
    }

    /** Bytes of the decompressed archive as a source, without copying them. */
    private static final class ArraySlice implements ByteSource {
        private final byte[] data;
        private final int offset;
        private final int length;
        private final ReadStats stats = new ReadStats();

        ArraySlice(byte[] data, int offset, int length) {
            this.data = data;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public String name() {
            return "elid-image";
        }

        @Override
        public long size() {
            return length;
        }

        @Override
        public int read(long position, byte[] dst, int off, int len) throws IOException {
            if (position < 0) {
                throw new IOException("elid-image: negative position " + position);
            }
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            System.arraycopy(data, offset + (int) position, dst, off, n);
            stats.record(n);
            return n;
        }

        @Override
        public ReadStats stats() {
            return stats;
        }
    }

    /**
     * The whole stream, decompressed up to {@link #MAX_DECOMPRESSED} bytes (a cut stream keeps what it gave), in a
     * buffer that never grows past that cap, the bytes taken from the extraction's {@link Budget}: when the budget
     * ends first, the decompressed part so far is read, with a TOO_LARGE warning.
     */
    private static byte[] decompress(ByteSource source, List<Problem> warnings) throws IOException, ExtractionException {
        Budget budget = Budget.current();
        byte[] data = new byte[0];
        int size = 0;
        // One bzip2 stream after another (a parallel compressor writes several), each read to its end before the
        // next is looked for: with commons-compress reading concatenated streams itself, bytes after the last stream
        // raised an error inside the read that had already decoded the stream's final bytes, and they were lost.
        SourceStream raw = new SourceStream(source);
        long sourceSize = source.size();
        boolean full = false;
        streams:
        for (int stream = 0; !full; stream++) {
            if (stream > 0) {
                long at = raw.pos;
                if (at >= sourceSize) {
                    break;
                }
                if (!startsStream(source, at)) {
                    warnings.add(new Problem(ErrorCode.CORRUPT, (sourceSize - at) + " byte(s) after the bzip2 stream"
                            + " (from byte " + at + ") are not a further stream; ignored"));
                    break;
                }
            }
            try (InputStream in = new BZip2CompressorInputStream(raw, false)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0;) {
                    Deadline.check();
                    n = Math.min(n, MAX_DECOMPRESSED - size);
                    if (!budget.tryBytes(n)) {
                        warnings.add(new Problem(ErrorCode.TOO_LARGE, "bzip2 stream: decompression stopped at " + size
                                + " bytes: " + budget.bytesMessage(n)));
                        break streams;
                    }
                    if (size + n > data.length) {
                        data = java.util.Arrays.copyOf(data, (int) Math.min(MAX_DECOMPRESSED, Math.max(size + n,
                                Math.max(256 * 1024, 2L * data.length))));
                    }
                    System.arraycopy(buf, 0, data, size, n);
                    size += n;
                    if (size >= MAX_DECOMPRESSED) {
                        full = true; // the images come first; what follows is EDS data
                        break;
                    }
                }
            } catch (IOException e) {
                Deadline.rethrowIfExpired(e);
                if (size < 8) {
                    throw new ExtractionException(ErrorCode.CORRUPT, "bzip2 stream unreadable: " + e.getMessage(), e);
                }
                // a cut or damaged tail: the archive's beginning (where the images are) is still read
                break;
            }
        }
        return size == data.length ? data : java.util.Arrays.copyOf(data, size);
    }

    /** "BZh" and a block size digit at {@code at}. */
    private static boolean startsStream(ByteSource source, long at) throws IOException {
        byte[] m = new byte[4];
        int got = 0;
        while (got < 4) {
            int n = source.read(at + got, m, got, 4 - got);
            if (n < 0) {
                return false;
            }
            got += n;
        }
        return m[0] == 'B' && m[1] == 'Z' && m[2] == 'h' && m[3] >= '1' && m[3] <= '9';
    }

    /** A ByteSource as a sequential stream (64 KiB at a time, through the range cache). */
    private static final class SourceStream extends InputStream {
        private final ByteSource source;
        private long pos;

        SourceStream(ByteSource source) {
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = source.read(pos, b, off, Math.min(len, 64 * 1024));
            if (n > 0) {
                pos += n;
            }
            return n;
        }
    }
}
