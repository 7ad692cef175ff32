package io.emmeta.core.map;

/** A value that could not be mapped (unknown unit, unparseable date): reported, the value stays in the original tree. */
public class MappingException extends Exception {
    public MappingException(String message) {
        super(message);
    }
}
