package io.emmeta.s3;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkInternalExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
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
 * <p>Two more jobs for the cold start (issue #15), since every call of ours passes here: {@link #rehearse} sends a GET
 * and a PUT through the client's whole request path (endpoint rules, marshalling, credentials, signing, interceptors)
 * and stops them just before the wire, so that a fresh process does that one-time work before its first event; and
 * the first real GET and PUT are timed in two parts for {@link ColdStart}: up to the wire ({@code getPrep},
 * {@code putPrep}) and on it ({@code getWire}, {@code putWire}: connection, request, the server's answer's head).
 */
public final class S3CallTuning implements ExecutionInterceptor {

    /** Marks a rehearsal's calls: stopped before they are sent ({@link #beforeTransmission}). */
    static final ExecutionAttribute<Boolean> REHEARSAL = new ExecutionAttribute<>("emmeta.rehearsal");

    /** Why a rehearsal's call stopped (not an I/O failure: the SDK does not retry it). */
    static final class Rehearsed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rehearsed() {
            super("rehearsal: stopped before the wire", null, false, false);
        }
    }

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
        ColdStart.Span prep = prepSpan(context.request(), attributes);
        if (prep != null) {
            ColdStart.begin(prep);
        }
    }

    /**
     * A rehearsal's call ends here, after signing: everything the SDK does once per process on a request's way out
     * has been done. A real first GET or PUT ends its preparation and starts its time on the wire.
     */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(REHEARSAL))) {
            throw new Rehearsed();
        }
        ColdStart.Span prep = prepSpan(context.request(), attributes);
        if (prep != null) {
            ColdStart.end(prep);
            ColdStart.begin(prep == ColdStart.Span.GET_PREP ? ColdStart.Span.GET_WIRE : ColdStart.Span.PUT_WIRE);
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        ColdStart.Span prep = prepSpan(context.request(), attributes);
        if (prep != null) {
            ColdStart.end(prep == ColdStart.Span.GET_PREP ? ColdStart.Span.GET_WIRE : ColdStart.Span.PUT_WIRE);
        }
    }

    /** The cold-start span of a real (not rehearsed) GET or PUT's preparation; null for other calls. */
    private static ColdStart.Span prepSpan(Object request, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(REHEARSAL))) {
            return null;
        }
        return request instanceof GetObjectRequest ? ColdStart.Span.GET_PREP
                : request instanceof PutObjectRequest ? ColdStart.Span.PUT_PREP : null;
    }

    /**
     * Runs a ranged GET and a small PUT, like the first upload's, through the client's request path and stops each just
     * before it would be sent: nothing reaches the store. Only for a client that has this interceptor (it does the
     * stopping); another client is left alone. Returns how many of the two calls were stopped here as planned.
     */
    public static int rehearse(S3Client s3) {
        if (!hasThisInterceptor(s3)) {
            return 0;
        }
        Consumer<AwsRequestOverrideConfiguration.Builder> rehearsal = c -> c.putExecutionAttribute(REHEARSAL, true);
        int stopped = 0;
        stopped += stoppedHere(() -> s3.getObjectAsBytes(GetObjectRequest.builder().bucket("emmeta-rehearsal")
                .key("rehearsal.tif").range("bytes=0-16383").overrideConfiguration(rehearsal).build()));
        stopped += stoppedHere(() -> s3.putObject(PutObjectRequest.builder().bucket("emmeta-rehearsal")
                .key("rehearsal.tif.metadata.json").contentType("application/json")
                .metadata(java.util.Map.of("emmeta-output", "rehearsal")).overrideConfiguration(rehearsal).build(),
                RequestBody.fromBytes("{\"rehearsal\":true}".getBytes(StandardCharsets.UTF_8))));
        return stopped;
    }

    private static int stoppedHere(Runnable call) {
        try {
            call.run();
            return 0;
        } catch (RuntimeException e) {
            // the SDK passes an interceptor's exception on as it is (some versions wrap it): look along the causes
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Rehearsed) {
                    return 1;
                }
            }
            return 0;
        }
    }

    private static boolean hasThisInterceptor(S3Client s3) {
        try {
            return s3.serviceClientConfiguration().overrideConfiguration().executionInterceptors().stream()
                    .anyMatch(i -> i instanceof S3CallTuning);
        } catch (RuntimeException e) {
            return false;
        }
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
