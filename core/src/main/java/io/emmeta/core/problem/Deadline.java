package io.emmeta.core.problem;

/**
 * The extraction's deadline, as seen from inside a parser. Whoever bounds an extraction (the S3 processor's timeout,
 * the CLI's {@code --timeout}) interrupts the extracting thread when time is up; every loop whose length the file
 * decides calls {@link #check()}, so the timeout ends the work, not only the wait for it. Unchecked on purpose: it
 * must cross parsers and library callbacks that declare nothing; {@code Extractor} turns it into a TIMEOUT record.
 */
public final class Deadline {

    /** Thrown where an interrupted extraction notices it; becomes {@link ErrorCode#TIMEOUT}. */
    public static final class Expired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Expired() {
            super("the extraction's time limit passed; the read was stopped", null, false, false);
        }
    }

    private Deadline() {
    }

    /** Ends the read when the extracting thread has been interrupted (its deadline passed). Cheap: call it in loops. */
    public static void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new Expired();
        }
    }

    /**
     * True when {@code e} is, or was caused by, {@link Expired}, or is the interrupt seen through a closed channel or
     * an {@link InterruptedException} (a library may wrap what our callbacks threw, or an interruptible channel may close).
     */
    public static boolean expired(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Expired || t instanceof java.nio.channels.ClosedByInterruptException
                    || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * For {@code catch (RuntimeException e)} blocks that turn a library failure into a warning or a CORRUPT error:
     * a passed deadline is not a parse failure, so it leaves as {@link Expired} (a TIMEOUT record).
     */
    public static void rethrowIfExpired(Throwable e) {
        if (e instanceof Expired x) {
            throw x;
        }
        if (expired(e)) {
            Expired x = new Expired();
            x.addSuppressed(e);
            throw x;
        }
    }

    /**
     * Text whose every read checks the deadline: for library code that loops over characters without looking at
     * interrupts (java.util.regex), so even a pattern that has not yet been made linear stops when time is up.
     */
    public static CharSequence watched(CharSequence text) {
        return new Watched(text);
    }

    private record Watched(CharSequence text) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            check();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Watched(text.subSequence(start, end));
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
