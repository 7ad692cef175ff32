package io.emmeta.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the loopback S3 server before Quarkus and points the function's S3 client at it. */
public class LoopbackS3Resource implements QuarkusTestResourceLifecycleManager {

    private static LoopbackS3 s3;
    private static FaultInjectingBlobStore faults;
    private static FaultyTcpProxy proxy;

    /** The TCP proxy the function's S3 client goes through (resets, stalls). */
    public static FaultyTcpProxy proxy() {
        return proxy;
    }

    public static LoopbackS3 server() {
        return s3;
    }

    /** The server's fault hook (inactive until a test programs it). */
    public static FaultInjectingBlobStore faults() {
        return faults;
    }

    @Override
    public Map<String, String> start() {
        try {
            faults = new FaultInjectingBlobStore(new org.gaul.s3proxy.nio2blob.TransientNio2BlobStore());
            s3 = LoopbackS3.start(faults);
            proxy = new FaultyTcpProxy(s3.endpoint().getPort());
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start: " + e.getMessage(), e);
        }
        return Map.of(
                // the function reaches the store through the fault-injecting TCP proxy; tests talk to it directly
                "quarkus.s3.endpoint-override", "http://127.0.0.1:" + proxy.port(),
                "quarkus.s3.sync-client.socket-timeout", "1S",
                "quarkus.s3.api-call-attempt-timeout", "2S",
                "quarkus.s3.path-style-access", "true",
                "quarkus.s3.aws.region", LoopbackS3.REGION,
                "quarkus.s3.aws.credentials.type", "static",
                "quarkus.s3.aws.credentials.static-provider.access-key-id", LoopbackS3.ACCESS_KEY,
                "quarkus.s3.aws.credentials.static-provider.secret-access-key", LoopbackS3.SECRET_KEY);
    }

    @Override
    public void stop() {
        try {
            if (proxy != null) {
                proxy.close();
            }
            if (s3 != null) {
                s3.close();
            }
        } catch (Exception e) {
            // the JVM ends right after
        }
    }
}
