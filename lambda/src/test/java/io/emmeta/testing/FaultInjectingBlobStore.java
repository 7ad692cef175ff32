package io.emmeta.testing;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The loopback S3 server's fault hook: for a key, the next N HEAD / GET / PUT calls answer with an HTTP error
 * (503 SlowDown-style, 500) instead of the real result. Real server, real HTTP, real client retries.
 */
public final class FaultInjectingBlobStore extends ForwardingBlobStore {

    public enum Op { HEAD, GET, PUT }

    private record Fault(AtomicInteger remaining, int status) {
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public FaultInjectingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    /** The next {@code times} calls of {@code op} on {@code key} fail with {@code status}. */
    public void fail(Op op, String key, int times, int status) {
        faults.put(op + " " + key, new Fault(new AtomicInteger(times), status));
    }

    public void clear() {
        faults.clear();
        calls.clear();
    }

    /** How many calls of {@code op} on {@code key} reached the server (failed or not). */
    public int calls(Op op, String key) {
        AtomicInteger n = calls.get(op + " " + key);
        return n == null ? 0 : n.get();
    }

    private void maybeFail(Op op, String key) {
        calls.computeIfAbsent(op + " " + key, k -> new AtomicInteger()).incrementAndGet();
        Fault f = faults.get(op + " " + key);
        if (f != null && f.remaining().getAndDecrement() > 0) {
            throw S3Exceptions.fromStatusCode(f.status());
        }
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        maybeFail(Op.HEAD, request.key());
        return super.blobMetadata(request);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        maybeFail(Op.GET, request.key());
        return super.getBlob(request);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream in) {
        maybeFail(Op.PUT, request.key());
        return super.putBlob(request, in);
    }
}
