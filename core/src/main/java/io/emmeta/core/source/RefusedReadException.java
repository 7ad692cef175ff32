package io.emmeta.core.source;

import java.io.IOException;

import io.emmeta.core.problem.ErrorCode;

/**
 * A read the source refused because of what the content asked for, not because the store failed: a length the object
 * cannot hold, a single read larger than the cache. It is an {@link IOException} because it must travel through
 * {@link ByteSource#read} and through libraries that read a channel (jHDF wraps it); it carries its own code, so
 * whoever meets it, at any depth of causes, classifies it by type ({@link #in(Throwable)}), never by its message.
 */
public class RefusedReadException extends IOException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public RefusedReadException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** What the refusal says about the content: CORRUPT for an impossible size, TOO_LARGE for a read over a limit. */
    public ErrorCode code() {
        return code;
    }

    /** The refusal in {@code t}'s cause chain (a library may have wrapped it), or null. */
    public static RefusedReadException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RefusedReadException r) {
                return r;
            }
        }
        return null;
    }
}
