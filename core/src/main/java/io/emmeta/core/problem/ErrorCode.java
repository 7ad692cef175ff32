package io.emmeta.core.problem;

/** Typed reasons a record carries; the code is stable, the message is for people. */
public enum ErrorCode {
    /** The content is of a kind no reader handles (yet); the detection still says what it is. */
    UNSUPPORTED_FORMAT,
    /** The object ends before a structure it declares (truncated upload, cut tag). */
    TRUNCATED,
    /** A structure is inconsistent: offsets outside the object, loops, impossible counts. */
    CORRUPT,
    /** Vendor text that cannot be parsed as the format says (garbage, wrong encoding). */
    MALFORMED_TEXT,
    /** XML with a DOCTYPE / entities: refused outright, never expanded or resolved. */
    XML_REJECTED,
    /** A declared size above the configured limits. */
    TOO_LARGE,
    /** The object is empty. */
    EMPTY,
    /** The object could not be read from the store (after retries). */
    SOURCE_UNAVAILABLE,
    /** The object is gone (deleted before we read it). */
    SOURCE_NOT_FOUND,
    /** The documents could not be written. */
    OUTPUT_FAILED,
    /** The upload's key plus our suffix would exceed S3's 1024-byte key limit: no document can be written. */
    OUTPUT_NAME_TOO_LONG,
    /** A value could not be mapped (unknown unit, unparseable date); the value stays in the original tree. */
    MAPPING,
    /** Extraction took longer than the configured limit; stopped. */
    TIMEOUT,
    /** A bug on our side; the record says so rather than hiding it. */
    INTERNAL
}
