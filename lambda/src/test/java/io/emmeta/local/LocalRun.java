package io.emmeta.local;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import io.emmeta.s3.Backfill;
import io.emmeta.s3.EnvironmentSettings;
import io.emmeta.s3.S3UploadProcessor;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The deployment in miniature: S3Proxy on 127.0.0.1 backed by a folder, with the notifications S3 would send for one
 * bucket delivered, in order, to the same upload processor the Lambda calls, configured from the same EMMETA_*
 * environment. Delivered: {@code ObjectCreated:Put}, {@code ObjectCreated:Copy},
 * {@code ObjectCreated:CompleteMultipartUpload} (once per completed upload; S3Proxy's own stub and part objects are
 * never delivered nor scanned) and {@code ObjectRemoved:Delete}; keys URL-encoded exactly as S3 sends them. Other
 * buckets are served but not processed.
 *
 * <p>At start-up the bucket's objects without current documents (none yet, or made from another ETag) are processed
 * through the CLI's backfill. On Ctrl-C the queue is drained before the store stops; an upload arriving after that
 * point, or lost to a hard kill, is picked up by the next start-up scan.
 *
 * <p>Arguments: {@code [--port 9000] [--dir local-bucket] [--bucket uploads]}. Lives in the test sources so S3Proxy
 * never ships in the function.
 */
public final class LocalRun implements AutoCloseable {

    /** One notification as delivered to the processor. */
    public record Delivered(String bucket, String key, String eventName) {
    }

    private final String bucket;
    private final S3Proxy proxy;
    private final S3Client client;
    private final S3UploadProcessor processor;
    private final PrintStream log;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "emmeta-local-notifications");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private int pending; // queued or running, guarded by lock
    private boolean closing; // guarded by lock
    private boolean closed; // guarded by lock
    private final List<Delivered> delivered = new ArrayList<>(); // guarded by lock
    private volatile CountDownLatch held;
    private volatile Backfill.Summary startupScan;

    private LocalRun(String bucket, S3Proxy proxy, S3Client client,
            S3UploadProcessor processor, PrintStream log) {
        this.bucket = bucket;
        this.proxy = proxy;
        this.client = client;
        this.processor = processor;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        int port = 9000;
        Path dir = Path.of("local-bucket");
        String bucket = "uploads";
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--bucket" -> bucket = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --port 9000 --dir local-bucket --bucket uploads)");
            }
        }
        LocalRun run = start(port, dir, bucket, System.getenv(), System.out);
        System.out.printf("emmeta local: S3 API on http://127.0.0.1:%d, bucket '%s' stored in %s%n", run.port(),
                bucket, dir.toAbsolutePath());
        System.out.printf("  upload:  curl -T FILE http://127.0.0.1:%d/%s/FILE%n", run.port(), bucket);
        System.out.printf("  or:      aws --endpoint-url http://127.0.0.1:%d --no-sign-request s3 cp FILE s3://%s/%n",
                run.port(), bucket);
        System.out.println("  Ctrl-C to stop (queued uploads are finished first).");
        Runtime.getRuntime().addShutdownHook(new Thread(run::close, "emmeta-local-stop"));
        Thread.currentThread().join();
    }

    /**
     * Starts the store on 127.0.0.1:{@code port} (0 = any free port) over {@code dir}, creates {@code bucket} if
     * needed and queues the start-up scan.
     *
     * @param env where the EMMETA_* settings are read from (the process environment in {@link #main})
     */
    public static LocalRun start(int port, Path dir, String bucket, Map<String, String> env, PrintStream log)
            throws Exception {
        EnvironmentSettings settings = EnvironmentSettings.fromEnvironment(env);
        Files.createDirectories(dir);
        LocalRun[] self = new LocalRun[1];
        BlobStore store = new NotifyingBlobStore(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()),
                (b, k, event) -> {
                    LocalRun run = self[0];
                    if (run != null) {
                        run.notified(b, k, event);
                    }
                });
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        proxy.start();
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        S3Client client = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
                .region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create()).build();
        for (String b : new String[] {bucket, settings.processor().outputBucket()}) {
            if (b != null && !store.containerExists(b)) {
                store.createContainer(b);
            }
        }
        LocalRun run = new LocalRun(bucket, proxy, client, settings.newProcessor(client), log);
        self[0] = run;
        run.queueStartupScan();
        return run;
    }

    public int port() {
        return proxy.getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public S3UploadProcessor processor() {
        return processor;
    }

    /** What was delivered to the processor so far, in order. */
    public List<Delivered> delivered() {
        synchronized (lock) {
            return List.copyOf(delivered);
        }
    }

    /** Queued or running notifications (and the start-up scan while it runs). */
    public int pending() {
        synchronized (lock) {
            return pending;
        }
    }

    /** The start-up scan's summary once it has finished, else null. */
    public Backfill.Summary startupScan() {
        return startupScan;
    }

    /** Waits until nothing is queued or running; false on timeout. */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        return awaitIdle(0, timeoutMillis);
    }

    /**
     * Waits until at least {@code deliveries} notifications have arrived and nothing is queued or running; false on
     * timeout. The store notifies after a PUT has returned, so after two uploads {@link #awaitIdle(long)} alone can
     * return between the first one's processing and the second one's notification.
     */
    public boolean awaitIdle(int deliveries, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        synchronized (lock) {
            while (pending > 0 || delivered.size() < deliveries) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                lock.wait(left);
            }
            return true;
        }
    }

    /** Tests: notifications keep being queued but none is processed until {@link #release()} or {@link #close()}. */
    void hold() {
        held = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch h = held;
        if (h != null) {
            h.countDown();
        }
    }

    /**
     * What S3 and the deployed trigger would do for {@code eventName} on {@code key}: queue it for the processor when it
     * is in our bucket, is a real object (not one of S3Proxy's multipart parts or stubs) and is not one of our outputs.
     */
    private void notified(String b, String key, String eventName) {
        if (!bucket.equals(b) || isStoreInternal(key)) {
            return;
        }
        if (processor.settings().isOutput(key)) {
            // the deployed trigger never hands the function its own outputs (triggers.yml lists input endings only);
            // queueing them here made the queue's count depend on when the store's notification of a PUT arrived
            return;
        }
        synchronized (lock) {
            if (closing) {
                log.printf("emmeta local: stopping; %s %s is left for the next start-up scan%n", eventName, key);
                return;
            }
            delivered.add(new Delivered(b, key, eventName));
            pending++;
            lock.notifyAll(); // for awaitIdle(deliveries, ...)
        }
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
        worker.execute(() -> run(() -> processor.processEventRecord(b, encoded, eventName)));
    }

    private void queueStartupScan() {
        synchronized (lock) {
            pending++;
        }
        worker.execute(() -> run(() -> {
            Backfill.Summary s = new Backfill(client, processor).run(bucket, "", 2, null,
                    key -> !isStoreInternal(key));
            startupScan = s;
            log.println("emmeta local: start-up scan of '" + bucket + "': " + s.line());
        }));
    }

    private void run(Runnable task) {
        try {
            CountDownLatch h = held;
            if (h != null) {
                h.await();
            }
            task.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.println("emmeta local: " + e); // the processor promises not to throw; the queue goes on regardless
        } finally {
            synchronized (lock) {
                pending--;
                lock.notifyAll();
            }
        }
    }

    /**
     * Ctrl-C: no new notification is queued, the queued ones are finished (the store keeps serving the processor
     * meanwhile), then the store stops. Returns how many were still queued or running when it began.
     */
    @Override
    public void close() {
        int left;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            left = pending;
        }
        if (left > 0) {
            log.printf("emmeta local: finishing %d queued upload(s) before stopping...%n", left);
        }
        release();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.MINUTES)) {
                log.printf("emmeta local: %d upload(s) not finished; the next start-up scan processes them%n",
                        pending());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopStore();
        if (left > 0) {
            log.println("emmeta local: queue drained, stopped");
        }
    }

    /** Tests: a hard kill — the store stops with the queue abandoned (what the next start-up scan must recover). */
    void kill() {
        synchronized (lock) {
            closing = true;
        }
        worker.shutdownNow();
        stopStore();
    }

    private void stopStore() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        client.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping anyway
        }
    }

    /**
     * S3Proxy keeps a multipart upload's bookkeeping as objects: its handler puts (and at completion removes) a stub
     * {@code .s3proxy-mpu-stub-<id>} at the bucket's root, and the filesystem store names parts {@code .mpus-<id>-N}.
     * S3 has no such objects and sends no notification for them.
     */
    static boolean isStoreInternal(String key) {
        int slash = key.lastIndexOf('/');
        return key.startsWith(".s3proxy-mpu-stub-") || key.startsWith(".mpus-", slash + 1);
    }

    interface Listener {
        void notify(String bucket, String key, String eventName);
    }

    /** Emits the S3 event for every successful put, copy, completed multipart upload and deletion. */
    static final class NotifyingBlobStore extends ForwardingBlobStore {
        private final Listener listener;

        NotifyingBlobStore(BlobStore delegate, Listener listener) {
            super(delegate);
            this.listener = listener;
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream in) {
            PutObjectResponse r = super.putBlob(request, in);
            listener.notify(request.bucket(), request.key(), "ObjectCreated:Put");
            return r;
        }

        @Override
        public CopyObjectResponse copyBlob(CopyObjectRequest request) {
            CopyObjectResponse r = super.copyBlob(request);
            listener.notify(request.destinationBucket(), request.destinationKey(), "ObjectCreated:Copy");
            return r;
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                CompleteMultipartUploadRequest request) {
            CompleteMultipartUploadResponse r = super.completeMultipartUpload(upload, request);
            listener.notify(request.bucket(), request.key(), "ObjectCreated:CompleteMultipartUpload");
            return r;
        }

        @Override
        public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
            DeleteObjectResponse r = super.removeBlob(request);
            listener.notify(request.bucket(), request.key(), "ObjectRemoved:Delete");
            return r;
        }
    }
}
