package io.emmeta.core.read.text;

import java.util.List;

import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;

/**
 * The bounds of line-oriented vendor text, in one place (issue #12): how long a line may be before it is cut, how
 * much of the text a warning quotes, and how many warnings of one kind are listed before the rest are only counted.
 * No real file comes near them; a crafted one stops at them with a warning that says so, never silently.
 *
 * <p>A cut line is reported as {@link ErrorCode#MALFORMED_TEXT} with a message starting "too long:" (there is no
 * separate code: the text is vendor text that does not have the shape the format promises).
 */
public final class TextLimits {

    /** Characters kept of one line (key, '=' and value together); the rest of the line is dropped, with a warning. */
    public static final int MAX_LINE_CHARS = 64 * 1024;
    /** Characters of vendor text quoted in one warning. */
    public static final int MAX_QUOTED_CHARS = 80;
    /** Warnings of one kind listed one by one; past this, one more warning gives the count of the rest. */
    public static final int MAX_LISTED_WARNINGS = 50;

    private TextLimits() {
    }

    /** At most {@link #MAX_QUOTED_CHARS} characters of {@code s}, marked when cut, for a warning's message. */
    public static String excerpt(String s) {
        if (s == null || s.length() <= MAX_QUOTED_CHARS) {
            return s;
        }
        return s.substring(0, MAX_QUOTED_CHARS) + "… (" + s.length() + " characters)";
    }

    /** The warning for a line cut at {@link #MAX_LINE_CHARS}. */
    public static Problem tooLong(String where, int length) {
        return new Problem(ErrorCode.MALFORMED_TEXT, "too long: " + where + " has " + length
                + " characters; the first " + MAX_LINE_CHARS + " are kept");
    }

    /**
     * Warnings of one kind, listed up to {@link #MAX_LISTED_WARNINGS} and counted past that: a file of a million
     * broken lines gives fifty warnings and one with the count, not a million.
     */
    public static final class Listed {
        private final List<Problem> into;
        private final String kind;
        private ErrorCode code;
        private int count;

        public Listed(List<Problem> into, String kind) {
            this.into = into;
            this.kind = kind;
        }

        public void add(Problem p) {
            if (++count <= MAX_LISTED_WARNINGS) {
                into.add(p);
            } else if (code == null) {
                code = p.code();
            }
        }

        /** Adds the count of what was not listed, if anything; call once at the end. */
        public void close() {
            if (count > MAX_LISTED_WARNINGS) {
                into.add(new Problem(code, (count - MAX_LISTED_WARNINGS) + " more " + kind + " not listed ("
                        + count + " in all)"));
            }
        }
    }
}
