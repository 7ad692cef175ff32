package io.emmeta.core.read;

import java.io.IOException;

import io.emmeta.core.container.Probe;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/** Small text formats (sidecars, headers) are read whole — but only up to a limit, so a huge object cannot. */
public final class WholeText {

    private WholeText() {
    }

    /** All bytes of the object, or TOO_LARGE when it is bigger than {@code limit}. */
    public static byte[] bytes(Probe probe, int limit, String what) throws IOException, ExtractionException {
        long size = probe.size();
        if (size > limit) {
            throw new ExtractionException(ErrorCode.TOO_LARGE, what + " of " + size + " bytes (limit " + limit + ")");
        }
        return probe.source().readFully(0, (int) size);
    }
}
