package io.emmeta.s3;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emmeta.core.BoundedExtractor;
import io.emmeta.core.Extractor;
import io.emmeta.core.SidecarNames;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.OutputNames;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.source.CachingByteSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One upload, start to end: recursion guard, HEAD, ranged extraction, the two documents written beside the object,
 * one JSON log line. Documents follow their objects: a removed object's documents are removed, content that yields no
 * schema document removes the previous content's one, and events older than our documents are skipped (see
 * {@link #remove} and {@link #process(String, List, ObjectEvent)}). Framework-free; the Lambda adapter and the local runner both call it.
 */
public final class S3UploadProcessor {

    /** User metadata we put on our own outputs: the recursion guard's second test. */
    public static final String OUTPUT_MARKER = "emmeta-output";
    /** User metadata on our outputs: the source object's ETag and version they were made from (idempotency). */
    public static final String SOURCE_ETAG = "emmeta-source-etag";
    public static final String SOURCE_VERSION = "emmeta-source-version";
    /** The sidecar's ETag when a pair was extracted: a sidecar arriving later makes the pair "changed". */
    public static final String SIDECAR_ETAG = "emmeta-sidecar-etag";
    /**
     * The S3 sequencer of the newest event for this key that our documents reflect: an event (upload or removal)
     * with an older sequencer is skipped.
     */
    public static final String SOURCE_SEQUENCER = "emmeta-source-sequencer";

    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
    /** S3's limit on a key's UTF-8 length. */
    static final int MAX_KEY_BYTES = 1024;

    private final S3Client s3;
    private final Extractor extractor;
    private final OutputNames names;
    private final ProcessorSettings settings;
    private final BoundedExtractor bounded;
    private final ObjectMapper pretty;
    private final PrefixDefaults defaults;
    private volatile java.util.function.Consumer<String> logSink = line -> System.out.println(line);

    public S3UploadProcessor(S3Client s3, Extractor extractor, OutputNames names, long timeoutMillis) {
        this(s3, extractor, new ProcessorSettings(names, null, "", true, true, timeoutMillis,
                ProcessorSettings.DEFAULT.maxObjectSize(), true, ProcessorSettings.DEFAULT.prefixDefaultsTtl()));
    }

    public S3UploadProcessor(S3Client s3, Extractor extractor, ProcessorSettings settings) {
        this.s3 = s3;
        this.extractor = extractor;
        this.settings = settings;
        this.names = settings.names();
        this.bounded = new BoundedExtractor(extractor, settings.timeoutMillis());
        this.pretty = extractor.json().copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.defaults = new PrefixDefaults(s3, extractor.json(), settings.prefixDefaultsTtl(),
                java.time.Clock.systemUTC());
    }

    public OutputNames names() {
        return names;
    }

    /**
     * Does ahead of the first upload what that upload would otherwise do on its way, without any call to the store
     * (issue #15): Jackson builds its serialisers for the extraction record and the log line on first use (by
     * introspecting their classes) and its parser on the first parse; the client resolves its first endpoint. Nothing is
     * read or written. A failure here is ignored: the first upload meets it again and reports it.
     */
    public void warmUp() {
        try {
            ExtractionRecord rec = Extractor.failed(SourceInfo.s3("warm-up", "warm-up", 0L, null, null),
                    ErrorCode.SOURCE_UNAVAILABLE, "warm-up", 0, 0, 0).record();
            pretty.writeValueAsBytes(rec);
            extractor.json().valueToTree(UploadOutcome.skipped("warm-up", "warm-up", "warm-up"));
            extractor.json().readTree("{\"warm\":[1,2.5,\"up\",true,null]}");
            s3.utilities().getUrl(b -> b.bucket("warm-up").key("warm-up"));
        } catch (JsonProcessingException | RuntimeException e) {
            // only a head start
        }
    }

    public ProcessorSettings settings() {
        return settings;
    }

    /**
     * One record of an S3 event notification: the key arrives URL-encoded ('+' for space). ObjectCreated events are
     * uploads, ObjectRemoved events remove the object's documents; others are skipped. Never throws: whatever goes
     * wrong stays with this record's outcome.
     */
    public UploadOutcome processEventRecord(String bucket, String encodedKey, String eventName) {
        return processEventRecord(bucket, encodedKey, eventName, null, null);
    }

    /**
     * The same, with the record's {@code s3.object.versionId} and {@code s3.object.sequencer} (either may be null):
     * an event older than the one our documents were made from is skipped, never applied.
     */
    public UploadOutcome processEventRecord(String bucket, String encodedKey, String eventName, String versionId,
            String sequencer) {
        String key = encodedKey;
        try {
            key = encodedKey == null ? null : URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
            ObjectEvent event = new ObjectEvent(eventName, versionId, sequencer);
            if (event.isRemoval()) {
                return remove(bucket, List.of(key == null ? "" : key), event);
            }
            if (!event.isCreation()) {
                return log(UploadOutcome.skipped(bucket, key, "event " + eventName + " is not an upload or a removal"));
            }
            return process(bucket, List.of(key == null ? "" : key), event);
        } catch (RuntimeException e) {
            // a bug, never a property of the file: the stack goes to the log, the cause into the outcome
            // the JDK's platform logger: this module has no framework; in the Lambda it lands in JBoss LogManager
            System.getLogger(S3UploadProcessor.class.getName()).log(System.Logger.Level.ERROR,
                    "INTERNAL error for " + bucket + "/" + key, e);
            Throwable cause = e.getCause();
            return log(UploadOutcome.failed(bucket, key, ErrorCode.INTERNAL.name(),
                    e.getClass().getSimpleName() + ": " + e.getMessage()
                            + (cause == null ? "" : " (" + cause.getClass().getName() + ": " + cause.getMessage() + ")")));
        }
    }

    /** One upload by its (decoded) key. */
    public UploadOutcome process(String bucket, String key) {
        return process(bucket, List.of(key == null ? "" : key));
    }

    /**
     * One upload whose key may be spelled more than one way (EventBridge and Batch Operations keys: as given, or
     * URL-decoded): the first spelling that exists is the object.
     */
    public UploadOutcome process(String bucket, List<String> candidateKeys) {
        return process(bucket, candidateKeys, ObjectEvent.NONE);
    }

    /** Why the current object was checked or extracted again (a removal, a sidecar's change): starts its log line. */
    private static final ThreadLocal<String> CAUSE = new ThreadLocal<>();

    /**
     * One upload, with what its event says about order. The object extracted is always the current one (HEAD without
     * a version): a late event for an older version never brings that version's content back. An event whose
     * sequencer is older than the one recorded on our documents is skipped.
     */
    public UploadOutcome process(String bucket, List<String> candidateKeys, ObjectEvent event) {
        try {
            // First wave, side by side: the object's first bytes (which also say its size, ETag, version and user
            // metadata: no HEAD), one LIST of its neighbours (pair partners, our documents) and the prefix defaults.
            FirstWave wave = startFirstWave(bucket, candidateKeys);
            Located upload = locate(bucket, candidateKeys);
            PrefixListing neighbours = wave.listingFor(upload.key);
            // Sidecar pairs: whichever half arrives second completes the pair, and the documents go beside the image.
            if (SidecarNames.isSidecarName(upload.key)) {
                for (String image : SidecarNames.imagesOf(upload.key)) {
                    if (exists(bucket, image, neighbours)) {
                        return process(bucket, List.of(image), event.forOtherKey());
                    }
                }
            }
            Located sidecar = sidecarOf(bucket, upload.key, neighbours);
            String sequencer = sequencerIfDue(bucket, upload, sidecar, event, wave.recordFor(upload.key, neighbours));
            checkLimits(bucket, upload);
            ColdStart.begin(ColdStart.Span.EXTRACTION);
            Extractor.Result result = extract(bucket, upload, sidecar, wave.contextFor(upload.key));
            ColdStart.end(ColdStart.Span.EXTRACTION);
            // Out-of-order guard: content replaced or removed while it was read is not written over newer documents.
            // Every GET after the first is pinned to the first one's ETag (If-Match), so a replacement during the read
            // fails the read: only then is the object asked about again, which costs the usual upload no call.
            boolean readFailed = result.record().errors().stream().anyMatch(p -> p.code() == ErrorCode.SOURCE_UNAVAILABLE);
            String moved = readFailed ? changedSince(bucket, upload.key, upload.head) : null;
            if (moved != null) {
                throw new Stop(UploadOutcome.skipped(bucket, upload.key, moved + " while it was read; nothing written"
                        + " (the newer event handles it)"));
            }
            ColdStart.begin(ColdStart.Span.PUT);
            Written written = write(bucket, upload, sidecar, sequencer, result, neighbours);
            ColdStart.end(ColdStart.Span.PUT);
            return log(outcome(bucket, upload.key, written));
        } catch (Stop stop) {
            return log(stop.outcome);
        }
    }

    /**
     * The calls of the first wave that do not need the object's first bytes, started before the first read: one LIST
     * of the key's neighbours when its name can be half of a pair (else the extraction record's HEAD, for the
     * unchanged check), and the prefix defaults. For the first spelling of the key only (the one that nearly always
     * exists); another spelling asks as it goes.
     */
    private final class FirstWave {
        private final String bucket;
        private final String key;
        private final CompletableFuture<PrefixListing> listing;
        private final CompletableFuture<Map<String, String>> record;
        private final CompletableFuture<UploadContext> context;

        FirstWave(String bucket, String key, CompletableFuture<PrefixListing> listing,
                CompletableFuture<Map<String, String>> record, CompletableFuture<UploadContext> context) {
            this.bucket = bucket;
            this.key = key;
            this.listing = listing;
            this.record = record;
            this.context = context;
        }

        PrefixListing listingFor(String located) {
            return located.equals(key) && listing != null ? Parallel.join(listing) : listNeighbours(bucket, located);
        }

        /** The extraction record's user metadata: from the first wave's HEAD, or none when the LIST shows no record. */
        Map<String, String> recordFor(String located, PrefixListing neighbours) {
            if (located.equals(key) && record != null) {
                return Parallel.join(record);
            }
            if (neighbours != null && neighbours.absent(settings.documentBucket(bucket), settings.extractionKey(located))) {
                return null; // no record yet: the first event for this object, the usual case, costs no call here
            }
            return recordMetadata(bucket, located);
        }

        UploadContext contextFor(String located) {
            return located.equals(key) && context != null ? Parallel.join(context) : contextOf(bucket, located);
        }
    }

    private FirstWave startFirstWave(String bucket, List<String> candidateKeys) {
        String key = candidateKeys.isEmpty() ? null : candidateKeys.get(0);
        if (bucket == null || bucket.isBlank() || key == null || key.isBlank() || PrefixDefaults.isDefaultsDocument(key)
                || settings.isOutput(key)) {
            return new FirstWave(bucket, "", null, null, null); // locate stops on these before any call
        }
        if (isPairName(key)) {
            return new FirstWave(bucket, key, Parallel.start(() -> listNeighbours(bucket, key)), null,
                    Parallel.start(() -> contextOf(bucket, key)));
        }
        return new FirstWave(bucket, key, null, Parallel.start(() -> recordMetadata(bucket, key)),
                Parallel.start(() -> contextOf(bucket, key)));
    }

    private static boolean isPairName(String key) {
        return SidecarNames.isSidecarName(key) || SidecarNames.isImageName(key);
    }

    private UploadContext contextOf(String bucket, String key) {
        return settings.prefixDefaults() ? defaults.forKey(bucket, key) : UploadContext.NONE;
    }

    /**
     * One LIST answering, for an upload that can be half of a pair, which partners exist (by the sidecar rules'
     * names, {@link SidecarNames}) and whether our documents for it and for its partners exist. Null when the name
     * pairs with nothing, or the LIST fails or would be long: then each name is asked by HEAD, as it always could be.
     */
    private PrefixListing listNeighbours(String bucket, String key) {
        if (!isPairName(key)) {
            return null;
        }
        java.util.Set<String> wanted = new java.util.LinkedHashSet<>();
        wanted.add(key);
        List<String> partners = new java.util.ArrayList<>();
        if (SidecarNames.isSidecarName(key)) {
            partners.addAll(SidecarNames.imagesOf(key));
        }
        if (SidecarNames.isImageName(key)) {
            partners.addAll(SidecarNames.sidecarsOf(key));
        }
        wanted.addAll(partners);
        if (settings.documentBucket(bucket).equals(bucket)) {
            for (String k : wanted.toArray(String[]::new)) {
                wanted.add(settings.extractionKey(k));
                wanted.add(settings.metadataKey(k));
            }
        }
        try {
            return PrefixListing.of(s3, bucket, wanted);
        } catch (SdkException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    /** Whether {@code key} exists: from the LIST when it covers the key, else by HEAD. */
    private boolean exists(String bucket, String key, PrefixListing neighbours) {
        if (neighbours != null && neighbours.covers(bucket, key)) {
            return neighbours.get(key) != null;
        }
        return headOrNull(bucket, key) != null;
    }

    /** Processing ended early with this outcome (skipped, or failed before anything was written). */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        final transient UploadOutcome outcome;

        Stop(UploadOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /**
     * An object found by its first ranged GET (or, when that failed, by HEAD): its key as it exists, what S3 said of
     * it (size, ETag, version, user metadata, in HEAD's shape), and the bytes that GET brought (null after a HEAD).
     */
    private record Located(String key, HeadObjectResponse head, byte[] firstBytes) {
        Located(String key, HeadObjectResponse head) {
            this(key, head, null);
        }

        long size() {
            return head.contentLength() == null ? 0 : head.contentLength();
        }
    }

    /**
     * The first read's length: twice the cache's read-ahead. Over S3 a request costs its latency (20-60 ms to the
     * first byte) and is billed per call, while 16 KiB more is well under a millisecond of transfer; measured over the
     * corpus (ReadTrace with {@code -Dtrace.first}), 32 KiB instead of 16 saves 60 of 688 GETs and 41 of 366
     * sequential rounds for 11 % more bytes (a Zeiss TIFF's CZ_SEM block, a JEOL or EDAX header, an HDF5 file's
     * first levels end just past 16 KiB), where 64 KiB would save 28 rounds more for 24 % more bytes again.
     */
    public static final int FIRST_READ = 2 * CachingByteSource.DEFAULT_READ_AHEAD;

    /** The first spelling of the key that exists and is an upload (not a defaults document, not one of our outputs). */
    private Located locate(String bucket, List<String> candidateKeys) throws Stop {
        String key = candidateKeys.isEmpty() ? null : candidateKeys.get(0);
        if (bucket == null || bucket.isBlank() || key == null || key.isBlank()) {
            throw new Stop(UploadOutcome.failed(bucket, key, "BAD_EVENT", "event record without bucket or key"));
        }
        Located located = null;
        for (String candidate : new java.util.LinkedHashSet<>(candidateKeys)) {
            key = candidate;
            if (PrefixDefaults.isDefaultsDocument(key)) {
                throw new Stop(UploadOutcome.skipped(bucket, key, "context defaults document, not an upload"));
            }
            if (settings.isOutput(key)) {
                throw new Stop(UploadOutcome.skipped(bucket, key, "own output (by its name)"));
            }
            ColdStart.begin(ColdStart.Span.FIRST_GET);
            located = firstRead(bucket, key);
            ColdStart.end(ColdStart.Span.FIRST_GET);
            if (located != null) {
                break;
            }
        }
        if (located == null) {
            throw new Stop(UploadOutcome.skipped(bucket, candidateKeys.get(0), "object no longer exists"));
        }
        Map<String, String> meta = located.head.metadata();
        if (meta != null && meta.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(OUTPUT_MARKER))) {
            throw new Stop(UploadOutcome.skipped(bucket, key, "own output (" + OUTPUT_MARKER + " metadata)"));
        }
        return located;
    }

    /**
     * The object's first {@value #FIRST_READ} bytes by a ranged GET of the current version, whose response also
     * carries what HEAD would say (the total size in Content-Range). Null when the object does not exist (404, or a
     * delete marker). Any other failure, and an empty object (which has no byte 0 to range over), is left to HEAD,
     * as before this first read existed: so a store fault is typed the same way whichever call meets it.
     */
    private Located firstRead(String bucket, String key) throws Stop {
        try {
            ResponseBytes<GetObjectResponse> got = StaleConnections.retry(() -> s3.getObjectAsBytes(GetObjectRequest
                    .builder().bucket(bucket).key(key).range("bytes=0-" + (FIRST_READ - 1)).build()));
            GetObjectResponse g = got.response();
            byte[] bytes = got.asByteArray();
            long size = totalSize(g.contentRange(), bytes.length);
            HeadObjectResponse head = HeadObjectResponse.builder().contentLength(size).eTag(g.eTag())
                    .versionId(g.versionId()).metadata(g.metadata()).contentType(g.contentType())
                    .lastModified(g.lastModified()).build();
            boolean complete = bytes.length == Math.min(FIRST_READ, size);
            return new Located(key, head, complete ? bytes : null);
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            // 416 for an empty object; other statuses: HEAD decides below
        } catch (SdkException | java.io.UncheckedIOException e) {
            // HEAD decides below
        }
        HeadObjectResponse head;
        try {
            head = headSource(bucket, key);
        } catch (SdkException | java.io.UncheckedIOException e) {
            throw new Stop(UploadOutcome.failed(bucket, key, ErrorCode.SOURCE_UNAVAILABLE.name(), "HEAD failed: "
                    + e.getMessage()));
        }
        return head == null ? null : new Located(key, head);
    }

    /** The object's size from a ranged response's {@code Content-Range: bytes 0-16383/123456}. */
    static long totalSize(String contentRange, long bodyLength) {
        if (contentRange != null) {
            int slash = contentRange.lastIndexOf('/');
            if (slash >= 0 && slash + 1 < contentRange.length() && contentRange.charAt(slash + 1) != '*') {
                try {
                    return Long.parseLong(contentRange.substring(slash + 1).trim());
                } catch (NumberFormatException ignored) {
                    // fall through: a server that answered the whole object without a range
                }
            }
        }
        return bodyLength;
    }

    /**
     * The image's sidecar beside it, if one exists: the first of the rules' names (most likely first) that the LIST
     * found, with the ETag and size it listed (all the sidecar's pinned reads need); by HEAD where no LIST covers it.
     */
    private Located sidecarOf(String bucket, String key, PrefixListing neighbours) {
        if (SidecarNames.isImageName(key)) {
            for (String candidate : SidecarNames.sidecarsOf(key)) {
                if (neighbours != null && neighbours.covers(bucket, candidate)) {
                    S3Object listed = neighbours.get(candidate);
                    if (listed != null) {
                        return new Located(candidate, HeadObjectResponse.builder().eTag(listed.eTag())
                                .contentLength(listed.size()).lastModified(listed.lastModified()).build());
                    }
                    continue;
                }
                HeadObjectResponse sidecar = headOrNull(bucket, candidate);
                if (sidecar != null) {
                    return new Located(candidate, sidecar);
                }
            }
        }
        return null;
    }

    /**
     * The sequencer our documents will record, when the upload is due: an event older than the one our documents
     * reflect, or content unchanged since they were made, stops here.
     */
    private String sequencerIfDue(String bucket, Located upload, Located sidecar, ObjectEvent event,
            Map<String, String> recorded) throws Stop {
        String key = upload.key;
        HeadObjectResponse head = upload.head;
        String recordedSequencer = recorded == null ? null : recorded.get(SOURCE_SEQUENCER);
        if (event.sequencer() != null && recordedSequencer != null
                && ObjectEvent.compareSequencers(event.sequencer(), recordedSequencer) < 0) {
            throw new Stop(UploadOutcome.skipped(bucket, key, "stale event: its sequencer " + event.sequencer()
                    + " is older than " + recordedSequencer + " of the event our documents were made from"));
        }
        // The event's sequencer is recorded only when the event is about the version we read; otherwise the one
        // already recorded stays (a lower bound either way).
        boolean eventIsCurrent = event.versionId() == null || event.versionId().equals(head.versionId());
        String sequencer = event.sequencer() != null && eventIsCurrent ? event.sequencer() : recordedSequencer;
        if (unchangedSinceLastExtraction(head, sidecar == null ? null : sidecar.head, recorded)) {
            throw new Stop(UploadOutcome.skipped(bucket, key, "unchanged since its last extraction (ETag "
                    + head.eTag() + ")" + (eventIsCurrent ? "" : "; the event names version " + event.versionId()
                            + ", the current version is " + head.versionId())));
        }
        return sequencer;
    }

    /** Uploads whose documents could not be named, or that are over the size limit, are not read. */
    private void checkLimits(String bucket, Located upload) throws Stop {
        String key = upload.key;
        String longest = settings.extractionKey(key).length() > settings.metadataKey(key).length()
                ? settings.extractionKey(key) : settings.metadataKey(key);
        if (longest.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new Stop(UploadOutcome.failed(bucket, key, ErrorCode.OUTPUT_NAME_TOO_LONG.name(), "'" + longest
                    + "' would exceed S3's " + MAX_KEY_BYTES + "-byte key limit; shorten the suffixes or the key"));
        }
        if (upload.size() > settings.maxObjectSize()) {
            throw new Stop(UploadOutcome.failed(bucket, key, ErrorCode.TOO_LARGE.name(), upload.size()
                    + " bytes exceeds the limit of " + settings.maxObjectSize()));
        }
    }

    /** The extraction over ranged GETs of the versions HEAD saw, with the context of the prefix and the upload. */
    private Extractor.Result extract(String bucket, Located upload, Located sidecar, UploadContext prefixContext) {
        HeadObjectResponse head = upload.head;
        Map<String, String> meta = head.metadata();
        SourceInfo info = SourceInfo.s3(bucket, upload.key, upload.size(), head.eTag(), head.versionId());
        UploadContext context = prefixContext
                .overriddenBy(meta == null ? UploadContext.NONE : UploadContext.fromUserMetadata(meta))
                .withPreviewDefault(settings.writePreview());
        CachingByteSource source = new CachingByteSource(
                new S3RangeFetcher(s3, bucket, upload.key, head.versionId(), head.eTag(), upload.size()));
        if (upload.firstBytes != null) {
            source.prime(0, upload.firstBytes);
        }
        CachingByteSource companion = sidecar == null ? null : new CachingByteSource(new S3RangeFetcher(s3, bucket,
                sidecar.key, sidecar.head.versionId(), sidecar.head.eTag(), sidecar.size()));
        SourceInfo companionInfo = sidecar == null ? null : SourceInfo.s3(bucket, sidecar.key,
                sidecar.head.contentLength(), sidecar.head.eTag(), sidecar.head.versionId());
        return extractWithin(source, info, context, companion, companionInfo);
    }

    /** What was written: the record as written, the schema document's key (null if none), stale documents removed. */
    private record Written(ExtractionRecord rec, String metadataKey, List<String> removed) {
    }

    /**
     * The documents beside the object: the schema document (or the removal of a previous content's one), the removal
     * of the sidecar's own record when a pair is complete, and the extraction record.
     */
    private Written write(String bucket, Located upload, Located sidecar, String sequencer, Extractor.Result result,
            PrefixListing neighbours) throws Stop {
        String key = upload.key;
        HeadObjectResponse head = upload.head;
        HeadObjectResponse sidecarHead = sidecar == null ? null : sidecar.head;
        ExtractionRecord rec = result.record();
        String metadataKey = null;
        String out = settings.documentBucket(bucket);
        List<String> removed = new java.util.ArrayList<>();
        try {
            // a sidecar whose image has not arrived gets its record; the document waits for the pair, beside the image
            boolean writesDocument = result.document() != null && settings.writeMetadata() && !Extractor.isLoneSidecar(rec);
            // A record of a store failure must not make the retry look like a repeat: it carries no source ETag.
            boolean storeFailed = rec.errors().stream().anyMatch(p -> p.code() == ErrorCode.SOURCE_UNAVAILABLE);
            List<String> notes = new java.util.ArrayList<>();
            // Everything to PUT is gathered first, then PUT side by side: one round trip for all documents.
            List<Output> outputs = new java.util.ArrayList<>();
            if (writesDocument) {
                metadataKey = settings.metadataKey(key);
                outputs.add(Output.json(pretty, metadataKey, result.document(),
                        outputMetadata("metadata", head, sidecarHead, sequencer)));
            } else if (settings.writeMetadata() && !storeFailed
                    && deleteIfOurs(out, settings.metadataKey(key), neighbours)) {
                // the document beside the object described its previous content (or its pair): it must not outlive it
                removed.add(settings.metadataKey(key));
                notes.add("the schema document " + settings.metadataKey(key) + " of the previous content was removed: "
                        + "this content yields none (" + rec.status().json()
                        + (rec.errors().isEmpty() ? "" : ", " + rec.errors().get(0).code()) + ")");
            }
            if (sidecar != null) {
                // the sidecar's own record, written while it waited alone, would claim the pair is incomplete
                for (String k : List.of(settings.extractionKey(sidecar.key), settings.metadataKey(sidecar.key))) {
                    if (deleteIfOurs(out, k, neighbours)) {
                        removed.add(k);
                        notes.add("the sidecar's own record " + k + " (written while it waited for this image) was "
                                + "removed: this record covers the pair");
                    }
                }
            }
            rec = withNotes(rec, notes);
            rec = preview(out, key, result, rec, head, sidecarHead, sequencer, outputs, neighbours, removed);
            if (settings.writeExtraction()) {
                ColdStart.begin(ColdStart.Span.JSON);
                outputs.add(Output.json(pretty, settings.extractionKey(key), rec, outputMetadata("extraction",
                        storeFailed ? null : head, sidecarHead, storeFailed ? null : sequencer)));
                ColdStart.end(ColdStart.Span.JSON);
            }
            ColdStart.begin(ColdStart.Span.PUT_CALLS);
            putAll(out, outputs);
            ColdStart.end(ColdStart.Span.PUT_CALLS);
        } catch (SdkException | JsonProcessingException | java.io.UncheckedIOException e) {
            throw new Stop(new UploadOutcome(bucket, key, "error", format(rec), ErrorCode.OUTPUT_FAILED.name(),
                    "writing documents failed: " + e.getMessage(), null, null, rec.provenance().bytesRead(),
                    rec.provenance().requests(), rec.provenance().durationMs()));
        }
        return new Written(rec, metadataKey, removed);
    }

    /** The log line's outcome: the record's status and first error, and what was written or removed. */
    private UploadOutcome outcome(String bucket, String key, Written written) {
        ExtractionRecord rec = written.rec();
        List<Problem> errors = rec.errors();
        String message = errors.isEmpty() ? null : errors.get(0).message();
        if (!written.removed().isEmpty()) {
            message = (message == null ? "" : message + "; ") + "removed stale " + String.join(", ", written.removed());
        }
        return new UploadOutcome(bucket, key, rec.status().json(), format(rec),
                errors.isEmpty() ? null : errors.get(0).code().name(), message,
                written.metadataKey(), settings.writeExtraction() ? settings.extractionKey(key) : null,
                rec.provenance().bytesRead(), rec.provenance().requests(), rec.provenance().durationMs());
    }

    /**
     * An object removed ({@code ObjectRemoved:*}, EventBridge {@code Object Deleted}): its documents go too, but only
     * when the object really is gone (HEAD → 404) and the event is not older than the one our documents were made
     * from. An object that exists again (re-uploaded; or, in a versioned bucket, an older version current again) is
     * handled as an upload: extracted if its documents describe other content, else left alone. A removed sidecar
     * re-extracts its image alone; a removed image leaves its sidecar with its own record. Only our own outputs (by
     * name and by their {@value #OUTPUT_MARKER} metadata) are ever deleted.
     */
    public UploadOutcome remove(String bucket, List<String> candidateKeys, ObjectEvent event) {
        String key = candidateKeys.isEmpty() ? null : candidateKeys.get(0);
        if (bucket == null || bucket.isBlank() || key == null || key.isBlank()) {
            return log(UploadOutcome.failed(bucket, key, "BAD_EVENT", "event record without bucket or key"));
        }
        try {
            for (String candidate : new java.util.LinkedHashSet<>(candidateKeys)) {
                if (PrefixDefaults.isDefaultsDocument(candidate)) {
                    return log(UploadOutcome.skipped(bucket, candidate, "context defaults document removed; nothing to do"));
                }
                if (settings.isOutput(candidate)) {
                    return log(UploadOutcome.skipped(bucket, candidate, "own output (by its name)"));
                }
            }
            for (String candidate : new java.util.LinkedHashSet<>(candidateKeys)) {
                HeadObjectResponse now;
                try {
                    now = headSource(bucket, candidate);
                } catch (SdkException | java.io.UncheckedIOException e) {
                    return log(UploadOutcome.failed(bucket, candidate, ErrorCode.SOURCE_UNAVAILABLE.name(),
                            "HEAD failed, so whether the object is gone is unknown: " + e.getMessage()));
                }
                if (now != null) {
                    return withCause("removal event (" + event.name() + "), but the object exists again: ",
                            () -> process(bucket, List.of(candidate), event));
                }
            }
            String out = settings.documentBucket(bucket);
            List<String> removed = new java.util.ArrayList<>();
            for (String candidate : new java.util.LinkedHashSet<>(candidateKeys)) {
                Map<String, String> recorded = recordMetadata(bucket, candidate);
                String recordedSequencer = recorded == null ? null : recorded.get(SOURCE_SEQUENCER);
                if (event.sequencer() != null && recordedSequencer != null
                        && ObjectEvent.compareSequencers(event.sequencer(), recordedSequencer) < 0) {
                    return log(UploadOutcome.skipped(bucket, candidate, "stale removal: its sequencer "
                            + event.sequencer() + " is older than " + recordedSequencer
                            + " of the event our documents were made from"));
                }
                for (String k : List.of(settings.metadataKey(candidate), settings.extractionKey(candidate),
                        settings.previewKey(candidate))) {
                    if (deleteIfOurs(out, k)) {
                        removed.add(k);
                        key = candidate;
                    }
                }
            }
            // re-uploaded between our HEAD and the deletes: its documents were just removed, so extract it again
            if (headSource(bucket, key) != null) {
                String k = key;
                return withCause("removal event (" + event.name() + "); re-uploaded while its documents were removed: ",
                        () -> process(bucket, List.of(k), ObjectEvent.NONE));
            }
            UploadOutcome partner = reprocessPartner(bucket, key);
            String also = partner == null ? "" : "; its pair " + partner.key() + " handled again without it ("
                    + partner.status() + ")";
            UploadOutcome outcome = log(removed.isEmpty()
                    ? UploadOutcome.skipped(bucket, key, "object removed (" + event.name() + "); no documents of ours "
                            + "beside it" + also)
                    : UploadOutcome.removed(bucket, key, "object removed (" + event.name() + "): removed "
                            + String.join(", ", removed) + also));
            return partner != null && partner.isRetriable() ? partner : outcome;
        } catch (SdkException | java.io.UncheckedIOException e) {
            return log(UploadOutcome.failed(bucket, key, ErrorCode.OUTPUT_FAILED.name(), "removing documents failed: "
                    + e.getMessage()));
        }
    }

    /**
     * The other half of a pair whose one half was removed: a removed sidecar's image is extracted again without it;
     * a removed image's sidecar gets its own record again. Null when there is no other half.
     */
    private UploadOutcome reprocessPartner(String bucket, String removedKey) {
        List<String> partners = SidecarNames.isSidecarName(removedKey) ? SidecarNames.imagesOf(removedKey)
                : SidecarNames.isImageName(removedKey) ? SidecarNames.sidecarsOf(removedKey) : List.of();
        for (String partner : partners) {
            if (headOrNull(bucket, partner) != null) {
                return withCause("its pair " + removedKey + " was removed: ",
                        () -> process(bucket, List.of(partner), ObjectEvent.NONE));
            }
        }
        return null;
    }

    private UploadOutcome withCause(String cause, java.util.function.Supplier<UploadOutcome> action) {
        String previous = CAUSE.get();
        CAUSE.set(cause);
        try {
            return action.get();
        } finally {
            if (previous == null) {
                CAUSE.remove();
            } else {
                CAUSE.set(previous);
            }
        }
    }

    /** HEAD of an upload: null when it does not exist (404, or a delete marker); other failures are thrown. */
    private HeadObjectResponse headSource(String bucket, String key) {
        try {
            return StaleConnections.retry(() -> s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build()));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Null when the object is still the one HEAD saw; otherwise what happened to it. A HEAD that fails for another
     * reason does not stop the write (the read itself succeeded against the ETag).
     */
    private String changedSince(String bucket, String key, HeadObjectResponse before) {
        HeadObjectResponse now;
        try {
            now = headSource(bucket, key);
        } catch (SdkException | java.io.UncheckedIOException e) {
            return null;
        }
        if (now == null) {
            return "object removed";
        }
        if (!java.util.Objects.equals(now.eTag(), before.eTag())
                || !java.util.Objects.equals(now.versionId(), before.versionId())) {
            return "object replaced (ETag " + before.eTag() + " → " + now.eTag() + ")";
        }
        return null;
    }

    /** The user metadata of the object's extraction record; null when there is none (or it cannot be read). */
    private Map<String, String> recordMetadata(String bucket, String key) {
        if (!settings.writeExtraction()) {
            return null; // no record to compare with: every event is extracted
        }
        try {
            return StaleConnections.retry(() -> s3.headObject(HeadObjectRequest.builder()
                    .bucket(settings.documentBucket(bucket)).key(settings.extractionKey(key)).build())).metadata();
        } catch (SdkException | java.io.UncheckedIOException e) {
            return null; // no record yet (404), or it cannot be read
        }
    }

    /**
     * Deletes one of our documents: only an object at one of our output names that carries our
     * {@value #OUTPUT_MARKER} metadata (a user's own file that happens to end in our suffix stays). True if deleted;
     * false when absent or not ours. Failures of the delete itself are thrown.
     */
    private boolean deleteIfOurs(String bucket, String key) {
        return deleteIfOurs(bucket, key, null);
    }

    /** As {@link #deleteIfOurs(String, String)}; no call at all when the LIST already shows the key absent. */
    private boolean deleteIfOurs(String bucket, String key, PrefixListing neighbours) {
        if (!settings.isOutput(key) || (neighbours != null && neighbours.absent(bucket, key))) {
            return false;
        }
        HeadObjectResponse h = headSource(bucket, key);
        if (h == null || h.metadata() == null
                || h.metadata().keySet().stream().noneMatch(k -> k.equalsIgnoreCase(OUTPUT_MARKER))) {
            return false;
        }
        StaleConnections.retry(() -> s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build()));
        return true;
    }

    /**
     * The preview picture beside the object, PUT side by side with the documents (a failed PUT fails the upload as a
     * whole, so the retry writes them all again). A lone sidecar has no image: no preview, no record entry. When this
     * content yields no preview, a picture of the previous content is removed: it would show what is no longer there.
     * That removal rides on the LIST made for pairable names; other names would pay a HEAD on every upload for a rare
     * case, so there a stale picture stays until the object is deleted (README, Limitations).
     */
    private ExtractionRecord preview(String bucket, String key, Extractor.Result result, ExtractionRecord rec,
            HeadObjectResponse head, HeadObjectResponse sidecarHead, String sequencer, List<Output> outputs,
            PrefixListing neighbours, List<String> removed) {
        String previewKey = settings.previewKey(key);
        if (result.preview() == null || !settings.writePreview() || Extractor.isLoneSidecar(rec)) {
            if (neighbours != null && !Extractor.isLoneSidecar(rec) && deleteIfOurs(bucket, previewKey, neighbours)) {
                removed.add(previewKey);
            }
            return rec.withPreviewKey(null);
        }
        outputs.add(new Output(previewKey, result.preview().png(), "image/png",
                outputMetadata("preview", head, sidecarHead, sequencer)));
        return rec.withPreviewKey(previewKey);
    }

    private static ExtractionRecord withNotes(ExtractionRecord r, List<String> more) {
        if (more.isEmpty()) {
            return r;
        }
        List<String> notes = new java.util.ArrayList<>(r.notes() == null ? List.of() : r.notes());
        notes.addAll(more);
        return new ExtractionRecord(r.source(), r.detected(), r.status(), r.errors(), r.warnings(), notes, r.schema(),
                r.mapped(), r.validation(), r.original(), r.provenance(), r.preview());
    }

    /** Bounded time per file: a reader stuck on hostile bytes ends as a TIMEOUT record, not a hung invocation. */
    private Extractor.Result extractWithin(CachingByteSource source, SourceInfo info, UploadContext context,
            CachingByteSource companion, SourceInfo companionInfo) {
        try {
            return bounded.extract(source, info, context, companion, companionInfo);
        } finally {
            try {
                source.close();
            } catch (IOException ignored) {
                // nothing to release beyond memory
            }
        }
    }

    private HeadObjectResponse headOrNull(String bucket, String key) {
        try {
            return StaleConnections.retry(() -> s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build()));
        } catch (SdkException | java.io.UncheckedIOException e) {
            return null; // absent (or unreadable: then the upload is handled on its own)
        }
    }

    /**
     * Idempotency: a repeated event for an object whose ETag (and version) match those our last record was made
     * from rewrites nothing. A changed object, or no record yet, is extracted.
     */
    private static boolean unchangedSinceLastExtraction(HeadObjectResponse head, HeadObjectResponse sidecar,
            Map<String, String> m) {
        if (head.eTag() == null || m == null) {
            return false;
        }
        return head.eTag().equals(m.get(SOURCE_ETAG))
                && java.util.Objects.equals(head.versionId() == null ? "" : head.versionId(),
                        m.getOrDefault(SOURCE_VERSION, ""))
                && (sidecar == null ? "" : sidecar.eTag()).equals(m.getOrDefault(SIDECAR_ETAG, ""));
    }

    /** Our user metadata on an output: the marker, and what it was made from (for the idempotency and order checks). */
    private static Map<String, String> outputMetadata(String kind, HeadObjectResponse source,
            HeadObjectResponse sidecar, String sequencer) {
        Map<String, String> meta = new java.util.HashMap<>();
        meta.put(OUTPUT_MARKER, kind);
        if (source != null && source.eTag() != null) {
            meta.put(SOURCE_ETAG, source.eTag());
            meta.put(SOURCE_VERSION, source.versionId() == null ? "" : source.versionId());
            if (sidecar != null && sidecar.eTag() != null) {
                meta.put(SIDECAR_ETAG, sidecar.eTag());
            }
        }
        if (sequencer != null) {
            meta.put(SOURCE_SEQUENCER, sequencer);
        }
        return meta;
    }

    /** PUTs the outputs side by side; the first failure (SDK or I/O) is thrown once all have ended. */
    private void putAll(String bucket, List<Output> outputs) {
        List<java.util.function.Supplier<Object>> puts = new java.util.ArrayList<>();
        for (Output o : outputs) {
            puts.add(() -> StaleConnections.retry(() -> s3.putObject(PutObjectRequest.builder().bucket(bucket)
                    .key(o.key()).contentType(o.contentType()).metadata(o.metadata()).build(),
                    RequestBody.fromBytes(o.body()))));
        }
        Parallel.all(puts);
    }

    private static String format(ExtractionRecord rec) {
        return rec.detected() == null ? null : rec.detected().format();
    }

    /** The Lambda request id of the invocation being handled on this thread, for the log lines. */
    public void requestId(String id) {
        if (id == null) {
            REQUEST_ID.remove();
        } else {
            REQUEST_ID.set(id);
        }
    }

    /**
     * One JSON line per upload on stdout — what operators search for — which is also a CloudWatch Embedded Metric
     * Format document: CloudWatch turns its {@code _aws} block into the metrics Uploads (by Status and by Format),
     * BytesRead, Requests and DurationMs without any agent or API call.
     */
    private UploadOutcome log(UploadOutcome o) {
        String cause = CAUSE.get();
        if (cause != null) {
            o = o.withMessagePrefix(cause);
        }
        ObjectNode line = extractor.json().createObjectNode();
        line.put("event", "emmeta.upload");
        String id = REQUEST_ID.get();
        if (id != null) {
            line.put("awsRequestId", id);
        }
        line.setAll((ObjectNode) extractor.json().valueToTree(o));
        line.put("Status", o.status());
        line.put("Format", o.format() == null ? "none" : o.format());
        line.put("Uploads", 1);
        line.put("BytesRead", o.bytesRead() == null ? 0 : o.bytesRead());
        line.put("Requests", o.requests() == null ? 0 : o.requests());
        line.put("DurationMs", o.durationMs() == null ? 0 : o.durationMs());
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode metrics = aws.putArray("CloudWatchMetrics").addObject();
        metrics.put("Namespace", "emmeta");
        var dims = metrics.putArray("Dimensions");
        dims.addArray().add("Status");
        dims.addArray().add("Format");
        var m = metrics.putArray("Metrics");
        m.addObject().put("Name", "Uploads").put("Unit", "Count");
        m.addObject().put("Name", "BytesRead").put("Unit", "Bytes");
        m.addObject().put("Name", "Requests").put("Unit", "Count");
        m.addObject().put("Name", "DurationMs").put("Unit", "Milliseconds");
        logSink.accept(line.toString());
        return o;
    }

    /** Where log lines go (stdout by default; tests may capture them). */
    public void logSink(java.util.function.Consumer<String> sink) {
        this.logSink = sink;
    }
}
