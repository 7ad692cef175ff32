package io.emmeta.core.detect;

import java.util.List;

/** What the content says the object is, and why we think so. */
public record Detection(Format format, String container, List<String> evidence) {

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
