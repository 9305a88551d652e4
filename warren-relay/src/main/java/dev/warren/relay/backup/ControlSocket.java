package dev.warren.relay.backup;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Unix domain socket in the relay's data directory ({@code DATA/control.sock}, owner-only, like the directory) through
 * which commands on the same host reach the running relay: {@code warren relay backup} asks it for an online snapshot of
 * the embedded store, which only the process that holds the database open can take. Who may use it is who may read the
 * data directory (which holds the database and the CA key anyway); no network, no token. One line in, one line out:
 * {@code ok ...} or {@code error ...}.
 */
public final class ControlSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlSocket.class);
    static final String NAME = "control.sock";
    private static final int MAX_LINE = 4096;

    private final Path path;
    private final ServerSocketChannel server;
    private final Function<String, String> commands;
    private final Thread thread;

    private ControlSocket(Path path, ServerSocketChannel server, Function<String, String> commands) {
        this.path = path;
        this.server = server;
        this.commands = commands;
        this.thread = Thread.ofPlatform().name("relay-control").daemon().start(this::accept);
    }

    /**
     * Listens on {@code DATA/control.sock}; {@code commands} answers each line (it may block). Returns null, having
     * said why in the log, when the socket cannot be made (a path too long for a Unix socket, say): the relay runs on,
     * and an online backup then is not possible.
     */
    public static ControlSocket open(Path dataDir, Function<String, String> commands) {
        Path path = dataDir.toAbsolutePath().resolve(NAME);
        try {
            if (Files.exists(path)) {
                if (request(dataDir, "ping") != null) {
                    throw new IllegalStateException("another relay is running on " + dataDir + " (" + path
                            + " answers); two relays cannot share a data directory");
                }
                Files.delete(path); // left by a relay that was killed
            }
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            }
            return new ControlSocket(path, server, commands);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("no control socket at {} ({}): `warren relay backup` cannot take an online backup of this relay",
                    path, e.getMessage());
            return null;
        }
    }

    /** Sends one command to the relay running on {@code dataDir}; its answer, or null when none is running there. */
    static String request(Path dataDir, String command) throws IOException {
        Path path = dataDir.toAbsolutePath().resolve(NAME);
        if (!Files.exists(path)) {
            return null;
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            return null; // nobody listens: a socket file left by a killed relay
        }
        try (channel) {
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            return readLine(Channels.newInputStream(channel));
        }
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("relay-control-client").start(() -> serve(client));
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("control socket: {}", e.toString());
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String line = readLine(Channels.newInputStream(client));
            String answer;
            try {
                answer = line == null ? "error empty command" : commands.apply(line);
            } catch (RuntimeException e) {
                log.warn("control command failed: {}", e.toString());
                answer = "error " + e.getMessage();
            }
            client.write(ByteBuffer.wrap((answer.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            log.debug("control client: {}", e.toString());
        }
    }

    private static String readLine(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (line.length() >= MAX_LINE) {
                throw new IOException("control line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : new String(line.toString().getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("closing the control socket: {}", e.toString());
        }
        thread.interrupt();
    }
}
