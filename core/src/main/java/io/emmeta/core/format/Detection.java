package io.emmeta.core.format;

import java.util.List;

/** What the content says the object is, and why we think so. */
public record Detection(FormatSpec format, String container, List<String> evidence) {

    public Detection {
        evidence = List.copyOf(evidence);
    }

    public String vendor() {
        return format.vendor();
    }

    public Technique technique() {
        return format.technique();
    }
}
