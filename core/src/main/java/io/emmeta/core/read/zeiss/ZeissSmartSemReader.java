package io.emmeta.core.read.zeiss;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.emmeta.core.container.tiff.TiffImages;
import io.emmeta.core.container.Probe;
import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.format.ContainerKind;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.FormatSpec;
import io.emmeta.core.format.Sniff;
import io.emmeta.core.format.Technique;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;

/**
 * Zeiss SmartSEM TIFF: the CZ_SEM text in tag 34118 (cp1252) and its UTF-16LE copy in tag 34119.
 *
 * <p>Tree (primary = page 0; paths are what the mapping table names):
 * <pre>
 * header/0 .. header/33        the numeric preamble, Double (group 0: [3] pixel size m for a 1024-wide frame,
 *                              [4] exact magnification, [6] EHT V, [8] probe current A, [9] WD m)
 * header/entryCount            the declared number of parameters, Long
 * AP_ACTUALKV                  Value(10.0, "kV", label "EHT") — one leaf per AP_/DP_/SV_ key, in file order,
 * DP_SEM                       Value("Merlin", label "Sem")    a repeated key as KEY#2
 * AP_DATE / AP_TIME            Value("23 Dec 2015", label "Date") / Value("9:40:32", label "Time"), text
 * DP_IMAGE_STORE               Value("1024 * 768", label "Store resolution"), text as written
 * derived/...                  computed here, never written by the vendor: pixelSize (m, header[3]·1024/width),
 *                              magnification (X), accelerationVoltage (V), probeCurrent (A), workingDistance (m)
 *                              from the header; storeWidth / storeHeight (Long) from DP_IMAGE_STORE
 * tag34119/KEY                 the 34119 value where it disagrees with 34118 (34118's stays at KEY)
 * </pre>
 * The original tree is the same plus {@code pages/N/...} (same shape) for every further page carrying 34118.
 */
public final class ZeissSmartSemReader implements Reader {

    public static final int TAG_CZ_SEM = TiffTags.ZEISS_CZ_SEM;
    public static final int TAG_CZ_SEM_UTF16 = TiffTags.ZEISS_CZ_SEM_UTF16;
    /** Further pages read into the original tree; a deep stack repeats the same block per slice. */
    static final int MAX_EXTRA_PAGES = 63;
    private static final int MAX_MISMATCH_WARNINGS = 10;
    private static final int MAX_LISTED_KEYS = 8;
    private static final double PIXEL_SIZE_TOLERANCE = 0.01;

    public static final FormatSpec FORMAT = new FormatSpec("tiff/zeiss-smartsem", "Carl Zeiss", Technique.SEM,
            FormatSpec.TIFF_ENDINGS);

    @Override
    public List<FormatSpec> formats() {
        return List.of(FORMAT);
    }

    @Override
    public Optional<Sniff> sniff(ContainerKind container, Probe probe) throws IOException, ExtractionException {
        if (container != ContainerKind.TIFF || !probe.tiff().declares(TAG_CZ_SEM)) {
            return Optional.empty();
        }
        List<String> ev = new ArrayList<>();
        ev.add("tag 34118 (CZ_SEM) present");
        if (probe.tiff().declares(TAG_CZ_SEM_UTF16)) {
            ev.add("tag 34119 (CZ_SEM as UTF-16) present");
        }
        return Optional.of(Sniff.certain(FORMAT, "tiff", ev));
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        List<Problem> warnings = new ArrayList<>();
        TiffContainer tiff = probe.tiff();
        checkDeclaredRanges(tiff, probe.size(), warnings);
        List<TiffPage> tagged = new ArrayList<>();
        for (TiffPage p : tiff.pages()) {
            if (p.has(TAG_CZ_SEM)) {
                tagged.add(p);
            }
        }
        if (tagged.isEmpty()) {
            throw new ExtractionException(ErrorCode.CORRUPT, "no TIFF page carries tag 34118 (CZ_SEM)");
        }
        checkStrips(tagged.get(0), probe.size(), warnings);
        // no catch-all here: CzSemBlock and CzSemText type what they reject (ExtractionException); anything else
        // from this code is our bug and must reach the record as INTERNAL, where the fuzzers see it
        TiffPage first = tagged.get(0);
        PageBlock page0 = readPage(first, warnings);
        if (tagged.size() == 1) {
            // one page: the original tree is page 0's, as it is (no copy of every entry)
            return ReadResult.of(page0.tree, warnings).withImage(TiffImages.firstImage(tiff));
        }
        MetadataTree original = new MetadataTree();
        page0.tree.entries().forEach((k, v) -> {
            if (v instanceof MetadataTree t) {
                original.put(k, t);
            } else {
                original.put(k, (Value) v);
            }
        });
        MetadataTree pages = original.section("pages");
        int limit = Math.min(tagged.size(), 1 + MAX_EXTRA_PAGES);
        for (int i = 1; i < limit; i++) {
            TiffPage p = tagged.get(i);
            try {
                PageBlock other = readPage(p, warnings);
                pages.put(Integer.toString(p.index()), other.tree);
                comparePages(page0, first.index(), other, p.index(), warnings);
            } catch (ExtractionException e) {
                warnings.add(new Problem(e.code(), "page " + p.index() + " not read: " + e.getMessage()));
            }
        }
        if (tagged.size() > limit) {
            warnings.add(new Problem(ErrorCode.TOO_LARGE, (tagged.size() - limit) + " further pages carry"
                    + " tag 34118; only the first " + limit + " were read"));
        }
        return new ReadResult(original, page0.tree, warnings).withImage(TiffImages.firstImage(tiff));
    }

    /**
     * Page 0's 34118 beyond the end is fatal (the metadata is gone); a cut 34119 or a cut further page loses only
     * the copy or that page.
     */
    private static void checkDeclaredRanges(TiffContainer tiff, long size, List<Problem> warnings)
            throws ExtractionException {
        for (TiffPage page : tiff.pages()) {
            for (TiffPage.Cut d : page.cutTags()) {
                if (d.tag() != TAG_CZ_SEM && d.tag() != TAG_CZ_SEM_UTF16) {
                    continue;
                }
                String what = "tag " + d.tag() + " of page " + page.index() + " (" + d.length() + " bytes at offset "
                        + d.offset() + ") runs past the end of the object (" + size + " bytes)";
                if (page.index() == 0 && d.tag() == TAG_CZ_SEM) {
                    throw new ExtractionException(ErrorCode.TRUNCATED, what);
                }
                warnings.add(new Problem(ErrorCode.TRUNCATED, what + (d.tag() == TAG_CZ_SEM_UTF16
                        ? "; its UTF-16 copy is not used" : "; that page's metadata is lost")));
            }
        }
        for (String a : tiff.anomalies()) {
            if (a.startsWith("IFD")) {
                warnings.add(new Problem(ErrorCode.TRUNCATED, a));
            }
        }
    }

    /** The metadata can be complete while the pixels are cut: say so, since the record describes an image. */
    private static void checkStrips(TiffPage page, long size, List<Problem> warnings) {
        try {
            var offsets = page.fields().get(273);
            var counts = page.fields().get(279);
            if (offsets == null || counts == null) {
                return;
            }
            int[] o = offsets.getIntArrayValue();
            int[] c = counts.getIntArrayValue();
            long end = 0;
            for (int i = 0; i < Math.min(o.length, c.length); i++) {
                end = Math.max(end, (o[i] & 0xffffffffL) + (c[i] & 0xffffffffL));
            }
            if (end > size) {
                warnings.add(new Problem(ErrorCode.TRUNCATED, "image data of page " + page.index() + " runs to byte "
                        + end + " but the object ends at " + size + ": pixels are cut, the metadata block is complete"));
            }
        } catch (org.apache.commons.imaging.ImagingException e) {
            // strip tables of odd types: not our concern, the metadata does not depend on them
        }
    }


    /** One page's parsed block and the tree built from it. */
    private record PageBlock(MetadataTree tree, Map<String, String> rawByKey, int entryCount) {
    }

    private PageBlock readPage(TiffPage page, List<Problem> warnings) throws ExtractionException {
        String where = "tag 34118, page " + page.index();
        byte[] raw = page.bytes(TAG_CZ_SEM);
        if (raw == null || raw.length == 0) {
            throw new ExtractionException(ErrorCode.EMPTY, where + ": empty payload");
        }
        CzSemText text = CzSemText.cp1252(raw);
        if (text.ignoredBytes() > 0) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": " + text.ignoredBytes()
                    + " non-NUL byte(s) after the NUL terminator at byte " + text.text().length() + " ignored"));
        }
        CzSemBlock block = CzSemBlock.parse(text.text(), where);
        warnings.addAll(block.problems);

        CzSemBlock utf16 = utf16Block(page, warnings, text.text(), block);
        MetadataTree tree = new MetadataTree();
        putHeader(tree.section("header"), block, where, warnings);
        if (utf16 != null && !utf16.headerLines.equals(block.headerLines)) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": numeric header differs from its UTF-16 copy"
                    + " in tag 34119; 34118's is kept"));
        }
        Map<String, String> rawByKey = putEntries(tree, block, utf16, where, warnings);
        putDerived(tree, block, page, where, warnings);
        return new PageBlock(tree, rawByKey, block.entries.size());
    }

    /**
     * 34119's block. When its text is 34118's, character for character, and 34118's parsed without a problem, it is
     * 34118's block: parsing is a function of the text and the problems are all that name the tag. SmartSEM writes the
     * same text twice, so this halves a page's parsing (issue #15).
     */
    private static CzSemBlock utf16Block(TiffPage page, List<Problem> warnings, String cp1252Text,
            CzSemBlock cp1252Block) {
        byte[] raw = page.bytes(TAG_CZ_SEM_UTF16);
        if (raw == null || raw.length == 0) {
            return null; // SmartSEM V05 writes no 34119
        }
        String where = "tag 34119, page " + page.index();
        try {
            CzSemText text = CzSemText.utf16le(raw);
            if (text.ignoredBytes() > 0) {
                warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": " + text.ignoredBytes()
                        + " byte(s) after the NUL terminator ignored"));
            }
            if (cp1252Block.problems.isEmpty() && text.text().equals(cp1252Text)) {
                return cp1252Block;
            }
            CzSemBlock b = CzSemBlock.parse(text.text(), where);
            warnings.addAll(b.problems);
            return b;
        } catch (ExtractionException e) {
            warnings.add(new Problem(e.code(), e.getMessage() + "; only tag 34118 is used"));
            return null;
        }
    }

    private static void putHeader(MetadataTree header, CzSemBlock block, String where, List<Problem> warnings) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < block.headerLines.size(); i++) {
            String s = block.headerLines.get(i).strip();
            if (s.isEmpty()) {
                continue;
            }
            try {
                Double d = io.emmeta.core.read.text.NumberText.inRange(s);
                header.put(Integer.toString(i), d == null ? Value.text(s) : new Value(d, null, null));
            } catch (NumberFormatException e) {
                header.put(Integer.toString(i), Value.text(s));
                bad.add(i + " '" + CzSemBlock.printable(s) + "'");
            }
        }
        if (!bad.isEmpty()) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": header line(s) not numeric, kept as text: "
                    + String.join(", ", bad.subList(0, Math.min(bad.size(), MAX_LISTED_KEYS)))));
        }
        if (block.declaredCount != null) {
            header.put("entryCount", new Value(block.declaredCount, null, null));
        }
    }

    /**
     * Adds every parameter of 34118 and reconciles it with 34119. Where the two differ only because 34118 could not
     * encode a character (cp1252 writes '?'), 34119's text is the vendor's real text and replaces it silently; any
     * other difference is an edit or corruption of one copy, so 34118 stays at the key, 34119's value goes to
     * tag34119/KEY, and a warning names both.
     */
    private static Map<String, String> putEntries(MetadataTree tree, CzSemBlock block, CzSemBlock utf16, String where,
            List<Problem> warnings) {
        // SmartSEM writes both copies with the same keys in the same order: then the n-th entry of one is the n-th of
        // the other, which is what the queues below find, without a queue per key (issue #15)
        boolean aligned = utf16 != null && sameKeys(block.entries, utf16.entries);
        Map<String, Deque<CzSemBlock.Entry>> other = new LinkedHashMap<>();
        if (utf16 != null && !aligned) {
            for (CzSemBlock.Entry e : utf16.entries) {
                other.computeIfAbsent(e.key(), k -> new ArrayDeque<>()).add(e);
            }
        }
        Map<String, String> rawByKey = new LinkedHashMap<>();
        List<String> only34118 = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        int mismatches = 0;
        MetadataTree fromUtf16 = new MetadataTree();
        for (int i = 0; i < block.entries.size(); i++) {
            CzSemBlock.Entry e = block.entries.get(i);
            CzSemBlock.Entry chosen = e;
            CzSemBlock.Entry u;
            if (aligned) {
                u = utf16.entries.get(i);
            } else {
                Deque<CzSemBlock.Entry> q = other.get(e.key());
                u = q == null ? null : q.poll();
            }
            if (utf16 != null && u == null) {
                only34118.add(e.key());
            } else if (u != null && !sameText(e, u)) {
                if (encodingLoss(e, u)) {
                    chosen = u;
                } else {
                    mismatches++;
                    if (mismatches <= MAX_MISMATCH_WARNINGS) {
                        warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": " + e.key() + " is '"
                                + CzSemBlock.printable(e.value()) + "' in tag 34118 but '"
                                + CzSemBlock.printable(u.value()) + "' in its UTF-16 copy 34119; both kept (34119's under"
                                + " tag34119/" + e.key() + ")"));
                    }
                    Value uv = ZeissValues.parse(u.key(), u.value(), u.label());
                    if (uv != null) {
                        fromUtf16.add(u.key(), uv);
                    }
                }
            }
            String k = addEntry(tree, chosen, broken);
            rawByKey.put(k, chosen.value());
        }
        if (mismatches > MAX_MISMATCH_WARNINGS) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": " + (mismatches - MAX_MISMATCH_WARNINGS)
                    + " further 34118/34119 mismatches (see tag34119/...)"));
        }
        List<String> only34119 = new ArrayList<>();
        for (Deque<CzSemBlock.Entry> q : other.values()) {
            for (CzSemBlock.Entry u : q) {
                only34119.add(u.key());
                String k = addEntry(tree, u, broken);
                rawByKey.put(k, u.value());
            }
        }
        if (!fromUtf16.isEmpty()) {
            tree.put("tag34119", fromUtf16);
        }
        if (!only34119.isEmpty()) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": " + only34119.size()
                    + " parameter(s) only in the UTF-16 copy 34119, taken from there: " + list(only34119)));
        }
        if (!only34118.isEmpty()) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": " + only34118.size()
                    + " parameter(s) missing from the UTF-16 copy 34119: " + list(only34118)));
        }
        for (String b : broken) {
            warnings.add(new Problem(ErrorCode.MALFORMED_TEXT, where + ": " + b));
        }
        return rawByKey;
    }

    private static boolean sameKeys(List<CzSemBlock.Entry> a, List<CzSemBlock.Entry> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).key().equals(b.get(i).key())) {
                return false;
            }
        }
        return true;
    }

    /** Adds one parsed parameter; returns the key it was stored under. */
    private static String addEntry(MetadataTree tree, CzSemBlock.Entry e, List<String> broken) {
        Value v = ZeissValues.parse(e.key(), e.value(), e.label());
        if (v == null) {
            return e.key(); // empty vendor value: omitted
        }
        if (ZeissValues.looksBrokenNumber(e.key(), v, e.label())) {
            broken.add(e.key() + " (" + e.label() + ") = '" + CzSemBlock.printable(e.value())
                    + "' is not a number; kept as text");
        }
        String k = tree.uniqueKey(e.key());
        tree.put(k, v);
        return k;
    }

    private static boolean sameText(CzSemBlock.Entry a, CzSemBlock.Entry b) {
        return Objects.equals(a.label(), b.label()) && a.value().equals(b.value());
    }

    /** a is b with every character cp1252 cannot hold written as '?'. */
    private static boolean encodingLoss(CzSemBlock.Entry a, CzSemBlock.Entry b) {
        return lossy(a.value(), b.value()) && (a.label() == null ? b.label() == null
                : b.label() != null && lossy(a.label(), b.label()));
    }

    private static boolean lossy(String cp1252, String utf16) {
        if (cp1252.length() != utf16.length()) {
            return false;
        }
        for (int i = 0; i < cp1252.length(); i++) {
            char a = cp1252.charAt(i);
            char b = utf16.charAt(i);
            if (a != b && !(a == '?' && !Cp1252.encodable(b))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Values the vendor stores only implicitly: the header's group 0 (pixel size for a 1024-wide frame, exact
     * magnification, EHT, probe current, WD in SI units) and the store resolution as two integers. The pixel size
     * SmartSEM prints (AP_IMAGE_PIXEL_SIZE) is cross-checked against header[3]·1024/width.
     */
    private static void putDerived(MetadataTree tree, CzSemBlock block, TiffPage page, String where,
            List<Problem> warnings) {
        MetadataTree header = tree.getTree("header");
        MetadataTree derived = new MetadataTree();
        Long width = page.width();
        Double px = headerNumber(header, 3);
        Double headerPixel = null;
        if (px != null && px > 0 && width != null && width > 0) {
            headerPixel = px * 1024.0 / width;
            derived.put("pixelSize", new Value(headerPixel, "m", "header[3] x 1024 / image width " + width));
        }
        putPositive(derived, "magnification", headerNumber(header, 4), "X", "header[4]");
        putPositive(derived, "accelerationVoltage", headerNumber(header, 6), "V", "header[6]");
        putPositive(derived, "probeCurrent", headerNumber(header, 8), "A", "header[8]");
        putPositive(derived, "workingDistance", headerNumber(header, 9), "m", "header[9]");
        long[] store = ZeissValues.storeResolution(tree.text("DP_IMAGE_STORE"));
        if (store != null) {
            derived.put("storeWidth", new Value(store[0], null, "DP_IMAGE_STORE width"));
            derived.put("storeHeight", new Value(store[1], null, "DP_IMAGE_STORE height"));
        }
        if (!derived.isEmpty()) {
            tree.put("derived", derived);
        }
        Double printed = ZeissValues.metres(tree.get("AP_IMAGE_PIXEL_SIZE"));
        if (printed != null && headerPixel != null && printed > 0
                && Math.abs(printed - headerPixel) / headerPixel > PIXEL_SIZE_TOLERANCE) {
            warnings.add(new Problem(ErrorCode.CORRUPT, String.format(java.util.Locale.ROOT,
                    "%s: AP_IMAGE_PIXEL_SIZE %.4g m disagrees with header[3] x 1024 / width = %.4g m by more than 1%%",
                    where, printed, headerPixel)));
        }
    }

    private static Double headerNumber(MetadataTree header, int i) {
        Value v = header == null ? null : header.get(Integer.toString(i));
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    private static void putPositive(MetadataTree t, String key, Double v, String unit, String label) {
        if (v != null && v > 0 && Double.isFinite(v)) {
            t.put(key, new Value(v, unit, label));
        }
    }

    /** One warning per further page naming what differs from page 0 (time, slice index, WD ...). */
    private static void comparePages(PageBlock p0, int i0, PageBlock other, int i, List<Problem> warnings) {
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, String> e : other.rawByKey.entrySet()) {
            String v0 = p0.rawByKey.get(e.getKey());
            if (!e.getValue().equals(v0)) {
                differ.add(e.getKey());
            }
        }
        for (String k : p0.rawByKey.keySet()) {
            if (!other.rawByKey.containsKey(k)) {
                differ.add(k);
            }
        }
        if (!differ.isEmpty()) {
            warnings.add(new Problem(ErrorCode.MAPPING, "page " + i + ": " + differ.size() + " of " + other.entryCount
                    + " parameters differ from page " + i0 + " (" + list(differ) + "); page " + i0
                    + " is mapped, page " + i + " is kept under pages/" + i));
        }
    }

    private static String list(List<String> keys) {
        return String.join(", ", keys.subList(0, Math.min(keys.size(), MAX_LISTED_KEYS)))
                + (keys.size() > MAX_LISTED_KEYS ? ", ..." : "");
    }
}
