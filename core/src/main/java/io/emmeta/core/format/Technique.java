package io.emmeta.core.format;

/** Which community schema a file's document targets. */
public enum Technique {
    SEM, TEM, OTHER
}
