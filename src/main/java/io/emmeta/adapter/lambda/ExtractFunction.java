package io.emmeta.adapter.lambda;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.emmeta.s3.EventDispatcher;
import io.quarkus.funqy.Funq;

/**
 * The Lambda entry point. The event arrives as a JSON tree (no data binding, so nothing needs reflection) and the
 * dispatcher recognises its shape: S3 notification, EventBridge, SQS (partial batch response) or S3 Batch
 * Operations. Records are isolated: a broken file, a vanished object or a failing write affects its own outcome.
 */
public class ExtractFunction {

    @Inject
    EventDispatcher dispatcher;

    @Funq("extract")
    public JsonNode extract(JsonNode event) {
        // Funqy's Lambda binding does not hand over the Lambda Context (its request context stays empty), so the
        // log lines carry the trace id the runtime publishes instead of the request id.
        return dispatcher.handle(event, System.getProperty("com.amazonaws.xray.traceHeader"));
    }
}
