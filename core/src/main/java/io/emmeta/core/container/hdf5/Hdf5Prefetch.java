package io.emmeta.core.container.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.emmeta.core.problem.Deadline;
import io.emmeta.core.source.ByteSource;

/**
 * Fetches, level by level and each level's structures side by side, the HDF5 metadata a walk is about to visit, so
 * that jHDF's walk afterwards finds it in the range cache. jHDF reads one structure at a time (an object header, then
 * the group's B-tree, its heap, its symbol nodes, then each child's header...), and over S3 each miss is a round trip
 * of its own: a Velox spectrum image cost over a hundred in series. This pass parses just enough of each structure
 * to know the addresses of the next ones (HDF5 spec, "Disk Format Level 0/1/2": superblock versions 0 to 3, version-1
 * B-trees of groups and chunks, symbol table nodes, local heaps, object headers of versions 1 and 2 with their
 * continuations, link messages of new-style groups and, for dense ones, their fractal heap's blocks, data layouts of
 * versions 1 to 4, and global heap collections for variable-length values), and asks the source for all of them in
 * one {@link ByteSource#prefetch} per level: a tree of depth d costs about 2d round trips instead of one per
 * structure.
 *
 * <p>It never decides anything: it only warms the cache, and jHDF reads and checks every byte afterwards as before.
 * So the documents cannot change, a structure it does not understand (a user block, a filtered fractal heap, a chunk
 * index of HDF5 1.10 other than a single chunk) simply ends that branch of the prefetch, and every failure here is
 * dropped (jHDF meets it again and types it).
 * Bounded: at most {@link #MAX_WAVES} levels, {@link #MAX_STRUCTURES} structures and what
 * {@link ByteSource#prefetch} itself bounds per call; every count read from the file is checked before use.
 */
public final class Hdf5Prefetch {

    /** What the walk will do: which groups it lists, and which datasets it reads beyond their header. */
    public interface Plan {
        /** True when the walk lists the children of this group (jHDF then reads each child's object header). */
        boolean lists(String groupPath);

        /** What the walk reads of this dataset besides its header. */
        Want wants(String datasetPath);
    }

    /** How much of a dataset the walk reads. */
    public enum Want {
        /** Its object header only (jHDF reads every listed child's header). */
        HEADER,
        /** Its value: a small dataset's first chunk or block, and the global heap object a variable-length string is in. */
        VALUE,
        /**
         * As {@link #VALUE}, and besides a whole contiguous block of at most {@link #SMALL_VALUE_BYTES} whatever its
         * element count: a tree walk reads every small dataset whole (a NeXus axis of a few hundred values).
         */
        SMALL_WHOLE,
        /** The first bytes of its first and last chunk along the second axis (a Velox metadata column set). */
        COLUMN_ENDS
    }

    /** The root group listed, and small root datasets' values (file-level descriptors every sniffer looks at). */
    public static final Plan ROOT = new Plan() {
        @Override
        public boolean lists(String groupPath) {
            return groupPath.equals("/");
        }

        @Override
        public Want wants(String datasetPath) {
            return datasetPath.indexOf('/', 1) < 0 ? Want.VALUE : Want.HEADER;
        }
    };

    /** What either plan visits: groups either lists, the larger of what either reads of a dataset. */
    public static Plan union(Plan a, Plan b) {
        if (a == null || b == null || a == b) {
            return a == null ? b : a;
        }
        return new Plan() {
            @Override
            public boolean lists(String groupPath) {
                return a.lists(groupPath) || b.lists(groupPath);
            }

            @Override
            public Want wants(String datasetPath) {
                Want x = a.wants(datasetPath);
                Want y = b.wants(datasetPath);
                return x.ordinal() >= y.ordinal() ? x : y;
            }
        };
    }

    /** The largest block {@link Want#SMALL_WHOLE} fetches whole (the tree reader's "small" dataset). */
    public static final int SMALL_VALUE_BYTES = 4096;
    static final int MAX_WAVES = 24;
    static final int MAX_STRUCTURES = 4096;
    /** Bytes of an object header fetched before its size is known (Velox's are 0.3-2.5 KB). */
    static final int HEADER_GUESS = 1024;
    /**
     * Bytes fetched from the header of a dataset whose column ends are wanted: Velox's are a few hundred bytes, then
     * the chunk B-tree's root node (2.6 KB) and the first chunk, of which the walk reads {@link #COLUMN_STEP}; in the
     * corpus the step ends 18-19.3 KB after the header.
     */
    static final int COLUMN_WINDOW = 20 * 1024;
    /** See {@code Header.shortTailOnly}. */
    static final int WINDOW_SLACK = 2048;
    /** Bytes of a local heap fetched with its header: its names usually follow it. */
    static final int HEAP_GUESS = 1024;
    /**
     * Bytes fetched from a listed group's B-tree node when its local heap follows within them. The HDF5 library
     * creates a group's B-tree node and local heap together, then its first symbol table node and first child's
     * header as the first link goes in, all from the same metadata block (its aggregator hands out 2 KiB blocks by
     * default), so they usually lie within a few KiB: fetched with the node, the symbol node and often that child's
     * header cost no round trip of their own. Measured on the corpus (first symbol node 0.8-6 KiB after the node in
     * the Velox files): 4 KiB instead of the node and heap alone (1.6 KiB) saves 9 of 334 sequential rounds, 3 of
     * them in one Velox file, for 37 KB more in all. At most {@link #MAX_SPECULATION} bytes a file go to it.
     */
    static final int GROUP_WINDOW = 4096;
    /** Bytes a pass may fetch beyond the structures it knows it needs, on guesses like {@link #GROUP_WINDOW}'s. */
    static final long MAX_SPECULATION = 256 * 1024;
    /** Bytes of a chunk read for a column's first and last frame: the first step of the reader's read to the NUL. */
    static final int COLUMN_STEP = 16 * 1024;
    /** Largest structure this pass reads (a global heap collection, a node): beyond it, jHDF reads on its own. */
    static final int MAX_STRUCTURE_BYTES = 1 << 20;
    static final int MAX_ENTRIES = 1 << 12;
    static final int MAX_RANK = 32;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final ByteSource source;
    private final Plan plan;
    private final long size;
    private int offsets;
    private int lengths;
    private int leafK;
    private int groupK;
    private int chunkK = 32;
    private int structures;
    private final Set<Long> seen = new HashSet<>();
    private long speculated;

    private Hdf5Prefetch(ByteSource source, Plan plan, long size) {
        this.source = source;
        this.plan = plan;
        this.size = size;
    }

    /** Warms {@code source}'s cache with what a walk following {@code plan} reads; never throws but on a deadline. */
    public static void run(ByteSource source, Plan plan) {
        try {
            new Hdf5Prefetch(source, plan, source.size()).walk();
        } catch (Exception | StackOverflowError e) {
            Deadline.rethrowIfExpired(e);
            // an optimisation only: jHDF's own walk meets whatever went wrong here and types it
        }
    }

    private void walk() throws IOException {
        if (size < 96) {
            return;
        }
        byte[] head = source.readFully(0, (int) Math.min(256, size));
        remember(0, head.length);
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (head[i] != SIGNATURE[i]) {
                return; // a user block, or not HDF5: no prefetch (the superblock at 0 is what writers produce)
            }
        }
        int version = head[8] & 0xff;
        if (version == 2 || version == 3) {
            walkFrom(newStyleRoot(head));
            return;
        }
        if (version > 3) {
            return;
        }
        offsets = head[13] & 0xff;
        lengths = head[14] & 0xff;
        if ((offsets != 4 && offsets != 8) || (lengths != 4 && lengths != 8)) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        leafK = b.getShort(16) & 0xffff;
        groupK = b.getShort(18) & 0xffff;
        int pos = 24;
        if (version == 1) {
            chunkK = b.getShort(24) & 0xffff;
            pos = 28;
        }
        if (leafK == 0 || groupK == 0 || chunkK == 0 || leafK > MAX_ENTRIES || groupK > MAX_ENTRIES
                || chunkK > MAX_ENTRIES) {
            return;
        }
        long base = offset(b, pos);
        if (base != 0) {
            return; // addresses relative to a moved base: not worth the cases
        }
        int entry = pos + 4 * offsets; // the root group's symbol table entry
        long rootHeader = offset(b, entry + offsets);
        int cache = b.getInt(entry + 2 * offsets);
        List<Job> jobs = new ArrayList<>();
        jobs.add(new Header("/", rootHeader, cache == 1));
        if (cache == 1) {
            jobs.add(new GroupJob("/", offset(b, entry + 2 * offsets + 8), offset(b, entry + 3 * offsets + 8)));
        }
        walkFrom(jobs);
    }

    /**
     * The root's header job for a version-2/3 superblock (sizes, then base, extension, end-of-file and root header
     * addresses): no cached symbol table there, the root's header says how its children are kept. None when the
     * sizes are not ones this pass reads or the addresses are relative to a moved base.
     */
    private List<Job> newStyleRoot(byte[] head) {
        offsets = head[9] & 0xff;
        lengths = head[10] & 0xff;
        if ((offsets != 4 && offsets != 8) || (lengths != 4 && lengths != 8)) {
            return List.of();
        }
        // the library's defaults: only an old-style group inside such a file (rare) would use them
        leafK = 4;
        groupK = 16;
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (offset(b, 12) != 0) {
            return List.of();
        }
        long root = offset(b, 12 + 3 * offsets);
        tailFirst = true;
        return admit(root) ? List.of(new Header("/", root, false)) : List.of();
    }

    private void walkFrom(List<Job> first) throws IOException {
        List<Job> jobs = first;
        for (int wave = 0; wave < MAX_WAVES && !jobs.isEmpty(); wave++) {
            List<long[]> ranges = new ArrayList<>();
            for (Job j : jobs) {
                j.need(ranges);
            }
            source.prefetch(ahead(ranges));
            List<Job> next = new ArrayList<>();
            for (Job j : jobs) {
                Deadline.check();
                try {
                    j.run(next);
                } catch (IOException | RuntimeException e) {
                    Deadline.rethrowIfExpired(e);
                    // this structure is not what we expected: its branch is left to jHDF
                }
            }
            jobs = next;
        }
    }

    /**
     * The wave's ranges, those that continue a run this pass fetched before read further ahead: HDF5 writers put a
     * group's structures one after another as they are created, so a walk that creeps forward through a run of
     * metadata (a small file's, a stack's first 70 KB) would otherwise cost one wave per structure. Twice the run's
     * length, from 4 KiB up to 32 KiB, as the cache's sequential read-ahead grows; at most {@link #MAX_AHEAD} bytes
     * in all, so scattered metadata (where no range continues another) costs nothing more.
     */
    private List<long[]> ahead(List<long[]> ranges) {
        List<long[]> out = new ArrayList<>(ranges.size());
        for (long[] r : ranges) {
            long start = r[0];
            long end = Math.min(size, r[1]);
            java.util.Map.Entry<Long, Long> run = asked.floorEntry(start);
            if (run != null && start >= run.getValue() - CONTINUES && start <= run.getValue() + CONTINUES
                    && end > run.getValue() && aheadBytes < MAX_AHEAD) {
                long grow = Math.min(32 * 1024, Math.max(4096, 2 * (run.getValue() - run.getKey())));
                long wanted = Math.min(size, Math.max(end, start + grow));
                aheadBytes += wanted - end;
                end = wanted;
            }
            out.add(new long[] {start, end});
            if (tailFirst && end > size - TAIL_WINDOW) {
                // the first range in the file's last KBs brings the whole window: see TAIL_WINDOW
                tailFirst = false;
                long tail = Math.max(0, size - TAIL_WINDOW);
                aheadBytes += size - tail;
                out.add(new long[] {tail, size});
            }
        }
        for (long[] r : out) {
            remember(r[0], r[1]);
        }
        return out;
    }

    /**
     * The end of a file in the 1.8+ format (a version-2/3 superblock) holds the metadata written last (the groups'
     * continuation blocks, the dense groups' heaps, the headers created after the large datasets), structures that
     * point at one another: in the Dectris master, five waves in a row each asked for a few hundred bytes of its last
     * 8 KB. So the first wave that reaches into these bytes fetches them all, for one round trip.
     */
    static final int TAIL_WINDOW = 8 * 1024;
    /** True until a wave of a new-style file reaches into its {@link #TAIL_WINDOW}. */
    private boolean tailFirst;

    /** Adds {@code [start, end)} to the runs asked for, joining those it touches. */
    private void remember(long start, long end) {
        if (end <= start) {
            return;
        }
        java.util.Map.Entry<Long, Long> before = asked.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        for (java.util.Map.Entry<Long, Long> e = asked.ceilingEntry(start); e != null && e.getKey() <= end;
                e = asked.ceilingEntry(start)) {
            end = Math.max(end, e.getValue());
            asked.remove(e.getKey());
        }
        asked.put(start, end);
    }

    /** How close after a run's end a range must start to continue it. */
    private static final int CONTINUES = 512;
    /** Bytes read ahead of the ranges asked for, in all, per pass. */
    static final long MAX_AHEAD = 64 * 1024;
    private final java.util.TreeMap<Long, Long> asked = new java.util.TreeMap<>();
    private long aheadBytes;

    /** One structure to fetch in this wave, parsed after it, adding the structures it points to. */
    private abstract static class Job {
        abstract void need(List<long[]> ranges);

        abstract void run(List<Job> next) throws IOException;
    }

    private boolean admit(long address) {
        return address > 0 && address < size && structures++ < MAX_STRUCTURES && seen.add(address);
    }

    private void add(List<Job> next, long address, Job job) {
        if (admit(address)) {
            next.add(job);
        }
    }

    private ByteBuffer read(long at, long len) throws IOException {
        if (at < 0 || len < 0 || len > MAX_STRUCTURE_BYTES || at + len > size) {
            throw new IOException("structure of " + len + " bytes at " + at + " is not inside the file");
        }
        return ByteBuffer.wrap(source.readFully(at, (int) len)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private long offset(ByteBuffer b, int at) {
        long v = offsets == 8 ? b.getLong(at) : Integer.toUnsignedLong(b.getInt(at));
        return v == -1L || (offsets == 4 && v == 0xffffffffL) ? -1 : v;
    }

    private long length(ByteBuffer b, int at) {
        return lengths == 8 ? b.getLong(at) : Integer.toUnsignedLong(b.getInt(at));
    }

    private static void range(List<long[]> ranges, long at, long len) {
        ranges.add(new long[] {at, at + len});
    }

    private static String child(String parent, String name) {
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    /** A listed group: its B-tree's root node and its local heap (the children's names). */
    private final class GroupJob extends Job {
        final String path;
        final long btree;
        final long heap;

        GroupJob(String path, long btree, long heap) {
            this.path = path;
            this.btree = btree;
            this.heap = heap;
        }

        @Override
        void need(List<long[]> ranges) {
            long exact = groupNodeBytes() + HEAP_GUESS;
            if (heap > btree && heap + HEAP_GUESS <= btree + GROUP_WINDOW
                    && speculated + GROUP_WINDOW - exact <= MAX_SPECULATION) {
                speculated += GROUP_WINDOW - exact;
                range(ranges, btree, GROUP_WINDOW); // see GROUP_WINDOW
                return;
            }
            range(ranges, btree, groupNodeBytes());
            range(ranges, heap, HEAP_GUESS);
        }

        @Override
        void run(List<Job> next) throws IOException {
            ByteBuffer h = read(heap, 8 + 2L * lengths + offsets);
            if (h.get(0) != 'H' || h.get(1) != 'E' || h.get(2) != 'A' || h.get(3) != 'P') {
                return;
            }
            long dataSize = length(h, 8);
            long data = offset(h, 8 + 2 * lengths);
            if (dataSize <= 0 || dataSize > MAX_STRUCTURE_BYTES || data < 0 || data + dataSize > size) {
                return;
            }
            node(next, new Names(path, data, dataSize), btree, -1);
        }
    }

    private int groupNodeBytes() {
        return 8 + 2 * offsets + (2 * groupK + 1) * lengths + 2 * groupK * offsets;
    }

    /** Where a group's names are: its local heap's data segment. */
    private record Names(String path, long data, long size) {
    }

    /** A group B-tree node: internal nodes point to nodes, leaves to symbol table nodes. */
    private void node(List<Job> next, Names names, long address, int expectedLevel) throws IOException {
        ByteBuffer head = read(address, 8 + 2L * offsets);
        if (head.get(0) != 'T' || head.get(1) != 'R' || head.get(2) != 'E' || head.get(3) != 'E' || head.get(4) != 0) {
            return;
        }
        int level = head.get(5) & 0xff;
        int entries = head.getShort(6) & 0xffff;
        if (entries > 2 * groupK || (expectedLevel >= 0 && level != expectedLevel)) {
            return;
        }
        int stride = lengths + offsets;
        ByteBuffer body = read(address + 8 + 2L * offsets, (long) entries * stride + lengths);
        for (int i = 0; i < entries; i++) {
            long child = offset(body, i * stride + lengths);
            if (level > 0) {
                add(next, child, new Job() {
                    @Override
                    void need(List<long[]> ranges) {
                        range(ranges, child, groupNodeBytes());
                    }

                    @Override
                    void run(List<Job> more) throws IOException {
                        node(more, names, child, level - 1);
                    }
                });
            } else {
                add(next, child, new SymbolNode(names, child));
            }
        }
    }

    /** A symbol table node: the children's names, object headers, and for groups their B-tree and heap. */
    private final class SymbolNode extends Job {
        final Names names;
        final long address;

        SymbolNode(Names names, long address) {
            this.names = names;
            this.address = address;
        }

        private int entryBytes() {
            return 2 * offsets + 24;
        }

        @Override
        void need(List<long[]> ranges) {
            range(ranges, address, 8 + 2L * leafK * entryBytes());
            range(ranges, names.data, names.size);
        }

        @Override
        void run(List<Job> next) throws IOException {
            ByteBuffer head = read(address, 8);
            if (head.get(0) != 'S' || head.get(1) != 'N' || head.get(2) != 'O' || head.get(3) != 'D') {
                return;
            }
            int count = head.getShort(6) & 0xffff;
            if (count > 2 * leafK) {
                return;
            }
            ByteBuffer e = read(address + 8, (long) count * entryBytes());
            ByteBuffer heap = read(names.data, names.size);
            for (int i = 0; i < count; i++) {
                int at = i * entryBytes();
                long nameAt = offset(e, at);
                long header = offset(e, at + offsets);
                int cache = e.getInt(at + 2 * offsets);
                String name = name(heap, nameAt);
                if (name == null) {
                    continue;
                }
                String path = child(names.path, name);
                boolean group = cache == 1;
                // a metadata column's header is followed by its chunk B-tree and first chunk (HDF5 allocates them
                // as the dataset is written): fetched with the header, they cost no round trips of their own
                add(next, header, new Header(path, header, group, !group && plan.wants(path) == Want.COLUMN_ENDS
                        ? COLUMN_WINDOW : HEADER_GUESS));
                if (group && plan.lists(path)) {
                    long btree = offset(e, at + 2 * offsets + 8);
                    long localHeap = offset(e, at + 3 * offsets + 8);
                    add(next, btree, new GroupJob(path, btree, localHeap));
                }
            }
        }
    }

    private static String name(ByteBuffer heap, long at) {
        if (at < 0 || at >= heap.limit()) {
            return null;
        }
        int end = (int) at;
        while (end < heap.limit() && heap.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - (int) at];
        heap.get((int) at, b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Where a block of header messages lies, and how it is laid out. */
    private record Block(long at, long length, BlockKind kind) {
    }

    private enum BlockKind {
        /** Version-1 messages: 8-byte message headers, bodies padded to 8 bytes; no signature. */
        V1,
        /** The first chunk of a version-2 header's messages (after its prefix, before its checksum). */
        V2_FIRST,
        /** A version-2 continuation block: "OCHK", messages, checksum. */
        V2_CONTINUATION
    }

    /**
     * An object header (version 1, or version 2 "OHDR" with "OCHK" continuations): fetched because the walk's listing
     * reads it; parsed for what the walk reads next: a dataset's layout, type and shape when its value is wanted, a
     * group's symbol table when it is listed without a cached B-tree address, or its link messages.
     */
    private final class Header extends Job {
        final String path;
        final long address;
        final boolean cachedGroup;
        /** The message blocks still to read (the header's own, then continuations). */
        List<Block> pending;
        /** Blocks already parsed: a continuation pointing back to one of them is a cycle, not followed. */
        final Set<Long> blocksSeen = new HashSet<>();
        HeaderPrefix v2;

        /** Bytes fetched from the header's address on the first visit: at least {@link #HEADER_GUESS}. */
        final int first;

        Header(String path, long address, boolean cachedGroup) {
            this(path, address, cachedGroup, HEADER_GUESS);
        }

        Header(String path, long address, boolean cachedGroup, int first) {
            this.path = path;
            this.address = address;
            this.cachedGroup = cachedGroup;
            this.first = first;
        }

        @Override
        void need(List<long[]> ranges) {
            if (pending == null) {
                range(ranges, address, shortTailOnly() ? HEADER_GUESS : first);
            } else {
                // a version-2 header's first chunk is followed by its checksum, which jHDF reads with it
                pending.forEach(p -> range(ranges, p.at, p.length + (p.kind == BlockKind.V2_FIRST ? 4 : 0)));
            }
        }

        /**
         * True when all of the window is cached but for its last {@link #WINDOW_SLACK} bytes or fewer: the levels
         * below read what they need of it (the corpus's column steps end 1.2-2.2 KB before its end), so asking for
         * the tail alone would cost a round trip for nothing.
         */
        private boolean shortTailOnly() {
            long end = Math.min(size, address + first);
            return first > HEADER_GUESS && source.holds(address) && source.holds(end - WINDOW_SLACK)
                    && !source.holds(end - 1);
        }

        @Override
        void run(List<Job> next) throws IOException {
            if (pending == null) {
                ByteBuffer prefix = read(address, Math.min(HeaderPrefix.MAX_BYTES, size - address));
                long messagesAt;
                long messagesLength;
                if (HeaderPrefix.isV2(prefix)) {
                    v2 = HeaderPrefix.of(prefix);
                    if (v2 == null) {
                        return;
                    }
                    messagesAt = v2.messagesAt();
                    messagesLength = v2.messagesLength();
                    pending = List.of(new Block(address + messagesAt, messagesLength, BlockKind.V2_FIRST));
                } else if ((prefix.get(0) & 0xff) == 1 && prefix.limit() >= 16) {
                    messagesAt = 16;
                    messagesLength = Integer.toUnsignedLong(prefix.getInt(8));
                    pending = List.of(new Block(address + messagesAt, messagesLength, BlockKind.V1));
                } else {
                    return; // not an object header of a version we know: left to jHDF
                }
                blocksSeen.add(address + messagesAt);
                if (messagesAt + messagesLength + (v2 != null ? 4 : 0) > first) {
                    next.add(this); // the rest of it in the next wave, with the next level's structures
                    return;
                }
            }
            List<Block> more = new ArrayList<>();
            for (Block p : pending) {
                ByteBuffer b = read(p.at, p.length);
                switch (p.kind) {
                    case V1 -> messagesV1(b, more);
                    case V2_FIRST -> messagesV2(b, more);
                    case V2_CONTINUATION -> {
                        if (p.length >= 8 && b.get(0) == 'O' && b.get(1) == 'C' && b.get(2) == 'H'
                                && b.get(3) == 'K') {
                            messagesV2(b.slice(4, (int) p.length - 8).order(ByteOrder.LITTLE_ENDIAN), more);
                        }
                    }
                    default -> throw new IllegalStateException(p.kind.name());
                }
            }
            more.removeIf(b -> !blocksSeen.add(b.at));
            if (!more.isEmpty() && structures++ < MAX_STRUCTURES) {
                pending = more;
                next.add(this);
                return;
            }
            done(next);
        }

        Layout layout;
        long[] dims;
        boolean variableLength;
        long symbolBtree = -1;
        long symbolHeap = -1;
        /** The hard links of a new-style group with compact storage, in the order of its messages. */
        final List<LinkMessage> links = new ArrayList<>();
        /** A new-style group with dense storage: the fractal heap of its link messages and their name index. */
        long denseHeap = -1;
        long denseNames = -1;

        /** A link info message (type 0x02): version 0, flags, an optional creation index, then the two addresses. */
        private void linkInfo(ByteBuffer m) {
            if (m.limit() < 2 || m.get(0) != 0) {
                return;
            }
            int at = 2 + ((m.get(1) & 0x01) != 0 ? 8 : 0);
            if (at + 2 * offsets <= m.limit()) {
                denseHeap = offset(m, at);
                denseNames = offset(m, at + offsets);
            }
        }

        private void messagesV1(ByteBuffer b, List<Block> continuations) {
            int at = 0;
            while (at + 8 <= b.limit()) {
                int type = b.getShort(at) & 0xffff;
                int len = b.getShort(at + 2) & 0xffff;
                int data = at + 8;
                if (data + len > b.limit()) {
                    return;
                }
                message(type, b.slice(data, len).order(ByteOrder.LITTLE_ENDIAN), continuations, BlockKind.V1);
                at = data + ((len + 7) & ~7);
            }
        }

        /** Version-2 messages: a 1-byte type, no padding; fewer bytes left than a message header are a gap. */
        private void messagesV2(ByteBuffer b, List<Block> continuations) {
            int head = v2.messageHeaderBytes();
            int at = 0;
            while (at + head <= b.limit()) {
                int type = b.get(at) & 0xff;
                int len = b.getShort(at + 1) & 0xffff;
                int data = at + head;
                if (data + len > b.limit()) {
                    return;
                }
                message(type, b.slice(data, len).order(ByteOrder.LITTLE_ENDIAN), continuations,
                        BlockKind.V2_CONTINUATION);
                at = data + len;
            }
        }

        private void message(int type, ByteBuffer m, List<Block> continuations, BlockKind continuationKind) {
            int len = m.limit();
            switch (type) {
                case 0x01 -> dims = dataspace(m);
                case 0x02 -> linkInfo(m);
                case 0x03 -> variableLength = len > 0 && (m.get(0) & 0x0f) == 9;
                case 0x06 -> {
                    LinkMessage link = LinkMessage.hard(m, offsets);
                    if (link != null && links.size() < MAX_ENTRIES) {
                        links.add(link);
                    }
                }
                case 0x08 -> layout = layout(m);
                case 0x10 -> {
                    if (len >= offsets + lengths) {
                        continuations.add(new Block(offset(m, 0), length(m, offsets), continuationKind));
                    }
                }
                case 0x11 -> {
                    if (len >= 2 * offsets) {
                        symbolBtree = offset(m, 0);
                        symbolHeap = offset(m, offsets);
                    }
                }
                default -> {
                    // other messages: nothing to follow
                }
            }
        }

        private void done(List<Job> next) {
            if (symbolBtree > 0 && !cachedGroup && plan.lists(path)) {
                add(next, symbolBtree, new GroupJob(path, symbolBtree, symbolHeap));
            }
            if (!links.isEmpty() && plan.lists(path)) {
                for (LinkMessage link : links) {
                    add(next, link.address(), new Header(child(path, link.name()), link.address(), false));
                }
            }
            if (denseHeap > 0 && plan.lists(path)) {
                add(next, denseHeap, new DenseGroup(path, denseHeap, denseNames));
            }
            if (symbolBtree > 0 || !links.isEmpty() || denseHeap > 0 || layout == null || dims == null) {
                return;
            }
            Want want = plan.wants(path);
            if (want == Want.COLUMN_ENDS && layout.chunked && dims.length == 2) {
                long[] first = new long[dims.length + 1];
                add(next, layout.address, new ChunkFind(layout, first, COLUMN_STEP, false));
                if (dims[1] > 1) {
                    long[] last = new long[dims.length + 1];
                    last[1] = dims[1] - 1;
                    next.add(new ChunkFind(layout, last, COLUMN_STEP, false));
                }
            } else if (want == Want.SMALL_WHOLE && !layout.chunked && layout.address > 0 && layout.size > 0
                    && layout.size <= SMALL_VALUE_BYTES) {
                add(next, layout.address, new Value(layout.address, layout.size, variableLength));
            } else if ((want == Want.VALUE || want == Want.SMALL_WHOLE) && product(dims) <= 16) {
                if (layout.chunked) {
                    add(next, layout.address, new ChunkFind(layout, new long[dims.length + 1], 4096,
                            variableLength));
                } else if (layout.address > 0 && layout.size > 0 && layout.size <= MAX_STRUCTURE_BYTES) {
                    add(next, layout.address, new Value(layout.address, layout.size, variableLength));
                }
            }
        }
    }

    /**
     * A listed group with dense link storage: its fractal heap's header and its name index's B-tree header, then the
     * heap's blocks (the link messages, parsed one after another) and the index's root node, then the children's
     * headers. The index is fetched only because jHDF reads it; the children are found in the heap. A heap whose
     * blocks are filtered, or deeper than one indirect block, is left to jHDF.
     */
    private final class DenseGroup extends Job {
        final String path;
        final long heap;
        final long names;

        DenseGroup(String path, long heap, long names) {
            this.path = path;
            this.heap = heap;
            this.names = names;
        }

        private int namesHeaderBytes() {
            return 16 + offsets + 2 + lengths + 4;
        }

        @Override
        void need(List<long[]> ranges) {
            range(ranges, heap, FractalHeapHeader.bytes(offsets, lengths));
            if (names > 0) {
                range(ranges, names, namesHeaderBytes());
            }
        }

        @Override
        void run(List<Job> next) throws IOException {
            if (names > 0 && names < size) {
                ByteBuffer t = read(names, namesHeaderBytes());
                if (t.get(0) == 'B' && t.get(1) == 'T' && t.get(2) == 'H' && t.get(3) == 'D') {
                    long nodeBytes = Integer.toUnsignedLong(t.getInt(6));
                    long root = offset(t, 16);
                    if (nodeBytes > 0 && nodeBytes <= MAX_STRUCTURE_BYTES) {
                        add(next, root, new Fetch(root, nodeBytes));
                    }
                }
            }
            FractalHeapHeader h = FractalHeapHeader.of(read(heap, FractalHeapHeader.bytes(offsets, lengths)), offsets,
                    lengths);
            if (h == null || h.filtered() || h.rootBlock() <= 0) {
                return;
            }
            if (h.rootRows() == 0) {
                add(next, h.rootBlock(), new HeapBlock(path, h, h.rootBlock(), h.startingBlockSize()));
            } else {
                add(next, h.rootBlock(), new HeapIndirect(path, h));
            }
        }
    }

    /** A fractal heap's root indirect block: the addresses of its direct blocks, row by row. */
    private final class HeapIndirect extends Job {
        final String path;
        final FractalHeapHeader heap;

        HeapIndirect(String path, FractalHeapHeader heap) {
            this.path = path;
            this.heap = heap;
        }

        private long entries() {
            return (long) heap.rootRows() * heap.tableWidth();
        }

        private int prefix() {
            return 5 + offsets + heap.blockOffsetBytes();
        }

        @Override
        void need(List<long[]> ranges) {
            range(ranges, heap.rootBlock(), prefix() + Math.min(entries(), MAX_ENTRIES) * offsets + 4);
        }

        @Override
        void run(List<Job> next) throws IOException {
            if (entries() > MAX_ENTRIES) {
                return;
            }
            ByteBuffer b = read(heap.rootBlock(), prefix() + entries() * offsets);
            if (b.get(0) != 'F' || b.get(1) != 'H' || b.get(2) != 'I' || b.get(3) != 'B') {
                return;
            }
            for (int i = 0; i < entries(); i++) {
                long blockSize = heap.rowBlockSize(i / heap.tableWidth());
                if (blockSize > heap.maxDirectBlockSize()) {
                    return; // the rows of indirect blocks: a heap this large is left to jHDF
                }
                long block = offset(b, prefix() + i * offsets);
                if (block > 0) {
                    add(next, block, new HeapBlock(path, heap, block, blockSize));
                }
            }
        }
    }

    /** A fractal heap direct block of a dense group: its link messages, one after another; the hard links followed. */
    private final class HeapBlock extends Job {
        final String path;
        final FractalHeapHeader heap;
        final long address;
        final long bytes;

        HeapBlock(String path, FractalHeapHeader heap, long address, long bytes) {
            this.path = path;
            this.heap = heap;
            this.address = address;
            this.bytes = bytes;
        }

        @Override
        void need(List<long[]> ranges) {
            range(ranges, address, bytes);
        }

        @Override
        void run(List<Job> next) throws IOException {
            ByteBuffer b = read(address, bytes);
            if (b.get(0) != 'F' || b.get(1) != 'H' || b.get(2) != 'D' || b.get(3) != 'B') {
                return;
            }
            int at = heap.directBlockPrefix(offsets);
            for (int n = 0; at < b.limit() && n < MAX_ENTRIES; n++) {
                ByteBuffer m = b.slice(at, b.limit() - at).order(ByteOrder.LITTLE_ENDIAN);
                int length = LinkMessage.encodedLength(m, offsets);
                if (length <= 0) {
                    return; // free space, or not a link: the rest is left to jHDF
                }
                LinkMessage link = LinkMessage.hard(m.slice(0, length).order(ByteOrder.LITTLE_ENDIAN), offsets);
                if (link != null) {
                    add(next, link.address(), new Header(child(path, link.name()), link.address(), false));
                }
                at += length;
            }
        }
    }

    /** A structure jHDF reads whole and this pass only fetches (a B-tree node). */
    private static final class Fetch extends Job {
        final long address;
        final long bytes;

        Fetch(long address, long bytes) {
            this.address = address;
            this.bytes = bytes;
        }

        @Override
        void need(List<long[]> ranges) {
            range(ranges, address, bytes);
        }

        @Override
        void run(List<Job> next) {
            // nothing to follow
        }
    }

    private static long product(long[] dims) {
        long p = 1;
        for (long d : dims) {
            if (d < 0 || d > 1 << 20) {
                return Long.MAX_VALUE;
            }
            p *= d;
        }
        return p;
    }

    private long[] dataspace(ByteBuffer m) {
        int version = m.get(0) & 0xff;
        int rank = m.get(1) & 0xff;
        int start = version == 1 ? 8 : 4;
        if (rank > MAX_RANK || start + (long) rank * lengths > m.limit()) {
            return null;
        }
        long[] d = new long[rank];
        for (int i = 0; i < rank; i++) {
            d[i] = length(m, start + i * lengths);
        }
        return d;
    }

    /**
     * Where a dataset's data is: a contiguous block (or a version-4 single chunk, read as one), or the root of its
     * version-1 chunk B-tree and the chunk rank.
     */
    private record Layout(boolean chunked, long address, long size, int rank) {
    }

    private Layout layout(ByteBuffer m) {
        int version = m.get(0) & 0xff;
        if (version == 3 || version == 4) {
            int kind = m.get(1) & 0xff;
            if (kind == 1 && m.limit() >= 2 + offsets + lengths) {
                return new Layout(false, offset(m, 2), length(m, 2 + offsets), 0);
            }
            if (kind == 2 && version == 3 && m.limit() >= 3 + offsets) {
                return new Layout(true, offset(m, 3), 0, m.get(2) & 0xff);
            }
            if (kind == 2) {
                return singleChunk(m);
            }
            return null;
        }
        if (version == 1 || version == 2) {
            int rank = m.get(1) & 0xff;
            int kind = m.get(2) & 0xff;
            if (kind == 2 && m.limit() >= 8 + offsets) {
                return new Layout(true, offset(m, 8), 0, rank);
            }
            return null; // a version-1/2 contiguous block has no size field: leave it to jHDF
        }
        return null; // a version this pass does not know
    }

    /**
     * A version-4 chunked layout whose index is a single chunk (the whole dataset in one chunk, HDF5 1.10): read as a
     * contiguous block of the chunk's stored size. Null for the other version-4 indexes (implicit, fixed and
     * extensible arrays, version-2 B-trees), left to jHDF.
     */
    private Layout singleChunk(ByteBuffer m) {
        if (m.limit() < 5) {
            return null;
        }
        int flags = m.get(2) & 0xff;
        int rank = m.get(3) & 0xff;
        int encoded = m.get(4) & 0xff;
        if (rank == 0 || rank > MAX_RANK + 1 || encoded == 0 || encoded > 8) {
            return null;
        }
        int at = 5 + rank * encoded;
        if (at + 1 > m.limit() || (m.get(at) & 0xff) != SINGLE_CHUNK_INDEX) {
            return null;
        }
        at++;
        long bytes = 1; // unfiltered: the chunk's dimensions, the last of which is the element size
        for (int i = 0; i < rank; i++) {
            long d = LinkMessage.unsigned(m, 5 + i * encoded, encoded);
            if (d <= 0 || d > MAX_STRUCTURE_BYTES || (bytes *= d) > MAX_STRUCTURE_BYTES) {
                bytes = -1;
                break;
            }
        }
        if ((flags & SINGLE_CHUNK_FILTERED) != 0) {
            if (at + lengths + 4 > m.limit()) {
                return null;
            }
            bytes = length(m, at);
            at += lengths + 4;
        }
        if (at + offsets > m.limit() || bytes <= 0) {
            return null;
        }
        return new Layout(false, offset(m, at), bytes, 0);
    }

    private static final int SINGLE_CHUNK_INDEX = 1;
    private static final int SINGLE_CHUNK_FILTERED = 0x02;

    /**
     * A descent of a chunk B-tree (version 1, type 1) toward the chunk at {@code target}, then the first
     * {@code bytes} of that chunk (or the global heap object it refers to for a variable-length value).
     */
    private final class ChunkFind extends Job {
        final Layout layout;
        final long[] target;
        final int bytes;
        final boolean variableLength;
        long address;
        int level = -1;

        ChunkFind(Layout layout, long[] target, int bytes, boolean variableLength) {
            this.layout = layout;
            this.target = target;
            this.bytes = bytes;
            this.variableLength = variableLength;
            this.address = layout.address;
        }

        private int keyBytes() {
            return 8 + 8 * layout.rank;
        }

        @Override
        void need(List<long[]> ranges) {
            range(ranges, address, 8 + 2L * offsets + (2L * chunkK + 1) * keyBytes() + 2L * chunkK * offsets);
        }

        @Override
        void run(List<Job> next) throws IOException {
            if (layout.rank != target.length || layout.rank > MAX_RANK) {
                return;
            }
            ByteBuffer head = read(address, 8 + 2L * offsets);
            if (head.get(0) != 'T' || head.get(1) != 'R' || head.get(2) != 'E' || head.get(3) != 'E'
                    || head.get(4) != 1) {
                return;
            }
            int nodeLevel = head.get(5) & 0xff;
            int entries = head.getShort(6) & 0xffff;
            if (entries == 0 || entries > 2 * chunkK || (level >= 0 && nodeLevel != level)) {
                return;
            }
            int stride = keyBytes() + offsets;
            ByteBuffer body = read(address + 8 + 2L * offsets, (long) entries * stride + keyBytes());
            int chosen = -1;
            for (int i = 0; i < entries; i++) {
                int cmp = compare(body, i * stride + 8);
                if (cmp <= 0) {
                    chosen = i;
                }
                if (cmp >= 0) {
                    break;
                }
            }
            if (chosen < 0) {
                return;
            }
            long child = offset(body, chosen * stride + keyBytes());
            if (nodeLevel > 0) {
                address = child;
                level = nodeLevel - 1;
                if (structures++ < MAX_STRUCTURES) {
                    next.add(this);
                }
                return;
            }
            long stored = Integer.toUnsignedLong(body.getInt(chosen * stride));
            if (compare(body, chosen * stride + 8) == 0 && stored > 0) {
                add(next, child, variableLength ? new Value(child, Math.min(stored, bytes), true)
                        : new Column(child, stored, 0));
            }
        }

        private int compare(ByteBuffer body, int at) {
            for (int d = 0; d < target.length; d++) {
                int c = Long.compareUnsigned(body.getLong(at + 8 * d), target[d]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
    }

    /**
     * A chunk of text read as the reader reads it, {@link #COLUMN_STEP} bytes at a time until the first NUL: the
     * steps that follow the first are fetched in the next waves, side by side with the other columns'.
     */
    private final class Column extends Job {
        final long address;
        final long stored;
        final long done;

        Column(long address, long stored, long done) {
            this.address = address;
            this.stored = stored;
            this.done = done;
        }

        private long step() {
            return Math.min(COLUMN_STEP, stored - done);
        }

        @Override
        void need(List<long[]> ranges) {
            range(ranges, address + done, step());
        }

        @Override
        void run(List<Job> next) throws IOException {
            ByteBuffer b = read(address + done, step());
            for (int i = 0; i < b.limit(); i++) {
                if (b.get(i) == 0) {
                    return;
                }
            }
            if (done + step() < stored && done + step() <= MAX_STRUCTURE_BYTES && structures++ < MAX_STRUCTURES) {
                next.add(new Column(address, stored, done + step()));
            }
        }
    }

    /** A dataset's bytes; for a variable-length value, then the global heap collection its first element names. */
    private final class Value extends Job {
        final long address;
        final long bytes;
        final boolean variableLength;

        Value(long address, long bytes, boolean variableLength) {
            this.address = address;
            this.bytes = bytes;
            this.variableLength = variableLength;
        }

        @Override
        void need(List<long[]> ranges) {
            range(ranges, address, bytes);
        }

        @Override
        void run(List<Job> next) throws IOException {
            if (!variableLength || bytes < 4 + offsets) {
                return;
            }
            long collection = offset(read(address, 4 + offsets), 4);
            add(next, collection, new Job() {
                long collectionBytes = 4096; // HDF5's smallest collection; the header says the real size

                @Override
                void need(List<long[]> ranges) {
                    range(ranges, collection, collectionBytes);
                }

                @Override
                void run(List<Job> more) throws IOException {
                    ByteBuffer h = read(collection, 8 + lengths);
                    if (h.get(0) != 'G' || h.get(1) != 'C' || h.get(2) != 'O' || h.get(3) != 'L') {
                        return;
                    }
                    long real = length(h, 8);
                    if (real > collectionBytes && real <= MAX_STRUCTURE_BYTES && collectionBytes == 4096) {
                        collectionBytes = real;
                        more.add(this);
                    }
                }
            });
        }
    }
}
