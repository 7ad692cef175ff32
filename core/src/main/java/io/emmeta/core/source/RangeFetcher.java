package io.emmeta.core.source;

import java.io.IOException;

/** The backing store's one primitive: fetch bytes [position, position + length). One call is one request. */
public interface RangeFetcher {

    String name();

    long size() throws IOException;

    /** Fetches exactly {@code length} bytes (the caller never asks past the end). */
    byte[] fetch(long position, int length) throws IOException;

    default void close() throws IOException {
    }
}
