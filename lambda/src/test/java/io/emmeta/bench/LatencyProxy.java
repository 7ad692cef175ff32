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
 * A TCP proxy on loopback in front of the benchmark's S3 server that holds back the first byte of every response by
 * a set delay: the "time to first byte" a real S3 endpoint adds to each request (20–60 ms from a Lambda), which a
 * loopback server does not have. HTTP/1.1 on a kept-alive connection is one request, then its response: a response
 * byte that follows request bytes is the start of a response, and is delayed; the rest of it streams freely. So every
 * request pays the delay once (a PUT that waits for {@code 100 Continue} pays it twice, as it would on S3), and
 * requests on separate connections pay it concurrently, as they would.
 */
final class LatencyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile long delayMillis;
    private volatile boolean running = true;

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

    private void acceptLoop() {
        while (running) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                AtomicBoolean requestSent = new AtomicBoolean();
                pump(client.getInputStream(), upstream.getOutputStream(), requestSent, false, client, upstream);
                pump(upstream.getInputStream(), client.getOutputStream(), requestSent, true, client, upstream);
            } catch (IOException e) {
                // a closed server socket ends the loop; a failed connection only that connection
            }
        }
    }

    private void pump(InputStream in, OutputStream out, AtomicBoolean requestSent, boolean response, Socket a,
            Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!response) {
                        requestSent.set(true);
                    } else if (requestSent.getAndSet(false) && delayMillis > 0) {
                        Thread.sleep(delayMillis);
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
