package io.emmeta.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of the S3 server, for the faults an HTTP server cannot produce itself: connection
 * resets (the next N connections are accepted and slammed shut with RST) and stalls (responses held back longer
 * than the client's socket timeout). Real sockets, real client timeouts and retries.
 */
public final class FaultyTcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicLong stallMillis = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private final java.util.Set<Socket> active = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;

    public FaultyTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "faulty-proxy");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Resets every open connection now (clients keep connections alive between requests) and the next {@code n}
     * new ones right after they are accepted.
     */
    public void resetNext(int n) {
        resets.set(n);
        for (Socket s : active) {
            rst(s);
        }
    }

    private static void rst(Socket s) {
        try {
            s.setSoLinger(true, 0); // close with RST: "connection reset" on the other side
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Every response byte is held back this long (0 = off). */
    public void stall(long millis) {
        stallMillis.set(millis);
    }

    public void clear() {
        resets.set(0);
        stallMillis.set(0);
        connections.set(0);
    }

    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (open) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                if (resets.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                    rst(client);
                    continue;
                }
                active.add(client);
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                pump(client.getInputStream(), upstream.getOutputStream(), false, client, upstream);
                pump(upstream.getInputStream(), client.getOutputStream(), true, client, upstream);
            } catch (IOException e) {
                // a closed server socket ends the loop; a failed connection only that connection
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean response, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    long stall = response ? stallMillis.get() : 0;
                    if (stall > 0) {
                        Thread.sleep(stall);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side went away
            } finally {
                active.remove(a);
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "faulty-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
    }
}
