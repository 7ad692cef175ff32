package io.emmeta.adapter.lambda;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import io.emmeta.s3.S3UploadProcessor;
import io.emmeta.s3.UploadOutcome;
import io.quarkus.funqy.Funq;

/**
 * The Lambda entry point: an S3 event notification in, one outcome per record out. Each record is isolated: a
 * broken file, a vanished object or a failing write affects that record's outcome only.
 */
public class ExtractFunction {

    @Inject
    S3UploadProcessor processor;

    @Funq("extract")
    public ExtractionSummary extract(S3EventNotification event) {
        List<UploadOutcome> outcomes = new ArrayList<>();
        if (event == null || event.records() == null) {
            return ExtractionSummary.of(outcomes);
        }
        for (S3EventNotification.Record r : event.records()) {
            String bucket = r == null || r.s3() == null || r.s3().bucket() == null ? null : r.s3().bucket().name();
            String key = r == null || r.s3() == null || r.s3().object() == null ? null : r.s3().object().key();
            outcomes.add(processor.processEventRecord(bucket, key, r == null ? null : r.eventName()));
        }
        return ExtractionSummary.of(outcomes);
    }
}
