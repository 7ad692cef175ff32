package io.emmeta.core.read.jeol;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.source.ByteSource;

/**
 * The typed key/value tree JEOL Analysis Station writes in every file it makes (.ASW projects, .img/.map images, .pts
 * spectrum images). Each entry is {@code 0x01, int32 name length, name, int32 type, int32 value length, value},
 * followed by its child entries and closed by {@code 0xFF}; type 0 is a plain group. All little-endian. A value entry
 * can have children too (the {@code PARAMPAGE0} entry holds "SEM" and the SEM page's parameters): the group is then
 * named {@code PARAMPAGE0_SEM}, as HyperSpy names it, so paths read the same in both tools.
 *
 * <p>Large values (the image's {@code Bits}) are skipped by position, never read: the record says their size. The
 * walk is bounded in depth, entries and name length, so a hostile file ends in a typed error.
 */
final class JeolTree {

    static final int MAX_DEPTH = 48;
    static final int MAX_ENTRIES = 20_000;
    static final int MAX_NAME = 4096;
    /** Values up to this size are decoded; larger ones (pixel and spectrum arrays) are described and skipped. */
    static final int MAX_INLINE = 64 * 1024;
    /** Arrays up to this many elements become indexed sections ("Size/0", "Size/1"); longer ones a summary. */
    static final int MAX_ARRAY = 32;

    private static final Charset SHIFT_JIS = Charset.isSupported("Shift_JIS") ? Charset.forName("Shift_JIS") : null;

    private final ByteSource source;
    private final long end;
    private final List<Problem> warnings;
    private long pos;
    private int entries;
    /** The names of the entries being read, outermost first: the path an array is recorded under. */
    private final java.util.ArrayDeque<String> path = new java.util.ArrayDeque<>();
    /** Arrays not kept in the tree (pixels, spectra), by path, so a preview can be pointed at them. */
    private final java.util.Map<String, Array> arrays = new java.util.LinkedHashMap<>();

    /**
     * Where an array value the tree does not keep lies: {@code length} bytes at {@code offset}, elements of the JEOL
     * {@code type} (1 and 6 uint8, 2, 7 and 14 uint16, 3 and 8 int32, 4 and 9 float32, 5 and 10 float64).
     */
    record Array(long offset, long length, int type) {
    }

    private JeolTree(ByteSource source, long start, long end, List<Problem> warnings) {
        this.source = source;
        this.pos = start;
        this.end = end;
        this.warnings = warnings;
    }

    /** Parses the tree starting at {@code start} into {@code into}; returns where it ended. */
    static long parse(ByteSource source, long start, MetadataTree into, List<Problem> warnings)
            throws IOException, ExtractionException {
        return parse(source, start, into, warnings, null);
    }

    /**
     * Parses as {@link #parse(ByteSource, long, MetadataTree, List)} and puts into {@code arrays} (when not null)
     * where each array the tree does not keep lies, by its slash-separated path ("Image/Bits"); the first of a path
     * written twice wins.
     */
    static long parse(ByteSource source, long start, MetadataTree into, List<Problem> warnings,
            java.util.Map<String, Array> arrays) throws IOException, ExtractionException {
        JeolTree t = new JeolTree(source, start, source.size(), warnings);
        try {
            t.children(into, 0, true);
        } catch (EOFException e) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "JEOL tree cut at byte " + t.pos + " of " + t.end, e);
        }
        if (arrays != null) {
            arrays.putAll(t.arrays);
        }
        return t.pos;
    }

    /** Child entries until the closing 0xFF (or, at the top, until anything that is not an entry). */
    private void children(MetadataTree into, int depth, boolean top) throws IOException, ExtractionException {
        while (true) {
            if (top && pos >= end) {
                return;
            }
            int mark = u8();
            if (mark == 0xFF) {
                return;
            }
            if (mark != 0x01) {
                if (top) {
                    return; // the tree is over; what follows is data
                }
                throw new ExtractionException(ErrorCode.CORRUPT, "JEOL tree: byte " + mark + " at " + (pos - 1)
                        + " where an entry (1) or an end (255) belongs");
            }
            Deadline.check();
            if (++entries > MAX_ENTRIES) {
                throw new ExtractionException(ErrorCode.TOO_LARGE, "JEOL tree: more than " + MAX_ENTRIES + " entries");
            }
            entry(into, depth);
        }
    }

    private void entry(MetadataTree into, int depth) throws IOException, ExtractionException {
        if (depth >= MAX_DEPTH) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "JEOL tree deeper than " + MAX_DEPTH + " levels");
        }
        long at = pos;
        int nameLength = i32();
        if (nameLength < 0 || nameLength > MAX_NAME) {
            throw new ExtractionException(ErrorCode.CORRUPT, "JEOL tree: name length " + nameLength + " at " + at);
        }
        String name = name(bytes(nameLength));
        int type = i32();
        long length = i32() & 0xFFFFFFFFL;
        if (pos + length > end) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "JEOL tree: '" + name + "' declares " + length
                    + " bytes at " + pos + ", the object ends at " + end);
        }
        path.addLast(name);
        Object value = type == 0 ? null : value(name, type, length);
        MetadataTree kids = new MetadataTree();
        children(kids, depth + 1, false);
        path.removeLast();
        if (kids.isEmpty()) {
            if (value instanceof Value v) {
                into.add(name, v); // a name written twice keeps both
            } else if (value instanceof MetadataTree t) {
                merge(into.section(name), t);
            } else {
                into.section(name);
            }
            return;
        }
        // a value with children: HyperSpy's naming (PARAMPAGE0 + "SEM" -> PARAMPAGE0_SEM); other values kept inside
        String key = value instanceof Value v && v.value() instanceof String s && !s.isBlank() && s.length() < 64
                ? name + "_" + s : name;
        MetadataTree section = into.section(key);
        if (value != null && key.equals(name)) {
            if (value instanceof Value v) {
                section.add("@value", v);
            } else {
                merge(section.section("@value"), (MetadataTree) value);
            }
        }
        merge(section, kids);
    }

    private static void merge(MetadataTree into, MetadataTree from) {
        for (var e : from.entries().entrySet()) {
            if (e.getValue() instanceof MetadataTree t) {
                merge(into.section(e.getKey()), t);
            } else {
                into.add(e.getKey(), (Value) e.getValue());
            }
        }
    }

    /** A decoded value: a Value, a small array as an indexed section, or a description of a skipped large one. */
    private Object value(String name, int type, long length) throws IOException {
        int width = width(type);
        if (width == 0) {
            warnings.add(new Problem(ErrorCode.CORRUPT, "JEOL tree: '" + name + "' has unknown type " + type
                    + " (" + length + " bytes kept unread)"));
            pos += length;
            return Value.text(length + " bytes of unknown type " + type);
        }
        if (width > 0 && (length > MAX_INLINE || length / width > MAX_ARRAY)) {
            // an array the tree keeps only as a summary: where it lies, for the preview (bounded: one per entry)
            arrays.putIfAbsent(String.join("/", path), new Array(pos, length, type));
        }
        if (length > MAX_INLINE) {
            pos += length;
            return Value.text(length + " bytes (" + typeName(type) + " array, not read)");
        }
        byte[] raw = bytes((int) length);
        if (width == -1) {
            return Value.text(text(raw));
        }
        int n = (int) (length / width);
        if (n == 0) {
            return Value.text("");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (n == 1) {
            return element(b, type, 0);
        }
        if (n > MAX_ARRAY) {
            return Value.text(n + " " + typeName(type) + " values");
        }
        MetadataTree array = new MetadataTree();
        for (int i = 0; i < n; i++) {
            array.put(Integer.toString(i), element(b, type, i * width));
        }
        return array;
    }

    private static Value element(ByteBuffer b, int type, int at) {
        return switch (type) {
            case 1, 6 -> Value.integer(b.get(at) & 0xFF);
            case 2, 7, 14 -> Value.integer(b.getShort(at) & 0xFFFF);
            case 3, 8 -> Value.integer(b.getInt(at));
            // float32 as the decimal it was typed as (2.562, not 2.5620000362396243)
            case 4, 9 -> Value.number(Value.float32(b.getFloat(at)), null);
            case 5, 10 -> Value.number(b.getDouble(at), null);
            default -> new Value(b.get(at) != 0, null, null); // 11, 65552, 65553: booleans
        };
    }

    /** Bytes per element; -1 for text; 0 for a type we do not know. */
    private static int width(int type) {
        return switch (type) {
            case 1, 6, 11, 65552, 65553 -> 1;
            case 2, 7, 14 -> 2;
            case 3, 4, 8, 9 -> 4;
            case 5, 10 -> 8;
            case 12, 13, 20 -> -1;
            default -> 0;
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case 1, 6 -> "uint8";
            case 2, 7, 14 -> "uint16";
            case 3, 8 -> "int32";
            case 4, 9 -> "float32";
            case 5, 10 -> "float64";
            case 12, 13, 20 -> "text";
            default -> "boolean";
        };
    }

    /** Names are ASCII in practice; a few are Shift-JIS (half-width katakana for 'Port'). */
    private static String name(byte[] raw) {
        return text(raw).replace('/', '_');
    }

    /** UTF-8 when the bytes are valid UTF-8, else Shift-JIS (JEOL's Japanese Windows), NUL-separated parts joined. */
    static String text(byte[] raw) {
        int n = raw.length;
        while (n > 0 && raw[n - 1] == 0) {
            n--;
        }
        ByteBuffer b = ByteBuffer.wrap(raw, 0, n);
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b).toString();
        } catch (CharacterCodingException e) {
            s = new String(raw, 0, n, SHIFT_JIS != null ? SHIFT_JIS : StandardCharsets.ISO_8859_1);
        }
        return s.replace('\0', ';').strip();
    }

    private int u8() throws IOException {
        if (pos >= end) {
            throw new EOFException();
        }
        return source.readFully(pos++, 1)[0] & 0xFF;
    }

    private int i32() throws IOException {
        byte[] b = bytes(4);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private byte[] bytes(int n) throws IOException {
        if (pos + n > end) {
            throw new EOFException();
        }
        byte[] b = source.readFully(pos, n);
        pos += n;
        return b;
    }
}
