package io.emmeta.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on loopback in front of the benchmark's S3 server that holds back the first byte of every response
 * until a set time after its request: the "time to first byte" of a real S3 endpoint (20–60 ms from a Lambda, its
 * own processing included), which a loopback server does not have. HTTP/1.1 on a kept-alive connection is one
 * request, then its response: a response byte that follows request bytes is the start of a response, and is held
 * until the delay has passed since the request's last byte went out; the rest of it streams freely. So every request
 * pays the delay once (a PUT that waits for {@code 100 Continue} pays it twice), and requests on separate connections
 * pay it concurrently, as they would.
 *
 * <p>The delay is counted from the request, not added after the loopback server's own answer ({@link Model#TTFB}):
 * the server's time (S3Proxy over a folder, on a shared machine) stands in for S3's processing, which the 20–60 ms
 * already include; adding it on top counted it twice. {@link Model#ADDED} (the model before issue #15's second round)
 * remains for comparison: the delay after the server's answer.
 */
final class LatencyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** When the delay runs from. */
    enum Model {
        /** From the request's last byte: the response starts at the delay, or when the server answers if later. */
        TTFB,
        /** From the server's first response byte: the delay on top of the server's time. */
        ADDED
    }

    private volatile long delayMillis;
    private volatile Model model = Model.TTFB;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicInteger delayed = new java.util.concurrent.atomic.AtomicInteger();

    LatencyProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "latency-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The delay before each response's first byte, from now on. */
    void delay(long millis) {
        delayMillis = millis;
    }

    /** How the delay is counted, from now on. */
    void model(Model m) {
        model = m;
    }

    /**
     * Responses started since the last call (each paid the delay once): more than the S3 calls when a call waits for
     * an interim response, such as a PUT's {@code 100 Continue}.
     */
    int takeResponses() {
        return delayed.getAndSet(0);
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                Exchange exchange = new Exchange();
                pump(client.getInputStream(), upstream.getOutputStream(), exchange, false, client, upstream);
                pump(upstream.getInputStream(), client.getOutputStream(), exchange, true, client, upstream);
            } catch (IOException e) {
                // a closed server socket ends the loop; a failed connection only that connection
            }
        }
    }

    /** One connection's state: whether request bytes await a response, and when the last of them went out. */
    private static final class Exchange {
        final AtomicBoolean requestSent = new AtomicBoolean();
        volatile long requestEndNanos;
    }

    private void pump(InputStream in, OutputStream out, Exchange exchange, boolean response, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!response) {
                        // marked before forwarding: the answer may come back before this thread runs again
                        exchange.requestEndNanos = System.nanoTime();
                        exchange.requestSent.set(true);
                    } else if (exchange.requestSent.getAndSet(false)) {
                        delayed.incrementAndGet();
                        long wait = model == Model.TTFB
                                ? exchange.requestEndNanos + delayMillis * 1_000_000 - System.nanoTime()
                                : delayMillis * 1_000_000;
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side went away
            } finally {
                close(a);
                close(b);
            }
        }, response ? "latency-proxy-down" : "latency-proxy-up");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
        open.forEach(this::close);
    }
}
