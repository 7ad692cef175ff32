package io.emmeta.core;

import io.emmeta.core.read.ReaderRegistry;

/**
 * Holds {@link Readers#registry()}: every reader, constructed once (with the unit tables some of them load). A class of
 * its own so that the native Lambda can initialise it when the image is built (see {@link StandardChainData}): the
 * readers are then part of the image's heap, constructed before any process starts.
 */
final class StandardReaders {

    static final ReaderRegistry REGISTRY = new ReaderRegistry(Readers.all());

    private StandardReaders() {
    }
}
