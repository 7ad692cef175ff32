package io.emmeta.s3;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Which of several neighbouring keys exist, from one LIST of their longest common prefix instead of a HEAD per name:
 * an upload's possible sidecar partners and its own documents ({@code x.tif}, {@code x.txt}, {@code x.hdr},
 * {@code x.tif.extraction.json} all start with {@code x.}). LIST also gives each object's ETag and size, which is
 * all a partner's ranged reads need. Keys under other prefixes or in another bucket are not {@link #covers covered}:
 * the caller asks about those as before.
 */
final class PrefixListing {

    /** Pages read at most: a prefix shared by more than this many thousand keys is answered by HEADs instead. */
    private static final int MAX_PAGES = 4;

    private final String bucket;
    private final String prefix;
    private final Map<String, S3Object> found;

    private PrefixListing(String bucket, String prefix, Map<String, S3Object> found) {
        this.bucket = bucket;
        this.prefix = prefix;
        this.found = found;
    }

    /**
     * Lists the common prefix of {@code wanted} (keys in {@code bucket}); keeps only those keys. Null when the prefix
     * holds too many keys to list cheaply (then nothing is known). Failures of the LIST are thrown.
     */
    static PrefixListing of(S3Client s3, String bucket, Collection<String> wanted) {
        String prefix = commonPrefix(wanted);
        byte[] last = wanted.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).max(Arrays::compareUnsigned)
                .orElseThrow();
        Map<String, S3Object> found = new HashMap<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
            if (token != null) {
                req.continuationToken(token);
            }
            ListObjectsV2Response resp = StaleConnections.retry(() -> s3.listObjectsV2(req.build()));
            String lastListed = null;
            for (S3Object o : resp.contents()) {
                if (wanted.contains(o.key())) {
                    found.put(o.key(), o);
                }
                lastListed = o.key();
            }
            // keys come in UTF-8 byte order: past the greatest wanted key, the rest cannot matter
            boolean past = lastListed != null
                    && Arrays.compareUnsigned(lastListed.getBytes(StandardCharsets.UTF_8), last) >= 0;
            if (!Boolean.TRUE.equals(resp.isTruncated()) || past) {
                return new PrefixListing(bucket, prefix, found);
            }
            token = resp.nextContinuationToken();
        }
        return null;
    }

    /** True when this listing answers whether {@code key} exists in {@code bucket}. */
    boolean covers(String bucket, String key) {
        return this.bucket.equals(bucket) && key.startsWith(prefix);
    }

    /** The listed object, or null when it does not exist (only meaningful where {@link #covers}). */
    S3Object get(String key) {
        return found.get(key);
    }

    /** True when the listing shows that {@code key} in {@code bucket} does not exist. */
    boolean absent(String bucket, String key) {
        return covers(bucket, key) && !found.containsKey(key);
    }

    static String commonPrefix(Collection<String> keys) {
        String p = null;
        for (String k : keys) {
            if (p == null) {
                p = k;
                continue;
            }
            int n = 0;
            while (n < p.length() && n < k.length() && p.charAt(n) == k.charAt(n)) {
                n++;
            }
            // never split a surrogate pair: the prefix must stay valid UTF-8
            if (n > 0 && Character.isHighSurrogate(p.charAt(n - 1))) {
                n--;
            }
            p = p.substring(0, n);
        }
        return p == null ? "" : p;
    }
}
