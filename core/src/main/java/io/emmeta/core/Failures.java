package io.emmeta.core;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

import io.emmeta.core.problem.Deadline;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.source.RefusedReadException;
import io.emmeta.core.source.SourceUnavailableException;

/**
 * What ended one file's extraction, as a typed problem, decided by the throwable's type only (never its message):
 * readers and containers type their failures where they happen ({@link ExtractionException}), so what arrives here
 * untyped is either an I/O failure of the bytes or a bug of ours.
 *
 * <p>The order matters: the store's own failure ({@link SourceUnavailableException}, the only retriable outcome) wins
 * whatever parser was reading when it happened; then the typed outcomes; then the deadline. A local read failure that
 * is not the store's says something about the object (it ended early, or could not be read as what it claims), so it
 * is TRUNCATED or CORRUPT — never SOURCE_UNAVAILABLE, which would make a trigger retry a file that fails the same way
 * every time. Anything else is a bug on our side and says so (INTERNAL): relabelling it as a file fault would hide it
 * from the fuzzers, whose contract is that hostile bytes never produce INTERNAL.
 */
public final class Failures {

    private Failures() {
    }

    public static Problem classify(Throwable e) {
        if (SourceUnavailableException.causedBy(e)) {
            return new Problem(ErrorCode.SOURCE_UNAVAILABLE, e.getMessage());
        }
        if (e instanceof ExtractionException x) {
            return x.toProblem();
        }
        RefusedReadException refused = RefusedReadException.in(e);
        if (refused != null) {
            // the source refused a read the content asked for (an impossible size), under whatever library wrapped it
            return new Problem(refused.code(), refused.getMessage());
        }
        if (Deadline.expired(e)) {
            return new Problem(ErrorCode.TIMEOUT, new Deadline.Expired().getMessage());
        }
        if (e instanceof OutOfMemoryError) {
            return new Problem(ErrorCode.TOO_LARGE, "the file declares a structure larger than the memory available: "
                    + e.getMessage());
        }
        if (e instanceof LinkageError) {
            // NoClassDefFoundError, UnsatisfiedLinkError...: the package lacks a class a library needs (jHDF's LZF)
            return new Problem(ErrorCode.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (a class the extractor needs is missing or incompatible in this build; not a property of the"
                    + " file)");
        }
        if (e instanceof IOException io) {
            return local(io);
        }
        StackTraceElement[] at = e.getStackTrace();
        return new Problem(ErrorCode.INTERNAL, e.getClass().getName() + ": " + e.getMessage()
                + (at.length > 0 ? " (at " + at[0] + ")" : ""));
    }

    /** An I/O failure that is not the store's: the object is gone, ended early, or cannot be read as it claims. */
    private static Problem local(IOException e) {
        if (e instanceof NoSuchFileException) {
            return new Problem(ErrorCode.SOURCE_NOT_FOUND, "object not found: " + e.getMessage());
        }
        if (e instanceof EOFException) {
            return new Problem(ErrorCode.TRUNCATED, e.getMessage());
        }
        return new Problem(ErrorCode.CORRUPT, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
