package io.emmeta.core.container.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.fieldtypes.AbstractFieldType;

import io.emmeta.core.problem.Budget;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.source.ByteSource;

/**
 * The IFDs of a TIFF (classic or BigTIFF), read by ranges: header, each IFD's entry table, and the payload of each
 * tag that is not pixel layout. Commons Imaging types and decodes the fields ({@link TiffField}); the walk is ours
 * because its TiffReader reaches an IFD by reading the stream up to it (commons-io's skip reads and discards),
 * which would pull every pixel before an IFD stored at the end of a multi-GB file.
 *
 * <p>Hostile files are bounded: IFD loops are detected, entry counts and payload sizes are capped and checked
 * against the object's size, and the page count is limited. A small file can still declare much more than it holds
 * (a thousand IFDs overlapping in one run of entries, thousands of tags pointing at one payload), so the walk also
 * draws on the extraction's {@link Budget}: every IFD's entries and every payload loaded are taken from it, a payload
 * that several tags share is loaded once, and the anomalies are kept per kind (the first few of each in full, the
 * rest as a count).
 */
public final class TiffContainer {

    /** Refuse files with more pages than this: each page costs an IFD read. */
    public static final int MAX_PAGES = 4096;
    /** An IFD with more entries than this is not a real TIFF directory. */
    public static final int MAX_ENTRIES = 4096;
    /** Largest tag payload we load (vendor blocks are 3–200 KB; this leaves room for big XML). */
    public static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    /** Strip/tile tables larger than this are not loaded (a huge stack's can be MBs); smaller ones let a reader
     * tell whether the pixels are complete. */
    public static final int MAX_LAYOUT_PAYLOAD = 64 * 1024;

    /** Pixel layout tags: strip/tile offsets and byte counts. */
    private static final Set<Integer> LAYOUT_TAGS = Set.of(273, 279, 324, 325);

    /** Anomalies of one kind given in full; beyond this, only counted. */
    static final int ANOMALIES_PER_KIND = 10;

    private final List<TiffPage> pages;
    private final boolean bigEndian;
    private final boolean bigTiff;
    private final List<String> anomalies;
    private final List<Problem> problems;

    private TiffContainer(List<TiffPage> pages, boolean bigEndian, boolean bigTiff, Anomalies anomalies) {
        this.pages = pages;
        this.bigEndian = bigEndian;
        this.bigTiff = bigTiff;
        this.anomalies = anomalies.messages();
        this.problems = anomalies.problems();
    }

    /** The walk's anomalies by kind: the first {@link #ANOMALIES_PER_KIND} of each kind in full, then a count. */
    static final class Anomalies {
        private record Entry(ErrorCode code, String message) {
        }

        private final List<Entry> kept = new ArrayList<>();
        private final Map<String, Integer> perKind = new LinkedHashMap<>();
        private final Map<String, ErrorCode> codes = new HashMap<>();

        void add(String message) {
            add("other", ErrorCode.CORRUPT, message);
        }

        void add(String kind, ErrorCode code, String message) {
            add(kind, code, () -> message);
        }

        /** The message is only built when it is kept (a hostile file can have millions of anomalies of one kind). */
        void add(String kind, ErrorCode code, java.util.function.Supplier<String> message) {
            int n = perKind.merge(kind, 1, Integer::sum);
            codes.putIfAbsent(kind, code);
            if (n <= ANOMALIES_PER_KIND) {
                kept.add(new Entry(code, message.get()));
            }
        }

        boolean isEmpty() {
            return kept.isEmpty();
        }

        private List<Entry> all() {
            List<Entry> out = new ArrayList<>(kept);
            perKind.forEach((kind, n) -> {
                if (n > ANOMALIES_PER_KIND) {
                    out.add(new Entry(codes.get(kind), (n - ANOMALIES_PER_KIND) + " more of the kind '" + kind
                            + "' (" + n + " in all) not listed"));
                }
            });
            return out;
        }

        List<String> messages() {
            return all().stream().map(Entry::message).toList();
        }

        List<Problem> problems() {
            return all().stream().map(e -> new Problem(e.code(), "TIFF structure: " + e.message())).toList();
        }
    }

    public static TiffContainer read(ByteSource source) throws IOException, ExtractionException {
        long size = source.size();
        if (size < 8) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "TIFF: object of " + size + " bytes has no header");
        }
        ByteBuffer head = ByteBuffer.wrap(source.readFully(0, (int) Math.min(16, size)));
        ByteOrder order;
        if (head.get(0) == 'I' && head.get(1) == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (head.get(0) == 'M' && head.get(1) == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new ExtractionException(ErrorCode.CORRUPT, "TIFF: no byte-order mark");
        }
        head.order(order);
        int version = head.getShort(2) & 0xffff;
        boolean big = version == 43;
        if (version != 42 && !big) {
            throw new ExtractionException(ErrorCode.CORRUPT, "TIFF: version " + version + " is neither 42 nor 43");
        }
        if (big && size < 16) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "BigTIFF: header cut at " + size + " bytes");
        }
        long offset = big ? head.getLong(8) : head.getInt(4) & 0xffffffffL;
        List<TiffPage> pages = new ArrayList<>();
        Anomalies anomalies = new Anomalies();
        Walk walk = new Walk(Budget.current());
        Set<Long> seen = new HashSet<>();
        while (offset != 0) {
            Deadline.check();
            if (!seen.add(offset)) {
                anomalies.add("IFD chain loops back to offset " + offset + "; stopped");
                break;
            }
            if (pages.size() >= MAX_PAGES) {
                anomalies.add("more than " + MAX_PAGES + " pages; the rest not read");
                break;
            }
            if (offset < 8 || offset >= size) {
                String msg = "IFD offset " + offset + " outside the object (" + size + " bytes)";
                if (pages.isEmpty()) {
                    throw new ExtractionException(offset >= size ? ErrorCode.TRUNCATED : ErrorCode.CORRUPT, "TIFF: " + msg);
                }
                anomalies.add(msg + "; later pages not read");
                break;
            }
            try {
                if (pages.isEmpty() && !source.holds(offset)) {
                    // the first IFD and what follows it in one fetch (later ones come with the previous page's
                    // payloads), when the first read did not bring it
                    source.prefetch(List.of(firstIfdWindow(offset, size)));
                }
                Ifd ifd = readIfd(source, offset, order, big, size, anomalies, walk);
                pages.add(new TiffPage(pages.size(), ifd.fields, ifd.cut, ifd.tables));
                offset = ifd.next;
            } catch (ExtractionException e) {
                if (pages.isEmpty()) {
                    throw e;
                }
                anomalies.add(e.code() == ErrorCode.TOO_LARGE ? "budget" : "other", e.code(),
                        e.getMessage() + "; later pages not read");
                break;
            }
        }
        if (pages.isEmpty()) {
            throw new ExtractionException(ErrorCode.CORRUPT, "TIFF has no image directory");
        }
        return new TiffContainer(List.copyOf(pages), order == ByteOrder.BIG_ENDIAN, big, anomalies);
    }

    /** One walk's budget, and the payloads loaded so far by (offset, length): a payload shared by tags is read once. */
    private static final class Walk {
        final Budget budget;
        final Map<Payload, byte[]> payloads = new HashMap<>();

        Walk(Budget budget) {
            this.budget = budget;
        }
    }

    private record Payload(long offset, long length) {
    }

    private record Ifd(List<TiffField> fields, List<TiffPage.Cut> cut, List<TiffPage.Table> tables, long next) {
    }

    private static Ifd readIfd(ByteSource source, long offset, ByteOrder order, boolean big, long size,
            Anomalies anomalies, Walk walk) throws IOException, ExtractionException {
        int countSize = big ? 8 : 2;
        int entrySize = big ? 20 : 12;
        int nextSize = big ? 8 : 4;
        if (offset + countSize > size) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "TIFF: IFD at " + offset + " cut by the end of the object");
        }
        ByteBuffer c = ByteBuffer.wrap(source.readFully(offset, countSize)).order(order);
        long count = big ? c.getLong(0) : c.getShort(0) & 0xffff;
        if (count <= 0 || count > MAX_ENTRIES) {
            throw new ExtractionException(ErrorCode.CORRUPT, "TIFF: IFD at " + offset + " declares " + count + " entries");
        }
        long tableEnd = offset + countSize + count * entrySize + nextSize;
        if (tableEnd > size) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "TIFF: IFD at " + offset + " with " + count
                    + " entries runs past the end of the object");
        }
        // every entry costs, kept or not (a thousand overlapping IFDs of junk entries cost their walk and warnings)
        walk.budget.entries(count, "TIFF: IFD at " + offset + " with " + count + " entries");
        ByteBuffer t = ByteBuffer.wrap(source.readFully(offset + countSize, (int) (count * entrySize + nextSize)))
                .order(order);
        long nextIfd = big ? t.getLong((int) (count * entrySize)) : t.getInt((int) (count * entrySize)) & 0xffffffffL;
        List<long[]> ahead = payloadRanges(t, count, big, size, walk);
        if (nextIfd >= 8 && nextIfd < size) {
            // the next page's IFD comes in the same round trip as this one's payloads, not one after them; as far
            // ahead of it as this page's values reach ahead of this IFD (one writer lays its pages out alike)
            long reach = tableEnd - offset;
            for (long[] r : ahead) {
                if (r[0] >= offset) {
                    reach = Math.max(reach, r[1] - offset);
                }
            }
            ahead.add(nextIfdWindow(nextIfd, size, reach));
        }
        source.prefetch(ahead);
        List<TiffField> fields = new ArrayList<>();
        List<TiffPage.Cut> cut = new ArrayList<>();
        List<TiffPage.Table> tables = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = i * entrySize;
            int tag = t.getShort(at) & 0xffff;
            int type = t.getShort(at + 2) & 0xffff;
            long n = big ? t.getLong(at + 4) : t.getInt(at + 4) & 0xffffffffL;
            int valueAt = at + (big ? 12 : 8);
            int inline = big ? 8 : 4;
            AbstractFieldType ft = fieldType(type);
            if (ft == null) {
                anomalies.add("unknown field type", ErrorCode.CORRUPT, () -> "tag " + tag + " has unknown field type "
                        + type + "; skipped");
                continue;
            }
            long length = n * ft.getSize();
            if (LAYOUT_TAGS.contains(tag) && n > 0 && length > 0) {
                // where the table is, loaded or not: the preview reads just the entries it needs
                long at2 = length <= inline ? offset + countSize + valueAt
                        : big ? t.getLong(valueAt) : t.getInt(valueAt) & 0xffffffffL;
                tables.add(new TiffPage.Table(tag, n, at2, ft.getSize()));
            }
            if (n < 0 || length < 0 || length > MAX_PAYLOAD) {
                anomalies.add("payload over the size limit", ErrorCode.CORRUPT, "tag " + tag + " declares " + n
                        + " values (" + length + " bytes); skipped");
                long where = big ? t.getLong(valueAt) : t.getInt(valueAt) & 0xffffffffL;
                cut.add(new TiffPage.Cut(tag, where, length < 0 ? Long.MAX_VALUE : length));
                continue;
            }
            byte[] value;
            long valueOffset;
            if (length <= inline) {
                value = new byte[(int) length];
                t.get(valueAt, value);
                valueOffset = offset + countSize + valueAt;
            } else {
                valueOffset = big ? t.getLong(valueAt) : t.getInt(valueAt) & 0xffffffffL;
                boolean outside = valueOffset < 0 || valueOffset + length > size;
                if (LAYOUT_TAGS.contains(tag) && (length > MAX_LAYOUT_PAYLOAD || outside)) {
                    value = new byte[0]; // a huge stack's strip table: location only, the pixels are not our business
                } else if (outside) {
                    anomalies.add("payload outside the object", ErrorCode.CORRUPT, "tag " + tag + " payload ("
                            + length + " bytes at " + valueOffset + ") lies outside the object (" + size
                            + " bytes); skipped");
                    cut.add(new TiffPage.Cut(tag, valueOffset, length));
                    continue;
                } else {
                    value = payload(source, valueOffset, (int) length, walk);
                    if (value == null) {
                        anomalies.add("payload over the extraction's budget", ErrorCode.TOO_LARGE, "tag " + tag
                                + " payload (" + length + " bytes at " + valueOffset + ") not loaded: "
                                + walk.budget.bytesMessage(length));
                        continue;
                    }
                }
            }
            fields.add(new TiffField(tag, 0, ft, value.length == 0 ? 0 : n, valueOffset,
                    value, order, i));
        }
        long next = big ? t.getLong((int) (count * entrySize)) : t.getInt((int) (count * entrySize)) & 0xffffffffL;
        return new Ifd(fields, cut, tables, next);
    }

    /** What is fetched from the first IFD on when the first read does not hold it: the cache's usual read-ahead. */
    static final int IFD_AHEAD = 16 * 1024;
    /**
     * A first IFD this close to the end is read to the end in the same fetch: vendors that write the directory after
     * the pixels write its tag values after it too (Thermo Fisher xT: an 88 KB block after the IFD in the corpus),
     * where reading only the read-ahead would leave them for one more round trip. Pixels never follow such a
     * directory in the corpus' files; at worst this reads less than the bench's byte allowance of pixels.
     */
    static final int TAIL_WHOLE = 128 * 1024;
    /**
     * A first IFD this close to the end ends the object: after it there is room for a directory of some 80 entries and
     * little else, so its tag values, where they are not inline, lie before it (libtiff-style writers put them there:
     * JEOL SightX writes its 64 KB ImageDescription and then the IFD as the last 246 bytes). The corpus' TIFFs whose
     * values follow a tail IFD leave more after it (1.7 KB and up).
     */
    static final int DIRECTORY_ONLY_TAIL = 1024;
    /**
     * How much is fetched before such a directory, with it, in the same round trip: the largest block of values seen
     * there (SightX: 65.6 KB) and room to spare, while the first read, this window and the directory stay within the
     * benchmark's 64 KiB allowance beyond the tag values for a file that has such a block (32 + 80 KB read for 65.6 KB
     * of values: 47 KB beyond; 96 KB went over once the first read grew to 32 KiB). A directory with only small values
     * before it reads up to 80 KB of pixels instead.
     */
    static final int DIRECTORY_ONLY_BEHIND = 80 * 1024;
    /**
     * What is fetched around the next page's IFD along with this page's payloads, before it and after it: its tag
     * values lie on either side (a Zeiss page's 26 KB SEM block right after its IFD; libtiff-style writers put the small
     * values just before it, as Olympus SIS does), and a value the window misses costs a round trip of its own.
     */
    static final int NEXT_IFD_AHEAD = 32 * 1024;
    static final int NEXT_IFD_BEHIND = 4 * 1024;
    /**
     * The least fetched after the next page's IFD, and the room added to what this page's values needed after its
     * own: a page whose values all precede its IFD (Olympus SIS) then costs 8 KB around the next one, not 36, which
     * keeps such a file within the benchmark's 64 KiB allowance beyond the tag values now that the first read is
     * 32 KiB; after a Zeiss page (values 27.7 KB past its IFD) the next one gets 27.7 KB and 4 KiB more.
     */
    static final int NEXT_IFD_MIN_AHEAD = 4 * 1024;

    /**
     * {@code [start, end)} to fetch for the first IFD: the read-ahead, or to the end when little is left, and when the
     * directory ends the object, what lies before it too.
     */
    static long[] firstIfdWindow(long offset, long size) {
        if (size - offset <= DIRECTORY_ONLY_TAIL) {
            return new long[] {Math.max(8, offset - DIRECTORY_ONLY_BEHIND), size};
        }
        long end = size - offset <= TAIL_WHOLE ? size : Math.min(size, offset + IFD_AHEAD);
        return new long[] {offset, end};
    }

    /**
     * {@code [start, end)} to fetch around the next page's IFD (to the end when only a read-ahead would be left),
     * {@code reach}: how far this page's IFD and values extend after this page's IFD offset.
     */
    static long[] nextIfdWindow(long offset, long size, long reach) {
        long ahead = Math.min(NEXT_IFD_AHEAD, Math.max(NEXT_IFD_MIN_AHEAD, reach + NEXT_IFD_MIN_AHEAD));
        long end = Math.min(size, offset + ahead);
        if (size - end <= IFD_AHEAD) {
            end = size;
        }
        return new long[] {Math.max(8, offset - NEXT_IFD_BEHIND), end};
    }

    /**
     * Where the entries' payloads lie that the walk below will load (outside the entry, inside the object, not a
     * layout table too large to keep): asked for together, they come in one round trip instead of one per miss.
     * The walk still checks and loads each one itself; this only warms the cache, never past what the walk's byte
     * budget still allows (a hostile IFD's claims cost no more than the walk would spend on them).
     */
    private static List<long[]> payloadRanges(ByteBuffer t, long count, boolean big, long size, Walk walk) {
        int entrySize = big ? 20 : 12;
        int inline = big ? 8 : 4;
        long left = walk.budget.bytesLeft();
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = i * entrySize;
            int tag = t.getShort(at) & 0xffff;
            AbstractFieldType ft = fieldType(t.getShort(at + 2) & 0xffff);
            long n = big ? t.getLong(at + 4) : t.getInt(at + 4) & 0xffffffffL;
            if (ft == null || n < 0 || n > MAX_PAYLOAD / Math.max(1, ft.getSize())) {
                continue;
            }
            long length = n * ft.getSize();
            int valueAt = at + (big ? 12 : 8);
            long offset = big ? t.getLong(valueAt) : t.getInt(valueAt) & 0xffffffffL;
            if (length <= inline || offset < 0 || offset + length > size
                    || (LAYOUT_TAGS.contains(tag) && length > MAX_LAYOUT_PAYLOAD)
                    || walk.payloads.containsKey(new Payload(offset, length))) {
                continue;
            }
            if (length > left) {
                break;
            }
            left -= length;
            out.add(new long[] {offset, offset + length});
        }
        return out;
    }

    /** Field types by number, null for an unknown one: Commons Imaging says "unknown" by throwing, which is slow. */
    private static final java.util.concurrent.ConcurrentMap<Integer, java.util.Optional<AbstractFieldType>> TYPES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static AbstractFieldType fieldType(int type) {
        return TYPES.computeIfAbsent(type, t -> {
            try {
                return java.util.Optional.of(AbstractFieldType.getFieldType(t));
            } catch (ImagingException e) {
                return java.util.Optional.empty();
            }
        }).orElse(null);
    }

    /** A payload by (offset, length), loaded once whichever tags point at it; null when the budget cannot hold it. */
    private static byte[] payload(ByteSource source, long offset, int length, Walk walk) throws IOException {
        Payload key = new Payload(offset, length);
        byte[] known = walk.payloads.get(key);
        if (known != null) {
            return known;
        }
        if (!walk.budget.tryBytes(length)) {
            return null;
        }
        byte[] value = source.readFully(offset, length);
        walk.payloads.put(key, value);
        return value;
    }

    public List<TiffPage> pages() {
        return pages;
    }

    public TiffPage first() {
        return pages.get(0);
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public boolean bigTiff() {
        return bigTiff;
    }

    /**
     * Structural oddities met while walking (loops, out-of-range payloads), at most {@link #ANOMALIES_PER_KIND} per
     * kind and then one line with the count of the rest: for the record's warnings.
     */
    public List<String> anomalies() {
        return anomalies;
    }

    /**
     * The same anomalies as typed warnings ("TIFF structure: …"): CORRUPT for an inconsistent structure, TOO_LARGE
     * where the extraction's budget ended the walk or left a payload unloaded.
     */
    public List<Problem> problems() {
        return problems;
    }

    /** True when any page carries the tag. */
    public boolean has(int tag) {
        return pages.stream().anyMatch(p -> p.has(tag));
    }

    /** True when any page declares the tag, even with its payload cut off (a truncated upload). */
    public boolean declares(int tag) {
        return pages.stream().anyMatch(p -> p.declares(tag));
    }
}
