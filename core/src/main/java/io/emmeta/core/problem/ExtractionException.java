package io.emmeta.core.problem;

/** A failure that ends one file's extraction with a typed code. */
public class ExtractionException extends Exception {
    private final ErrorCode code;

    public ExtractionException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ExtractionException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public Problem toProblem() {
        return new Problem(code, getMessage());
    }
}
