package dev.warren.mtls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/** Blocking client sockets to an {@link Endpoint}, TCP or Unix. */
final class Clients {
    private Clients() {}

    static SocketChannel connect(Endpoint e) throws IOException {
        return switch (e) {
            case Endpoint.Unix u -> {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(u.path()));
                yield ch;
            }
            case Endpoint.Tcp t -> SocketChannel.open(new InetSocketAddress(t.address().host(), t.address().port()));
        };
    }

    /** Streams {@code file} through, half-closes, and returns the SHA-256 of everything that came back. */
    static String echoSha256(Endpoint e, java.nio.file.Path file) throws Exception {
        try (SocketChannel ch = connect(e)) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try (var in = java.nio.channels.FileChannel.open(file)) {
                    long pos = 0;
                    long size = in.size();
                    while (pos < size) {
                        pos += in.transferTo(pos, size - pos, ch);
                    }
                    ch.shutdownOutput();
                } catch (IOException ignored) {
                    // the reader sees the consequence
                }
            });
            var sha = java.security.MessageDigest.getInstance("SHA-256");
            var buf = java.nio.ByteBuffer.allocate(64 * 1024);
            while (ch.read(buf) >= 0) {
                buf.flip();
                sha.update(buf);
                buf.clear();
            }
            writer.join(60_000);
            return java.util.HexFormat.of().formatHex(sha.digest());
        }
    }

    /** Sends {@code data}, half-closes, reads until end of stream. */
    static byte[] exchange(Endpoint e, byte[] data) throws IOException {
        try (SocketChannel ch = connect(e)) {
            var in = java.nio.channels.Channels.newInputStream(ch);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    var out = java.nio.ByteBuffer.wrap(data);
                    while (out.hasRemaining()) {
                        ch.write(out);
                    }
                    ch.shutdownOutput();
                } catch (IOException ignored) {
                    // the reader sees the consequence
                }
            });
            byte[] back = in.readAllBytes();
            try {
                writer.join(30_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return back;
        }
    }
}
