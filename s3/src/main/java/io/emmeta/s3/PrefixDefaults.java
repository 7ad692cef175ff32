package io.emmeta.s3;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.UploadContext;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Context defaults per prefix: a {@value #NAME} document in any folder of the bucket applies to every upload below
 * it; the most specific folder wins field by field. Looked up by GET and cached for a while, so a burst of uploads
 * into one folder costs one lookup per folder, not one per file.
 */
public final class PrefixDefaults {

    public static final String NAME = ".emmeta.json";

    private record Cached(UploadContext context, long until) {
    }

    private final S3Client s3;
    private final ObjectMapper json;
    private final long ttlMillis;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PrefixDefaults(S3Client s3, ObjectMapper json, long ttlMillis, Clock clock) {
        this.s3 = s3;
        this.json = json;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    /** True for the defaults documents themselves: they configure uploads, they are not uploads. */
    public static boolean isDefaultsDocument(String key) {
        return key.equals(NAME) || key.endsWith("/" + NAME);
    }

    /** The merged defaults for a key: bucket root first, then each deeper folder overriding. */
    public UploadContext forKey(String bucket, String key) {
        List<String> docs = new java.util.ArrayList<>();
        int slash = -1;
        do {
            docs.add(key.substring(0, slash + 1) + NAME);
            slash = key.indexOf('/', slash + 1);
        } while (slash >= 0);
        // the folders' documents do not depend on each other: those not cached are looked up side by side, one
        // round trip however deep the key; cached ones cost no call and no thread
        boolean allCached = docs.stream().allMatch(d -> cached(bucket, d) != null);
        List<java.util.function.Supplier<UploadContext>> levels = new java.util.ArrayList<>();
        docs.forEach(d -> levels.add(() -> lookup(bucket, d)));
        UploadContext ctx = UploadContext.NONE;
        for (UploadContext level : allCached ? levels.stream().map(java.util.function.Supplier::get).toList()
                : Parallel.all(levels)) {
            ctx = ctx.overriddenBy(level);
        }
        return ctx;
    }

    private Cached cached(String bucket, String docKey) {
        Cached c = cache.get(bucket + "/" + docKey);
        return c != null && c.until() > clock.millis() ? c : null;
    }

    private UploadContext lookup(String bucket, String docKey) {
        String cacheKey = bucket + "/" + docKey;
        Cached c = cache.get(cacheKey);
        long now = clock.millis();
        if (c != null && c.until() > now) {
            return c.context();
        }
        UploadContext found = UploadContext.NONE;
        try {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(docKey)).asByteArray();
            if (bytes.length <= 64 * 1024) {
                found = UploadContext.fromJson(json.readTree(bytes));
            }
        } catch (NoSuchKeyException e) {
            // no defaults in this folder: the common case
        } catch (S3Exception e) {
            if (e.statusCode() != 404 && e.statusCode() != 403) {
                return UploadContext.NONE; // not cached: try again next time
            }
        } catch (SdkException | java.io.IOException e) {
            return UploadContext.NONE; // unreadable defaults never block an upload
        }
        cache.put(cacheKey, new Cached(found, now + ttlMillis));
        return found;
    }
}
