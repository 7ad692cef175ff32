package io.emmeta.nativerun;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A minimal AWS Lambda Runtime API (the interface a custom runtime's {@code bootstrap} and Quarkus's poll loop talk to)
 * on 127.0.0.1: {@code GET /2018-06-01/runtime/invocation/next} hands out one queued event with the
 * {@code Lambda-Runtime-Aws-Request-Id}, {@code Lambda-Runtime-Deadline-Ms}, {@code Lambda-Runtime-Invoked-Function-Arn}
 * and {@code Lambda-Runtime-Trace-Id} headers, blocking until one is queued; {@code POST .../invocation/{id}/response}
 * and {@code .../invocation/{id}/error} answer it; {@code POST /2018-06-01/runtime/init/error} records an
 * initialisation failure. Anything else is a 404 and is recorded as a protocol violation.
 */
final class RuntimeApiEmulator implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime/";
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:emmeta-extract";

    /** One answer from the function: {@code error} is true for the error endpoint. */
    record Answer(String requestId, boolean error, String body, long handedOutNanos, long answeredNanos,
            String errorType) {
        long insideMillis() {
            return TimeUnit.NANOSECONDS.toMillis(answeredNanos - handedOutNanos);
        }
    }

    private record Pending(String id, String body, long deadlineMs, CompletableFuture<Answer> answer) {
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> handedOut = new ConcurrentHashMap<>();
    private final AtomicReference<String> initError = new AtomicReference<>();
    private final AtomicReference<String> violation = new AtomicReference<>();
    private volatile boolean closed;

    RuntimeApiEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** host:port, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event; the returned future completes when the function answers it. */
    CompletableFuture<Answer> enqueue(String eventJson, long timeoutMillis) {
        String id = UUID.randomUUID().toString();
        Pending p = new Pending(id, eventJson, System.currentTimeMillis() + timeoutMillis, new CompletableFuture<>());
        inFlight.put(id, p);
        queue.add(p);
        return p.answer();
    }

    /**
     * Waits for an answer while the function process lives; fails on an init error, a protocol violation, a dead
     * process or the timeout.
     */
    Answer await(CompletableFuture<Answer> answer, long timeoutMillis, BooleanSupplier alive) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            try {
                return answer.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (initError.get() != null) {
                    throw new IllegalStateException("the function reported an init error: " + initError.get());
                }
                if (violation.get() != null) {
                    throw new IllegalStateException("Runtime API protocol violation: " + violation.get());
                }
                if (!alive.getAsBoolean()) {
                    // an answer may have landed in the same instant
                    if (answer.isDone()) {
                        return answer.get();
                    }
                    throw new IllegalStateException("the function process ended before answering");
                }
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("no answer within " + timeoutMillis + " ms");
                }
            }
        }
    }

    String initError() {
        return initError.get();
    }

    String violation() {
        return violation.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            byte[] body = readAll(ex.getRequestBody());
            if ("GET".equals(method) && path.equals(PREFIX + "invocation/next")) {
                next(ex);
                return;
            }
            if ("POST".equals(method) && path.equals(PREFIX + "init/error")) {
                initError.compareAndSet(null, ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")
                        + " " + new String(body, StandardCharsets.UTF_8));
                send(ex, 202, "{\"status\":\"OK\"}");
                return;
            }
            if ("POST".equals(method) && path.startsWith(PREFIX + "invocation/")) {
                String rest = path.substring((PREFIX + "invocation/").length());
                int slash = rest.indexOf('/');
                String id = slash < 0 ? rest : rest.substring(0, slash);
                String kind = slash < 0 ? "" : rest.substring(slash + 1);
                Pending p = inFlight.remove(id);
                Long handed = handedOut.remove(id);
                if (p == null || handed == null || !(kind.equals("response") || kind.equals("error"))) {
                    violation.compareAndSet(null, method + " " + path + " (unknown or already answered request)");
                    send(ex, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                long now = System.nanoTime();
                send(ex, 202, "{\"status\":\"OK\"}");
                p.answer().complete(new Answer(id, kind.equals("error"), new String(body, StandardCharsets.UTF_8),
                        handed, now, ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
                return;
            }
            violation.compareAndSet(null, method + " " + path);
            send(ex, 404, "{\"errorMessage\":\"not found\"}");
        }
    }

    private void next(HttpExchange ex) throws IOException {
        Pending p = null;
        try {
            while (p == null && !closed) {
                p = queue.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p == null) {
            return; // shutting down: the connection just closes
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", p.id());
        ex.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(p.deadlineMs()));
        ex.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        ex.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        handedOut.put(p.id(), System.nanoTime());
        send(ex, 200, p.body());
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
