package io.emmeta.adapter.lambda;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.s3.ColdStart;
import io.emmeta.s3.EventDispatcher;
import io.quarkus.funqy.Funq;

/**
 * The Lambda entry point. The event arrives as a JSON tree (no data binding, so nothing needs reflection) and the
 * dispatcher recognises its shape: S3 notification, EventBridge, SQS (partial batch response) or S3 Batch
 * Operations. Records are isolated: a broken file, a vanished object or a failing write affects its own outcome.
 */
public class ExtractFunction {

    private static final Logger LOG = Logger.getLogger(ExtractFunction.class);

    @Inject
    EventDispatcher dispatcher;

    @Funq("extract")
    public JsonNode extract(JsonNode event) {
        // Funqy's Lambda binding does not hand over the Lambda Context, but Quarkus's poll loop puts the request id in
        // the logging MDC for the invocation; every upload's log line carries it.
        Object requestId = org.jboss.logging.MDC.get("AWSRequestId");
        ColdStart.begin(ColdStart.Span.EVENT);
        JsonNode answer = dispatcher.handle(event, requestId == null ? null : requestId.toString());
        ColdStart.end(ColdStart.Span.EVENT);
        String coldStart = ColdStart.reportOnce();
        if (coldStart != null) {
            LOG.info(coldStart); // once per process: where its start-up time went (issue #15)
        }
        return answer;
    }
}
