package io.emmeta.core.read.tescan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.emmeta.core.container.tiff.TiffImages;
import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Head;
import io.emmeta.core.format.SidecarRule;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.UnitTable;
import io.emmeta.core.read.WholeText;
import io.emmeta.core.read.text.IniText;
import io.emmeta.core.read.text.LenientNumbers;
import io.emmeta.core.read.text.TextLimits;

/**
 * TESCAN: the TIFF tag 50431 and the {@code .hdr} sidecar carry the same INI-style text. The tag is a sequence of
 * blocks {@code {u32 LE length; length bytes starting with a u16 LE block id}}: id 1 a JPEG 2000 thumbnail (only its
 * size is kept), id 2 the [MAIN] text, id 3 the [SEM] text, id 0 the end. The {@code .hdr} has the section headers
 * itself. Either way the tree is {@code MAIN/…}, {@code SEM/…} (plus any other section), with the SI units TESCAN's
 * keys imply attached from {@value #UNITS}; the TIFF's Make/Model/DateTime/Artist go under {@code tiff/}.
 */
public final class TescanReader implements Reader {

    static final String UNITS = "emmeta/tescan/units.json";
    static final int MAX_HDR = 1 << 20;
    private static final Map<Integer, String> BLOCKS = Map.of(2, "MAIN", 3, "SEM");

    private final UnitTable units = UnitTable.load(UNITS);

    public static final FormatSpec TIFF = new FormatSpec("tiff/tescan", "TESCAN", Technique.SEM, FormatSpec.TIFF_ENDINGS);
    public static final FormatSpec HDR = new FormatSpec("text/tescan-hdr", "TESCAN", Technique.SEM, List.of(".hdr"));

    @Override
    public List<FormatSpec> formats() {
        return List.of(TIFF, HDR);
    }

    /** The TIFF by its private tag; the .hdr by its [MAIN] section (after an optional comment line). */
    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container == ContainerKind.TIFF && probe.tiff().declares(TiffTags.TESCAN)) {
            return Optional.of(Sniff.certain(TIFF, "tiff", "tag 50431 (Tescan blocks) present"));
        }
        if (container == ContainerKind.TEXT) {
            String s = Head.text(probe.head());
            String t = s.stripLeading();
            if (t.startsWith("[MAIN]") || (t.startsWith("#") && s.contains("\n[MAIN]"))) {
                return Optional.of(Sniff.certain(HDR, "text", "INI text with a [MAIN] section"));
            }
        }
        return Optional.empty();
    }

    /** TESCAN writes {@code image.hdr} beside {@code image.tif}. */
    @Override
    public List<SidecarRule> sidecarRules() {
        return List.of(new SidecarRule(HDR, List.of(".tif", ".tiff"), ".hdr"));
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        MetadataTree root = new MetadataTree();
        if (detection.format().equals(HDR)) {
            IniText ini = IniText.parse(IniText.decode(WholeText.bytes(probe, MAX_HDR, "TESCAN .hdr")).text());
            ini.reportCuts(warnings, "TESCAN .hdr");
            for (IniText.Section s : ini.sections()) {
                fill(root.section(s.name()), s.name(), s.entries());
            }
            TextLimits.Listed strays = new TextLimits.Listed(warnings, "lines that are not Key=Value");
            ini.strays().forEach(s -> {
                if (!s.text().startsWith("#")) {
                    strays.add(new Problem(ErrorCode.MALFORMED_TEXT, "line " + s.line() + " is not Key=Value"));
                }
            });
            strays.close();
        } else {
            TiffContainer tiff = probe.tiff();
            TiffPage page = tiff.pages().stream().filter(p -> p.has(TiffTags.TESCAN)).findFirst().orElse(null);
            if (page == null) {
                throw new ExtractionException(ErrorCode.TRUNCATED, "tag 50431 is declared but its payload lies past "
                        + "the end of the object");
            }
            blocks(page.bytes(TiffTags.TESCAN), root, warnings);
            MetadataTree t = root.section("tiff");
            for (int[] tag : new int[][] {{TiffPage.MAKE}, {TiffPage.MODEL}, {TiffPage.DATE_TIME}, {TiffPage.ARTIST}}) {
                String v = page.ascii(tag[0]);
                if (v != null) {
                    t.put(name(tag[0]), Value.text(v));
                }
            }
            // each on its own: a readable width says nothing about the height tag (its count or type may lie)
            if (page.width() != null) {
                t.put("ImageWidth", new Value(page.width(), "px", null));
            }
            if (page.height() != null) {
                t.put("ImageLength", new Value(page.height(), "px", null));
            }
        }
        if (root.getTree("MAIN") == null && root.getTree("SEM") == null) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "no [MAIN] or [SEM] values");
        }
        return ReadResult.of(root, warnings)
                .withImage(detection.format().equals(HDR) ? null : TiffImages.firstImage(probe.tiff()));
    }

    private void blocks(byte[] payload, MetadataTree root, List<Problem> warnings) throws ExtractionException {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        int count = 0;
        while (pos + 4 <= payload.length) {
            long len = b.getInt(pos) & 0xffffffffL;
            if (len < 2 || pos + 4 + len > payload.length) {
                if (len < 2 && len >= 0 && count > 0) {
                    break; // terminator (id 0, length 2) or a short trailer
                }
                throw new ExtractionException(count == 0 ? ErrorCode.CORRUPT : ErrorCode.TRUNCATED,
                        "tag 50431 block " + count + " declares " + len + " bytes at " + pos + " of " + payload.length);
            }
            int id = b.getShort(pos + 4) & 0xffff;
            if (id == 0) {
                break;
            }
            if (++count > 64) {
                throw new ExtractionException(ErrorCode.CORRUPT, "tag 50431 holds more than 64 blocks");
            }
            int start = pos + 6;
            int end = (int) (pos + 4 + len);
            String section = BLOCKS.get(id);
            if (id == 1) {
                root.section("thumbnail").put("bytes", new Value(len - 2, "bytes", "JPEG 2000 thumbnail"));
            } else if (section != null) {
                String text = new String(payload, start, end - start, StandardCharsets.UTF_8);
                int nul = text.indexOf('\u0000');
                IniText ini = IniText.parse(nul >= 0 ? text.substring(0, nul) : text);
                ini.reportCuts(warnings, "tag 50431 block " + id);
                fill(root.section(section), section, ini.preamble());
            } else {
                root.section("otherBlocks").put(Integer.toString(id), new Value(len - 2, "bytes", null));
                warnings.add(new Problem(ErrorCode.UNSUPPORTED_FORMAT, "tag 50431 block id " + id + " (" + (len - 2)
                        + " bytes) not decoded"));
            }
            pos = end;
        }
    }

    private void fill(MetadataTree t, String section, List<IniText.Entry> entries) {
        for (IniText.Entry e : entries) {
            String key = e.key().strip();
            String v = e.value() == null ? "" : e.value().strip();
            if (key.isEmpty() || v.isEmpty()) {
                continue;
            }
            String unit = units.unitOf(section + "/" + key);
            Number n = LenientNumbers.parse(v);
            t.add(key, n == null ? Value.text(v) : n instanceof Long l ? new Value(l, unit, null)
                    : new Value(n.doubleValue(), unit, null));
        }
    }

    private static String name(int tag) {
        return switch (tag) {
            case TiffPage.MAKE -> "Make";
            case TiffPage.MODEL -> "Model";
            case TiffPage.DATE_TIME -> "DateTime";
            default -> "Artist";
        };
    }
}
