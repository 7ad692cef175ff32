package io.emmeta.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import io.emmeta.testing.LoopbackS3;

/**
 * The benchmark's S3 server: S3Proxy over a folder, in a process of its own so that its memory is not counted as the
 * function's. Each sub-folder of the root is a bucket; the benchmark writes its (sparse) files straight into it.
 * Prints {@code port=N} once serving, and stops when its standard input closes (when the benchmark ends).
 *
 * <p>Arguments: {@code ROOT}.
 */
public final class BenchS3Server {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(root);
        S3Proxy proxy = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(root.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, LoopbackS3.ACCESS_KEY, LoopbackS3.SECRET_KEY)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        System.out.println("port=" + proxy.getPort());
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // wait for the parent to go away
            }
        } catch (IOException ignored) {
            // parent gone
        }
        proxy.stop();
        System.exit(0);
    }
}
