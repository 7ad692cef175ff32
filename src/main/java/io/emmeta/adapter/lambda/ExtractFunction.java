package io.emmeta.adapter.lambda;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
            outcomes.add(handle(r));
        }
        return ExtractionSummary.of(outcomes);
    }

    private UploadOutcome handle(S3EventNotification.Record r) {
        String bucket = r == null || r.s3() == null || r.s3().bucket() == null ? null : r.s3().bucket().name();
        String rawKey = r == null || r.s3() == null || r.s3().object() == null ? null : r.s3().object().key();
        String key = null;
        try {
            key = rawKey == null ? null : decodeKey(rawKey);
            if (r != null && r.eventName() != null && !r.eventName().startsWith("ObjectCreated")) {
                return UploadOutcome.skipped(bucket, key, "event " + r.eventName() + " is not an upload");
            }
            return processor.process(bucket, key);
        } catch (RuntimeException e) {
            // Last line of defence for the batch: whatever went wrong stays with this record.
            return UploadOutcome.failed(bucket, key != null ? key : rawKey, "INTERNAL",
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** S3 event keys are URL-encoded with '+' for space ("My+Sample%281%29.emd"). */
    static String decodeKey(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
