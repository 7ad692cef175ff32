package io.emmeta.s3;

import java.io.IOException;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

import io.emmeta.core.source.RangeFetcher;
import io.emmeta.core.source.SourceUnavailableException;

/**
 * Ranged GETs on one S3 object. Every GET is pinned to the ETag seen at HEAD time (If-Match), so an object replaced
 * while we read it fails cleanly instead of mixing two versions' bytes.
 */
public final class S3RangeFetcher implements RangeFetcher {
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String versionId;
    private final String etag;
    private final long size;

    public S3RangeFetcher(S3Client s3, String bucket, String key, String versionId, String etag, long size) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.versionId = versionId;
        this.etag = etag;
        this.size = size;
    }

    @Override
    public String name() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] fetch(long position, int length) throws IOException {
        if (length == 0) {
            return new byte[0];
        }
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(key)
                .range("bytes=" + position + "-" + (position + length - 1));
        if (versionId != null) {
            req.versionId(versionId);
        }
        if (etag != null) {
            req.ifMatch(etag);
        }
        try {
            // read straight into one array of the asked length: the SDK's byte transformer grows a buffer and copies
            // it again, three copies in flight per GET where previews fetch dozens side by side
            byte[] out = StaleConnections.retry(() -> s3.getObject(req.build(), (response, in) -> exactly(in, length)));
            if (out.length != length) {
                throw new IOException(name() + ": asked for " + length + " bytes at " + position + ", got " + out.length);
            }
            return out;
        } catch (SdkException | java.io.UncheckedIOException e) {
            throw new SourceUnavailableException(name() + ": ranged GET at " + position + " failed: " + e.getMessage(), e);
        }
    }

    /** The body, up to {@code length} bytes (a shorter body comes back shorter, and the caller says so). */
    private static byte[] exactly(java.io.InputStream in, int length) throws IOException {
        byte[] b = new byte[length];
        int n = in.readNBytes(b, 0, length);
        if (n < length) {
            return java.util.Arrays.copyOf(b, n);
        }
        if (in.read() >= 0) {
            return java.util.Arrays.copyOf(b, length + 1); // longer than asked: the caller's length check names it
        }
        return b;
    }
}
