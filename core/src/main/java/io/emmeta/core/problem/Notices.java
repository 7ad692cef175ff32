package io.emmeta.core.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Warnings raised where no warning list is at hand (a static number helper deep in a parser), held by the extracting
 * thread like {@link Budget}: {@code Extractor} opens a scope around each file and adds what was noted to the
 * record's warnings, so no parser signature changes. Outside an extraction, notes are dropped. At most
 * {@link #MAX_LISTED} per code are kept in full; the rest are counted.
 */
public final class Notices {

    public static final int MAX_LISTED = 20;

    private static final ThreadLocal<Notices> CURRENT = new ThreadLocal<>();

    private final List<Problem> listed = new ArrayList<>();
    private final java.util.Map<ErrorCode, Integer> counts = new java.util.EnumMap<>(ErrorCode.class);

    private Notices() {
    }

    /** Notes a warning for the current extraction (nothing outside one). */
    public static void add(ErrorCode code, String message) {
        Notices n = CURRENT.get();
        if (n != null && n.counts.merge(code, 1, Integer::sum) <= MAX_LISTED) {
            n.listed.add(new Problem(code, message));
        }
    }

    /** Starts collecting for the current thread; {@link Scope#drain()} gives what was noted. */
    public static Scope open() {
        Notices previous = CURRENT.get();
        Notices mine = new Notices();
        CURRENT.set(mine);
        return new Scope(previous, mine);
    }

    public static final class Scope implements AutoCloseable {
        private final Notices previous;
        private final Notices mine;

        private Scope(Notices previous, Notices mine) {
            this.previous = previous;
            this.mine = mine;
        }

        /** The warnings noted so far (each code's overflow as one counting line), and forgets them. */
        public List<Problem> drain() {
            List<Problem> out = new ArrayList<>(mine.listed);
            mine.counts.forEach((code, n) -> {
                if (n > MAX_LISTED) {
                    out.add(new Problem(code, (n - MAX_LISTED) + " more such " + code + " warnings not listed"));
                }
            });
            mine.listed.clear();
            mine.counts.clear();
            return out;
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
