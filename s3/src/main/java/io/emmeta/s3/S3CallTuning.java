package io.emmeta.s3;

import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkInternalExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * How our S3 calls go on the wire, in one place for every client that runs the chain (the Lambda's, through
 * {@code quarkus.s3.interceptors}; the CLI's, the local runner's and the benchmark's, through {@link #configure}). Our
 * PUTs are small documents written once per upload, where every round trip costs 20–60 ms (issue #15):
 * <ul>
 * <li><b>No {@code Expect: 100-continue}.</b> The SDK asks for it on every PutObject so that a large body is not sent
 * to a server that will refuse it; the client then waits a whole round trip for {@code 100 Continue} before sending a
 * few kilobytes. Without it a PUT is one round trip. A refused PUT costs the same either way: its body is small.</li>
 * <li><b>Request checksums only where S3 requires them</b> (PutObject does not). The SDK's default (since 2.30) computes a CRC32 of every
 * PUT body and sends the body {@code aws-chunked}, the checksum in a trailer after it: the body goes out in more
 * pieces, and a trailing piece may wait for the first one's acknowledgement (Nagle) on a connection the URL-connection
 * client cannot set {@code TCP_NODELAY} on. TLS already guards the bytes in transit; S3 still gets a
 * {@code Content-Length} and, over plain HTTP, a signed payload hash.</li>
 * </ul>
 * <li><b>No {@code aws-chunked} bodies over plain HTTP</b> ({@link #serviceConfiguration}, and
 * {@code quarkus.s3.chunked-encoding=false}): over HTTPS, real S3's case, the SDK sends the body as it is; over plain
 * HTTP (an S3-compatible store, the local runner, the benchmark) it would sign it chunk by chunk in many small
 * writes. A whole-body signature makes the plain-HTTP PUT the same single body as the HTTPS one.</li>
 * </ul>
 * Responses: ranged GETs have no whole-object checksum to validate, so there is nothing to turn off there. The Lambda's
 * client is built by Quarkus: {@code application.properties} names this class and the chunked-encoding setting.
 *
 * <p>One more job for the cold start (issue #15), since every call of ours passes here: the first GET and the first PUT
 * are timed in two parts for {@link ColdStart}: the SDK's work before the wire ({@code getPrep}, {@code putPrep}:
 * endpoint rules, marshalling, signing) and the time on it ({@code getWire}, {@code putWire}: connection, request, the
 * response's head). Measured natively, the first part is 2-6 ms: the SDK's request path is not what a cold start
 * waits for.
 */
public final class S3CallTuning implements ExecutionInterceptor {

    /** Public and without arguments: Quarkus creates it from its class name ({@code quarkus.s3.interceptors}). */
    public S3CallTuning() {
    }

    /**
     * A client builder with the same settings: request checksums when required only, and this interceptor added to
     * those the builder already has (whenever this is called).
     */
    public static S3ClientBuilder configure(S3ClientBuilder builder) {
        return builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).overrideConfiguration(
                builder.overrideConfiguration().toBuilder().addExecutionInterceptor(new S3CallTuning()).build());
    }

    /** The S3 service settings of our clients, for the caller to add its own (path-style access) to. */
    public static S3Configuration.Builder serviceConfiguration() {
        return S3Configuration.builder().chunkedEncodingEnabled(false);
    }

    /**
     * For clients built elsewhere (Quarkus's), where the builder is out of reach: the setting the SDK reads for this
     * call, taken before it decides on a checksum.
     */
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(SdkInternalExecutionAttribute.REQUEST_CHECKSUM_CALCULATION,
                RequestChecksumCalculation.WHEN_REQUIRED);
        ColdStart.Span prep = prepSpan(context.request());
        if (prep != null) {
            ColdStart.begin(prep);
        }
    }

    /** The first GET or PUT has been marshalled and signed: its preparation ends, its time on the wire starts. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        ColdStart.Span prep = prepSpan(context.request());
        if (prep != null) {
            ColdStart.end(prep);
            ColdStart.begin(prep == ColdStart.Span.GET_PREP ? ColdStart.Span.GET_WIRE : ColdStart.Span.PUT_WIRE);
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        ColdStart.Span prep = prepSpan(context.request());
        if (prep != null) {
            ColdStart.end(prep == ColdStart.Span.GET_PREP ? ColdStart.Span.GET_WIRE : ColdStart.Span.PUT_WIRE);
        }
    }

    /** The cold-start span of a GET or PUT's preparation; null for other calls. */
    private static ColdStart.Span prepSpan(Object request) {
        return request instanceof GetObjectRequest ? ColdStart.Span.GET_PREP
                : request instanceof PutObjectRequest ? ColdStart.Span.PUT_PREP : null;
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        if (request.firstMatchingHeader("Expect").isEmpty()) {
            return request;
        }
        return request.toBuilder().removeHeader("Expect").build();
    }
}
