package io.emmeta.testing;

import java.net.URI;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** A real S3 API on 127.0.0.1 (S3Proxy, in-process, in-memory), with signature checking on. */
public final class LoopbackS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "emmeta-test";
    public static final String SECRET_KEY = "emmeta-test-secret";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final URI endpoint;

    private LoopbackS3(S3Proxy proxy) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public static LoopbackS3 start() throws Exception {
        return start(new TransientNio2BlobStore());
    }

    public static LoopbackS3 start(BlobStore store) throws Exception {
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        return new LoopbackS3(proxy);
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return client(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor[0]);
    }

    /** A client whose calls also pass the given interceptors (to count or time them). */
    public S3Client client(software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
        return StaleSafeS3.wrap(S3Client.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(c -> java.util.Arrays.stream(interceptors).forEach(c::addExecutionInterceptor))
                .httpClient(UrlConnectionHttpClient.create()).build());
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
