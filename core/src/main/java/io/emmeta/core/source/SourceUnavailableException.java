package io.emmeta.core.source;

import java.io.IOException;

/**
 * The store could not deliver bytes (after the client's own retries): a fault of the store, not of the file. The
 * record says SOURCE_UNAVAILABLE and the trigger retries, whatever parser was reading when it happened.
 */
public class SourceUnavailableException extends IOException {
    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether a failure was caused, at any depth, by the store rather than the content. */
    public static boolean causedBy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SourceUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
