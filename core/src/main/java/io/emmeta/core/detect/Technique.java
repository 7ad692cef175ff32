package io.emmeta.core.detect;

/** Which community schema a file's document targets. */
public enum Technique {
    SEM, TEM, OTHER
}
