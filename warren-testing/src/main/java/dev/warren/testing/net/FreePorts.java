package dev.warren.testing.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1, for programs (sshd, a relay in another process) that need a port number up front. */
public final class FreePorts {
    private FreePorts() {}

    /**
     * A port that was free on 127.0.0.1 a moment ago: the kernel's pick for port 0. Another process
     * may take it before the caller binds it, so a caller that can retry on "address in use" should.
     */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
