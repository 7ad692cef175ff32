package io.emmeta.testing;

import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * A test's own S3 client, every call of it given the production code's cure for a kept-alive connection the loopback
 * server has already closed ({@link io.emmeta.s3.StaleConnections}): one more attempt on a fresh connection. Without
 * it a test's setup call (an upload, a listing) fails at random when the connection it picks has sat idle past the
 * server's timeout, which is a fact about the test harness, not about the function under test.
 */
public final class StaleSafeS3 {
    private StaleSafeS3() {
    }

    public static S3Client wrap(S3Client client) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] { S3Client.class },
                (proxy, method, args) -> {
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        if (!(e.getCause() instanceof UncheckedIOException)) {
                            throw e.getCause();
                        }
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
