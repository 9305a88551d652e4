package dev.warren.testing.net;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** What a test's plain client socket sees of its peer. */
public final class Sockets {
    private Sockets() {}

    /**
     * True when the peer has closed {@code s}: its next read is the end of the stream (or a reset) within the
     * socket's read timeout ({@link Socket#setSoTimeout}, set by the caller); false on a timeout or when a byte comes.
     */
    public static boolean closedByPeer(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
