package io.emmeta.core.format;

/**
 * The first decision detection makes, from the magic bytes alone: which kind of envelope the object is. Each reader's
 * sniff is asked only about the envelope it knows, and each envelope has its own fallbacks for kinds without a reader.
 */
public enum ContainerKind {
    /** Classic or BigTIFF: vendors differ by private tags and by what they write in the standard text tags. */
    TIFF,
    /** An HDF5 superblock at byte 0, 512, 1024 or 2048: vendors differ by layout. */
    HDF5,
    /** A ZIP archive (local header magic): vendors differ by the entries its central directory lists. */
    ZIP,
    /** Any other binary format recognised by its own magic or header consistency. */
    BINARY,
    /** Text (including XML): vendors differ by their first keys or root element. */
    TEXT
}
