package io.emmeta.core.problem;

/** One error or warning in a record: a typed code and a message saying what and where. */
public record Problem(ErrorCode code, String message) {
}
