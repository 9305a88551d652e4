package dev.warren.testing.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP echo server on 127.0.0.1 and a port of the kernel's choosing, one virtual thread per
 * connection. It honours half-close: when a client shuts down its output, the server finishes
 * echoing what it had read, then shuts down its own output, so the client reads everything and
 * then end-of-stream. That is what a tunnel must carry through for {@code ssh host 'cat'}-like use.
 */
public final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong echoed = new AtomicLong();
    private final Thread acceptor;

    private EchoServer(ServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("echo-accept-" + server.getLocalPort())
                .start(this::acceptLoop);
    }

    /** Starts a server on 127.0.0.1:0. */
    public static EchoServer start() {
        return start(50);
    }

    /**
     * Starts a server on 127.0.0.1:0 whose accept queue holds {@code backlog} connections: a load test that opens
     * hundreds at once needs more than 50, or the kernel drops the overflow (the client believes it is connected,
     * then gets reset).
     */
    public static EchoServer start(int backlog) {
        try {
            return new EchoServer(new ServerSocket(0, backlog, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** Connections accepted so far. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections not yet finished (both directions closed). */
    public int connectionsOpen() {
        return open.size();
    }

    /** Bytes echoed so far, over all connections. */
    public long bytesEchoed() {
        return echoed.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            open.add(socket);
            Thread.ofVirtual().name("echo-" + socket.getPort()).start(() -> echo(socket));
        }
    }

    private void echo(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                echoed.addAndGet(n);
            }
            out.flush();
            socket.shutdownOutput(); // the client's EOF, passed back once everything is echoed
        } catch (IOException e) {
            // reset by the client, or closed by close(): nothing left to finish
        } finally {
            open.remove(socket);
        }
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "EchoServer[127.0.0.1:" + port() + "]";
    }
}
