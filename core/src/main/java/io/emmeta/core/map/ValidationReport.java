package io.emmeta.core.map;

import java.util.List;

/**
 * The schema validator's verdict: every error with its JSON path, and which of them are context fields no file
 * can hold (supply them as upload metadata to make the document valid).
 */
public record ValidationReport(String schema, boolean valid, List<Error> errors, List<String> missingContext) {

    public record Error(String path, String message) {
    }
}
