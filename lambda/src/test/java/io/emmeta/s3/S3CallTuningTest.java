package io.emmeta.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * What our PUT looks like on the wire (issue #15), seen by a bare HTTP server: one request with the document as its
 * body, no {@code Expect: 100-continue} (which costs a whole round trip before the body goes out) and no flexible
 * checksum trailer. The SDK's defaults do both (checked here too, so that the test fails if the tuning stops
 * mattering or stops working after an SDK upgrade).
 */
class S3CallTuningTest {

    private static final byte[] BODY = "{\"document\":\"small, written once per upload\"}".getBytes(StandardCharsets.UTF_8);

    /** The request line and headers (names lower-cased) and the body of one PUT, as they arrived. */
    record Seen(Map<String, String> headers, byte[] body) {
    }

    @Test
    void configuredClientSendsOnePlainBodyWithoutWaitingForContinue() throws Exception {
        Seen seen = put(b -> S3CallTuning.configure(b.serviceConfiguration(S3CallTuning.serviceConfiguration()
                .pathStyleAccessEnabled(true).build())));
        assertFalse(seen.headers().containsKey("expect"), () -> "Expect header sent: " + seen.headers());
        assertFalse(seen.headers().containsKey("x-amz-trailer"), () -> "checksum trailer announced: " + seen.headers());
        assertFalse(seen.headers().containsKey("x-amz-sdk-checksum-algorithm"), seen.headers()::toString);
        assertFalse(seen.headers().getOrDefault("content-encoding", "").contains("aws-chunked"), seen.headers()::toString);
        assertEquals(String.valueOf(BODY.length), seen.headers().get("content-length"));
        assertArrayEquals(BODY, seen.body(), "the document itself is the body");
    }

    /** The Lambda's case: Quarkus builds the client; only the interceptor (quarkus.s3.interceptors) is ours. */
    @Test
    void interceptorAloneDropsContinueAndChecksum() throws Exception {
        Seen seen = put(b -> b.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new S3CallTuning())));
        assertFalse(seen.headers().containsKey("expect"), () -> "Expect header sent: " + seen.headers());
        assertFalse(seen.headers().containsKey("x-amz-trailer"), () -> "checksum trailer announced: " + seen.headers());
        assertFalse(seen.headers().containsKey("x-amz-sdk-checksum-algorithm"), seen.headers()::toString);
    }

    /** The SDK's own defaults, which the tuning exists to change: if they change, this says so. */
    @Test
    void sdkDefaultsWaitForContinueAndSendChecksumTrailer() throws Exception {
        Seen seen = put(b -> b.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        assertEquals("100-continue", seen.headers().get("expect"));
        assertTrue(seen.headers().containsKey("x-amz-trailer"), seen.headers()::toString);
    }

    private static Seen put(java.util.function.UnaryOperator<S3ClientBuilder> configure) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Seen> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    return answer(s);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            S3ClientBuilder builder = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:"
                    + server.getLocalPort())).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                    .httpClient(UrlConnectionHttpClient.create());
            try (S3Client s3 = configure.apply(builder).build()) {
                s3.putObject(r -> r.bucket("b").key("x.tif.metadata.json").contentType("application/json"),
                        RequestBody.fromBytes(BODY));
            }
            return seen.get(10, TimeUnit.SECONDS);
        }
    }

    /** Reads one request (answering an Expect with 100 Continue, as S3 does) and answers 200. */
    private static Seen answer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        Map<String, String> headers = new TreeMap<>();
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        out.write(("HTTP/1.1 200 OK\r\nETag: \"e\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new Seen(headers, body);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
