package io.emmeta.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The cold start's rehearsal (issue #15): a GET and a PUT go through the client's request path up to the wire, signed,
 * and nothing reaches the store, once each (the stop is not retried); a client without the interceptor is left alone.
 */
class S3CallTuningRehearsalTest {

    /** Records the operations that got as far as signing, and whether each carried a signature. */
    static final class Seen implements ExecutionInterceptor {
        final List<String> signed = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            boolean hasSignature = context.httpRequest().firstMatchingHeader("Authorization")
                    .filter(a -> a.startsWith("AWS4-HMAC-SHA256")).isPresent();
            signed.add(context.request().getClass().getSimpleName() + (hasSignature ? " signed" : " unsigned"));
        }
    }

    @Test
    void stopsAGetAndAPutAfterSigningAndSendsNothing() throws Exception {
        Seen seen = new Seen();
        try (ServerSocket store = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                S3Client s3 = client(store, b -> b.overrideConfiguration(c -> c.addExecutionInterceptor(seen)
                        .addExecutionInterceptor(new S3CallTuning())))) {
            assertEquals(2, S3CallTuning.rehearse(s3));
            assertEquals(List.of("GetObjectRequest signed", "PutObjectRequest signed"), seen.signed,
                    "each call signed, and stopped the first time (no retry)");
            assertNull(connection(store), "a rehearsal sends nothing to the store");
        }
    }

    @Test
    void leavesAClientWithoutTheInterceptorAlone() throws Exception {
        Seen seen = new Seen();
        try (ServerSocket store = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                S3Client s3 = client(store, b -> b.overrideConfiguration(c -> c.addExecutionInterceptor(seen)))) {
            assertEquals(0, S3CallTuning.rehearse(s3));
            assertEquals(List.of(), seen.signed);
            assertNull(connection(store));
        }
    }

    private static S3Client client(ServerSocket store, java.util.function.UnaryOperator<S3ClientBuilder> configure) {
        return configure.apply(S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + store.getLocalPort())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create())).build();
    }

    /** A connection the store received within a short wait, or null. */
    private static Socket connection(ServerSocket store) throws Exception {
        store.setSoTimeout(300);
        try {
            return store.accept();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }
}
