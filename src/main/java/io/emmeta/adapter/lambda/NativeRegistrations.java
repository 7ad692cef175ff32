package io.emmeta.adapter.lambda;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.core.output.ValidationReport;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.s3.UploadOutcome;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The core is framework-free, so its Jackson-serialised records cannot carry Quarkus annotations; they are
 * registered for reflection here, for the native image. The CI native check asserts each appears in the generated
 * reflection configuration.
 */
@RegisterForReflection(targets = {
        ExtractionRecord.class,
        ExtractionRecord.SourceInfo.class,
        ExtractionRecord.DetectedInfo.class,
        ExtractionRecord.Provenance.class,
        ValidationReport.class,
        ValidationReport.Error.class,
        Status.class,
        Problem.class,
        ErrorCode.class,
        UploadOutcome.class,
})
public final class NativeRegistrations {
    private NativeRegistrations() {
    }
}
