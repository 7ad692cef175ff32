package io.emmeta.core.read.ceos;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/**
 * A Python pickle stream read as data, never unpickled: a small stack machine that knows the opcodes building
 * dicts, lists, tuples, sets, strings, numbers, booleans and None (protocols 2 to 5, binary forms), and nothing that
 * runs code. A class reference ({@code GLOBAL}, {@code STACK_GLOBAL}) becomes its dotted name as text, never looked
 * up; a call ({@code REDUCE}, {@code NEWOBJ}) and a state update ({@code BUILD}) become an {@link Opaque} holding the
 * name, the arguments and the state as data, never executed. This is what lets a Panta Rhei v5 {@code meta_data.npy}
 * (a numpy object array: {@code numpy.core.multiarray._reconstruct} reduced, then built with a state whose last item
 * is the list of elements) give up its dict. {@code INST}, {@code OBJ}, persistent ids, extension codes and
 * out-of-band buffers are refused.
 *
 * <p>Bounded everywhere, since the bytes are hostile until proven otherwise: the stream size, every declared length
 * (checked before anything is allocated), the number of objects made, the marks open at once, the memo, and the depth
 * when the result is walked (a memo reference can make a list contain itself).
 */
final class PickleData {

    static final int MAX_BYTES = 4 << 20;
    static final int MAX_STRING = 1 << 20;
    static final int MAX_OBJECTS = 100_000;
    static final int MAX_MARKS = 64;
    static final int MAX_DEPTH = 32;

    /** None, which stays absent in a tree. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** A call or an object never made: what would have been called, with what, and the state it would have got. */
    record Opaque(String callable, Object args, Object state) {
        Opaque withState(Object s) {
            return new Opaque(callable, args, s);
        }
    }

    /** A class or function reference by name; never resolved. */
    record Global(String name) {
    }

    /** Bytes objects are kept by length only: they are binary payloads, not metadata. */
    record Bytes(long length) {
    }

    private static final Object MARK = new Object();

    private final byte[] b;
    private int pos;
    private int objects;
    private int marks;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private PickleData(byte[] b) {
        this.b = b;
    }

    /** The object the stream builds (its STOP's top of stack), with containers as Java lists and maps. */
    static Object parse(byte[] data) throws ExtractionException {
        if (data.length > MAX_BYTES) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "pickle stream of " + data.length + " bytes (limit "
                    + MAX_BYTES + ")");
        }
        return new PickleData(data).run();
    }

    private Object run() throws ExtractionException {
        while (true) {
            if ((pos & 0xff) == 0) {
                Deadline.check();
            }
            int at = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> u8(); // PROTO n
                case 0x95 -> fixed(8); // FRAME: a length hint only
                case '.' -> {
                    if (stack.isEmpty() || top() == MARK) {
                        throw corrupt(at, "STOP with an empty stack");
                    }
                    return top();
                }
                case '(' -> {
                    if (++marks > MAX_MARKS) {
                        throw new ExtractionException(ErrorCode.TOO_LARGE, "pickle nests more than " + MAX_MARKS
                                + " marks");
                    }
                    stack.add(MARK);
                }
                case '0' -> pop(at);
                case '1' -> popMark(at);
                case '2' -> push(peek(at));
                case 'N' -> push(NONE);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) i32());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (u8() | u8() << 8));
                case 0x8a -> push(longBytes(u8(), at));
                case 0x8b -> push(longBytes(length(4, at), at));
                case 'G' -> push(Double.longBitsToDouble(beLong()));
                case 'X' -> push(utf8(length(4, at), at));
                case 0x8c -> push(utf8(u8(), at));
                case 0x8d -> push(utf8(length(8, at), at));
                case 'T' -> push(latin1(length(4, at), at));
                case 'U' -> push(latin1(u8(), at));
                case 'B', 0x8e, 'C', 0x96 -> {
                    long n = op == 'C' ? u8() : length(op == 'B' ? 4 : 8, at);
                    skip(n, at);
                    push(new Bytes(n));
                }
                case '}' -> push(new LinkedHashMap<String, Object>());
                case ']' -> push(new ArrayList<>());
                case ')' -> push(List.of());
                case 0x8f -> push(new ArrayList<>()); // EMPTY_SET, kept as a list
                case 'd' -> push(dict(popMark(at), at));
                case 'l' -> push(new ArrayList<>(popMark(at)));
                case 't', 0x91 -> push(List.copyOf(popMark(at)));
                case 0x85 -> push(List.of(pop(at)));
                case 0x86 -> {
                    Object y = pop(at);
                    push(List.of(pop(at), y));
                }
                case 0x87 -> {
                    Object z = pop(at);
                    Object y = pop(at);
                    push(List.of(pop(at), y, z));
                }
                case 'a' -> {
                    Object v = pop(at);
                    list(peek(at), at).add(v);
                }
                case 'e', 0x90 -> {
                    List<Object> items = popMark(at);
                    list(peek(at), at).addAll(items);
                }
                case 's' -> {
                    Object v = pop(at);
                    Object k = pop(at);
                    map(peek(at), at).put(key(k), v);
                }
                case 'u' -> {
                    List<Object> kv = popMark(at);
                    if (kv.size() % 2 != 0) {
                        throw corrupt(at, "SETITEMS with an odd number of items");
                    }
                    Map<String, Object> m = map(peek(at), at);
                    for (int i = 0; i < kv.size(); i += 2) {
                        m.put(key(kv.get(i)), kv.get(i + 1));
                    }
                }
                case 'q' -> memo((long) u8(), at);
                case 'r' -> memo(length(4, at), at);
                case 0x94 -> memo((long) memo.size(), at);
                case 'p' -> memo(decimalLine(at), at);
                case 'h' -> push(recall(u8(), at));
                case 'j' -> push(recall(length(4, at), at));
                case 'g' -> push(recall(decimalLine(at), at));
                case 'c' -> push(new Global(line(at) + "." + line(at)));
                case 0x93 -> {
                    Object name = pop(at);
                    Object module = pop(at);
                    push(new Global(module + "." + name));
                }
                case 'R', 0x81 -> {
                    Object args = pop(at);
                    push(new Opaque(callableName(pop(at)), args, null));
                }
                case 0x92 -> {
                    Object kwargs = pop(at);
                    Object args = pop(at);
                    push(new Opaque(callableName(pop(at)), List.of(args, kwargs), null));
                }
                case 'b' -> {
                    Object state = pop(at);
                    Object obj = pop(at);
                    push(obj instanceof Opaque o ? o.withState(state) : new Opaque("?", obj, state));
                }
                default -> throw new ExtractionException(ErrorCode.CORRUPT, "pickle opcode 0x"
                        + Integer.toHexString(op) + " at byte " + at + " refused: only data opcodes are read");
            }
        }
    }

    // ---- stack -------------------------------------------------------------------------------------------------

    private void push(Object o) throws ExtractionException {
        if (++objects > MAX_OBJECTS) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "pickle makes more than " + MAX_OBJECTS + " objects");
        }
        stack.add(o);
    }

    private Object top() {
        return stack.get(stack.size() - 1);
    }

    private Object peek(int at) throws ExtractionException {
        if (stack.isEmpty() || top() == MARK) {
            throw corrupt(at, "stack underflow");
        }
        return top();
    }

    private Object pop(int at) throws ExtractionException {
        Object o = peek(at);
        stack.remove(stack.size() - 1);
        return o;
    }

    /** The items above the topmost mark, in order; the mark removed. */
    private List<Object> popMark(int at) throws ExtractionException {
        int m = stack.lastIndexOf(MARK);
        if (m < 0) {
            throw corrupt(at, "no mark on the stack");
        }
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        marks--;
        return items;
    }

    private Map<String, Object> dict(List<Object> kv, int at) throws ExtractionException {
        if (kv.size() % 2 != 0) {
            throw corrupt(at, "DICT with an odd number of items");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.size(); i += 2) {
            m.put(key(kv.get(i)), kv.get(i + 1));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, int at) throws ExtractionException {
        // a tuple is immutable (List.of): appending to one is as malformed as appending to a string
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw corrupt(at, "append to a " + kind(o));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object o, int at) throws ExtractionException {
        if (o instanceof LinkedHashMap<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw corrupt(at, "set an item of a " + kind(o));
    }

    /** A dict key as text: scalars as Python prints them; a container key (a tuple) by kind only, never walked. */
    private static String key(Object k) {
        if (k instanceof String || k instanceof Long || k instanceof Double || k instanceof Boolean || k == NONE) {
            return String.valueOf(k);
        }
        return "<" + kind(k) + ">";
    }

    private static String callableName(Object o) {
        return o instanceof Global g ? g.name() : "<" + kind(o) + ">";
    }

    private static String kind(Object o) {
        if (o instanceof Map<?, ?>) {
            return "dict";
        }
        if (o instanceof List<?>) {
            return o instanceof ArrayList<?> ? "list" : "tuple";
        }
        return o == null ? "null" : o.getClass().getSimpleName();
    }

    private void memo(long index, int at) throws ExtractionException {
        if (memo.size() >= MAX_OBJECTS && !memo.containsKey(index)) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "pickle memo over " + MAX_OBJECTS + " entries");
        }
        memo.put(index, peek(at));
    }

    private Object recall(long index, int at) throws ExtractionException {
        Object o = memo.get(index);
        if (o == null) {
            throw corrupt(at, "memo " + index + " read before it was written");
        }
        return o;
    }

    // ---- bytes -------------------------------------------------------------------------------------------------

    private int u8() throws ExtractionException {
        if (pos >= b.length) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "pickle stream ends at byte " + pos + " without STOP");
        }
        return b[pos++] & 0xff;
    }

    private long fixed(int n) throws ExtractionException {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) u8() << (8 * i);
        }
        return v;
    }

    private int i32() throws ExtractionException {
        return (int) fixed(4);
    }

    private long beLong() throws ExtractionException {
        return Long.reverseBytes(fixed(8));
    }

    /** A declared length (unsigned, little-endian); refused past the string limit before anything is allocated. */
    private long length(int width, int at) throws ExtractionException {
        long n = fixed(width);
        if (n < 0 || n > MAX_STRING) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "pickle item at byte " + at + " declares "
                    + Long.toUnsignedString(n) + " bytes (limit " + MAX_STRING + ")");
        }
        return n;
    }

    private void need(long n, int at) throws ExtractionException {
        if (n > b.length - pos) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "pickle item at byte " + at + " declares " + n
                    + " bytes; " + (b.length - pos) + " left");
        }
    }

    private void skip(long n, int at) throws ExtractionException {
        need(n, at);
        pos += (int) n;
    }

    private String utf8(long n, int at) throws ExtractionException {
        need(n, at);
        String s = new String(b, pos, (int) n, StandardCharsets.UTF_8);
        pos += (int) n;
        return s;
    }

    private String latin1(long n, int at) throws ExtractionException {
        need(n, at);
        String s = new String(b, pos, (int) n, StandardCharsets.ISO_8859_1);
        pos += (int) n;
        return s;
    }

    /** LONG1/LONG4: little-endian two's complement; a value past 64 bits is kept as decimal text. */
    private Object longBytes(long n, int at) throws ExtractionException {
        if (n > 64) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, "pickle integer of " + n + " bytes at byte " + at);
        }
        need(n, at);
        byte[] be = new byte[(int) n];
        for (int i = 0; i < n; i++) {
            be[(int) n - 1 - i] = b[pos + i];
        }
        pos += (int) n;
        if (n == 0) {
            return 0L;
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v.toString();
    }

    /** A newline-terminated ASCII argument (GLOBAL's names, PUT/GET's index), at most 256 bytes. */
    private String line(int at) throws ExtractionException {
        int start = pos;
        while (pos < b.length && b[pos] != '\n') {
            if (pos - start > 256) {
                throw corrupt(at, "text argument longer than 256 bytes");
            }
            pos++;
        }
        if (pos >= b.length) {
            throw new ExtractionException(ErrorCode.TRUNCATED, "pickle stream ends inside a text argument");
        }
        return new String(b, start, pos++ - start, StandardCharsets.US_ASCII);
    }

    private long decimalLine(int at) throws ExtractionException {
        String s = line(at);
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw corrupt(at, "memo index '" + s + "' is not a number");
        }
    }

    private static ExtractionException corrupt(int at, String what) {
        return new ExtractionException(ErrorCode.CORRUPT, "pickle stream, opcode at byte " + at + ": " + what);
    }

    // ---- results -----------------------------------------------------------------------------------------------

    /**
     * The first dict reached from {@code root}, depth first (through lists, tuples and an opaque object's arguments
     * and state), within {@link #MAX_DEPTH}; null when there is none. Each object is visited once, so a memo cycle
     * ends the walk instead of looping.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> firstDict(Object root) {
        Deque<Object[]> todo = new ArrayDeque<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        todo.push(new Object[] {root, 0});
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            Object o = next[0];
            int depth = (Integer) next[1];
            if (o == null || depth > MAX_DEPTH || seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            if (o instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            List<Object> children = new ArrayList<>();
            if (o instanceof List<?> l) {
                children.addAll(l);
            } else if (o instanceof Opaque op) {
                children.add(op.args());
                children.add(op.state());
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                todo.push(new Object[] {children.get(i), depth + 1});
            }
        }
        return null;
    }
}
