package io.emmeta.core.output;

import com.fasterxml.jackson.annotation.JsonValue;

/** ok: read and mapped, document valid; partial: document written with reasons; unsupported; error. */
public enum Status {
    OK, PARTIAL, UNSUPPORTED, ERROR;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
