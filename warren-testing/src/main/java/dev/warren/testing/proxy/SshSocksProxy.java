package dev.warren.testing.proxy;

import dev.warren.testing.net.FreePorts;
import dev.warren.testing.openssh.OpenSshServer;
import dev.warren.testing.openssh.SshCommand;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A SOCKS5 proxy made by OpenSSH: {@code ssh -N -D 127.0.0.1:PORT} logged in to a test sshd, so that what goes
 * through it leaves from the sshd's side (with the destination name resolved there). Stopped on close.
 */
public final class SshSocksProxy implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private SshSocksProxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code ssh -D} through {@code server}; returns once the SOCKS port accepts connections (~15 s). */
    public static SshSocksProxy start(OpenSshServer server) throws IOException {
        int port = FreePorts.next();
        Path log = Files.createTempFile("warren-ssh-socks-", ".log");
        ProcessBuilder builder = SshCommand.ssh().forServer(server, "socks-host")
                .flags("-N", "-D", "127.0.0.1:" + port, "-o", "ExitOnForwardFailure=yes")
                .processBuilder()
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        SshSocksProxy proxy = new SshSocksProxy(builder.start(), port, log);
        proxy.awaitListening();
        return proxy;
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        String output = Files.readString(log);
        close();
        throw new IllegalStateException("ssh -D did not listen on 127.0.0.1:" + port + ": " + output);
    }

    public int port() {
        return port;
    }

    /** {@code socks5://127.0.0.1:PORT}. */
    public String url() {
        return "socks5://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
