package io.emmeta.core.problem;

/**
 * One error or warning in a record: a typed code and a message saying what and where. A message is at most
 * {@link #MAX_MESSAGE} characters: a longer one (a parser quoting a 200 KB vendor line) is cut there, with an
 * ellipsis and the original length, so no record carries a file's text through its warnings.
 */
public record Problem(ErrorCode code, String message) {

    public static final int MAX_MESSAGE = 500;

    public Problem {
        message = capped(message);
    }

    /** {@code s} when short enough, else its first characters, "…" and the length it had. */
    public static String capped(String s) {
        if (s == null || s.length() <= MAX_MESSAGE) {
            return s;
        }
        int keep = MAX_MESSAGE - 40;
        if (Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--; // never split a surrogate pair
        }
        return s.substring(0, keep) + "… (message of " + s.length() + " characters cut)";
    }
}
