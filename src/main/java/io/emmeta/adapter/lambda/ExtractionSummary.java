package io.emmeta.adapter.lambda;

import java.util.List;

import io.emmeta.s3.UploadOutcome;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The function's answer: one outcome per event record, plus counts. */
@RegisterForReflection
public record ExtractionSummary(int records, int processed, int skipped, int failed, List<UploadOutcome> outcomes) {

    static ExtractionSummary of(List<UploadOutcome> outcomes) {
        int skipped = (int) outcomes.stream().filter(o -> "skipped".equals(o.status())).count();
        int failed = (int) outcomes.stream().filter(o -> "error".equals(o.status())).count();
        return new ExtractionSummary(outcomes.size(), outcomes.size() - skipped, skipped, failed, outcomes);
    }
}
