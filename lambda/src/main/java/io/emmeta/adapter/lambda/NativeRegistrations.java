package io.emmeta.adapter.lambda;

import io.emmeta.core.map.ValidationReport;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.Status;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.s3.UploadOutcome;
import io.quarkus.amazon.lambda.runtime.FunctionError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The core is framework-free, so its Jackson-serialised records cannot carry Quarkus annotations; they are
 * registered for reflection here, for the native image. The CI native check asserts each appears in the generated
 * reflection configuration.
 *
 * <p>Multi-dimensional arrays, which jHDF creates with {@code Array.newInstance} for HDF5 datasets and attributes of
 * rank 2 and more, are registered in {@code META-INF/native-image/io.emmeta/emmeta/reflect-config.json} (array classes
 * cannot be named in this annotation).
 */
@RegisterForReflection(targets = {
        ExtractionRecord.class,
        ExtractionRecord.SourceInfo.class,
        ExtractionRecord.DetectedInfo.class,
        ExtractionRecord.Provenance.class,
        ExtractionRecord.PreviewInfo.class,
        ValidationReport.class,
        ValidationReport.Error.class,
        Status.class,
        Problem.class,
        ErrorCode.class,
        UploadOutcome.class,
        // Quarkus's Lambda poll loop serialises a function's error with Jackson but does not register the class: without
        // this, the first error answer (a retry request, a bad event) killed the native poll loop and the function
        // stopped answering
        FunctionError.class,
})
public final class NativeRegistrations {
    private NativeRegistrations() {
    }
}
