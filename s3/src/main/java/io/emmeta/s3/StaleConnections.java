package io.emmeta.s3;

import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * A kept-alive connection the server has already closed surfaces from the URL-connection HTTP client as an
 * {@link UncheckedIOException} ("Unexpected end of file from server"), outside the SDK's own retries. One more
 * attempt, on a fresh connection, is the cure; a second failure is a real store fault for the caller to type.
 */
public final class StaleConnections {
    private StaleConnections() {
    }

    public static <T> T retry(Supplier<T> call) {
        try {
            return call.get();
        } catch (UncheckedIOException e) {
            return call.get();
        }
    }
}
