package io.emmeta.local;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.OutputNames;
import io.emmeta.s3.S3UploadProcessor;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Runs the function locally on an embedded S3-compatible store: S3Proxy on 127.0.0.1 backed by a folder, with
 * S3-style "ObjectCreated" notifications delivered to the same upload processor the Lambda calls (keys
 * URL-encoded exactly as S3 sends them). Upload with any S3 client, e.g.
 * {@code curl -T image.tif http://127.0.0.1:9000/uploads/image.tif}, and the documents appear beside it.
 *
 * <p>Arguments: {@code [--port 9000] [--dir local-bucket] [--bucket uploads]}. Lives in the test sources so
 * S3Proxy never ships in the function.
 */
public final class LocalRun {

    public static void main(String[] args) throws Exception {
        int port = 9000;
        Path dir = Path.of("local-bucket");
        String bucket = "uploads";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--bucket" -> bucket = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        ExecutorService notifications = Executors.newSingleThreadExecutor();
        Holder holder = new Holder();
        BlobStore store = new NotifyingBlobStore(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()),
                (b, k) -> notifications.submit(() -> holder.processor.processEventRecord(b,
                        URLEncoder.encode(k, StandardCharsets.UTF_8), "ObjectCreated:Put")));
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        S3Client client = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create()).build();
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
        holder.processor = new S3UploadProcessor(client, Extractor.standard(new ObjectMapper()), OutputNames.DEFAULT,
                30_000);
        System.out.printf("emmeta local: S3 API on http://127.0.0.1:%d, bucket '%s' stored in %s%n", port, bucket,
                dir.toAbsolutePath());
        System.out.printf("  upload:  curl -T FILE http://127.0.0.1:%d/%s/FILE%n", port, bucket);
        System.out.printf("  or:      aws --endpoint-url http://127.0.0.1:%d --no-sign-request s3 cp FILE s3://%s/%n",
                port, bucket);
        System.out.println("  Ctrl-C to stop.");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception e) {
                // stopping anyway
            }
        }));
        Thread.currentThread().join();
    }

    private static final class Holder {
        volatile S3UploadProcessor processor;
    }

    interface Listener {
        void created(String bucket, String key);
    }

    /** Emits an ObjectCreated notification after every successful put or completed multipart upload. */
    static final class NotifyingBlobStore extends ForwardingBlobStore {
        private final Listener listener;

        NotifyingBlobStore(BlobStore delegate, Listener listener) {
            super(delegate);
            this.listener = listener;
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream in) {
            PutObjectResponse r = super.putBlob(request, in);
            listener.created(request.bucket(), request.key());
            return r;
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                CompleteMultipartUploadRequest request) {
            CompleteMultipartUploadResponse r = super.completeMultipartUpload(upload, request);
            listener.created(request.bucket(), request.key());
            return r;
        }
    }
}
