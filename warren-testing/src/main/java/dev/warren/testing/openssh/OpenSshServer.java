package dev.warren.testing.openssh;

import dev.warren.testing.net.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd -D -e}) for one test: on 127.0.0.1 and a free port,
 * running as the current user, with its own ed25519 host key, public-key login only for a generated
 * client key, and SFTP. Everything it needs and writes (keys, sshd_config, pid file, log) lives in
 * the given work directory.
 *
 * <p>As root it allows root to log in with the key ({@code PermitRootLogin prohibit-password}); as
 * another user, sshd can only log that same user in, which is what {@link #user()} returns.
 */
public final class OpenSshServer implements AutoCloseable {
    /** Where Debian's openssh-server puts sshd. */
    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    private static final Logger log = LoggerFactory.getLogger(OpenSshServer.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(10);
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int ATTEMPTS = 3;

    private final Path workDir;
    private final Process process;
    private final int port;
    private final Path hostKey;
    private final Path clientKey;
    private final Path logFile;
    /** Stops sshd if the JVM exits without {@link #close()} (a killed or timed-out test run). */
    private final Thread reaper;

    private OpenSshServer(Path workDir, Process process, int port, Path hostKey, Path clientKey, Path logFile) {
        this.workDir = workDir;
        this.process = process;
        this.port = port;
        this.hostKey = hostKey;
        this.clientKey = clientKey;
        this.logFile = logFile;
        this.reaper = new Thread(this::stop, "sshd-reaper-" + port);
    }

    /**
     * Generates the keys and configuration in {@code workDir} (created if missing), starts sshd and
     * returns once it answers with an {@code SSH-2.0} banner (at most ~10 s). Fails with the end of
     * sshd's log if it exits or does not answer in time, and names the package to install if sshd
     * is missing.
     */
    public static OpenSshServer start(Path workDir) throws IOException {
        OpenSshTools.require(SSHD, "openssh-server");
        Path dir = Files.createDirectories(workDir).toAbsolutePath();
        Path hostKey = dir.resolve("ssh_host_ed25519_key");
        Path clientKey = dir.resolve("client_ed25519");
        SshKeygen.ed25519(hostKey, "warren-test-host");
        SshKeygen.ed25519(clientKey, "warren-test-client");
        ensurePrivilegeSeparationDirectory();

        Path logFile = dir.resolve("sshd.log");
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = FreePorts.next();
            Path config = SshdConfig.write(dir, port, hostKey, SshKeygen.publicKey(clientKey));
            Files.writeString(logFile, "");
            ProcessBuilder builder = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Process process = builder.start();
            OpenSshServer server = new OpenSshServer(dir, process, port, hostKey, clientKey, logFile);
            Runtime.getRuntime().addShutdownHook(server.reaper);
            try {
                server.awaitBanner();
                log.info("sshd (pid {}) listening on {}:{}, log {}", process.pid(), HOST, port, logFile);
                return server;
            } catch (IllegalStateException e) {
                server.close();
                failure = e;
                if (!server.logTail(50).contains("Address already in use")) {
                    break; // only a port taken since FreePorts picked it is worth another try
                }
            }
        }
        throw failure;
    }

    /** The address sshd listens on: always {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** The user that may log in: the one running this JVM (and sshd). */
    public String user() {
        return System.getProperty("user.name");
    }

    /** The client's private key, the only one sshd accepts. */
    public Path clientKey() {
        return clientKey;
    }

    /** The client's public key (sshd's AuthorizedKeysFile). */
    public Path clientPublicKey() {
        return SshKeygen.publicKey(clientKey);
    }

    /** The host's public key as one line: {@code ssh-ed25519 AAAA... warren-test-host}. */
    public String hostKeyPublicLine() {
        try {
            return Files.readString(SshKeygen.publicKey(hostKey)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the host key of " + this, e);
        }
    }

    /**
     * Writes (and returns) a known_hosts file that trusts this server's real host key under
     * {@code hostAlias} (and {@code [hostAlias]:port}), for ssh with {@code StrictHostKeyChecking
     * yes} through a proxy or with {@code HostKeyAlias}.
     */
    public Path knownHostsFile(String hostAlias) {
        if (hostAlias == null || !ALIAS.matcher(hostAlias).matches()) {
            throw new IllegalArgumentException("hostAlias: " + hostAlias + " (expected: letters, digits, '.', '_', '-')");
        }
        String[] key = hostKeyPublicLine().split("\\s+");
        String line = hostAlias + ",[" + hostAlias + "]:" + port + " " + key[0] + " " + key[1] + "\n";
        Path file = workDir.resolve("known_hosts." + hostAlias);
        try {
            return Files.writeString(file, line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The command that runs this same sshd (keys, config, port) in the foreground: to run it elsewhere, e.g. in a
     * network namespace, once this one is closed.
     */
    public List<String> foregroundCommand() {
        return List.of(SSHD.toString(), "-D", "-e", "-f", workDir.resolve("sshd_config").toString());
    }

    /** The file sshd logs to (LogLevel VERBOSE): connections, accepted keys, failures. */
    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of sshd's log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    public Path workDir() {
        return workDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops sshd and every session it started. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
        stop();
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> sessions = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        sessions.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public String toString() {
        return "OpenSshServer[" + HOST + ":" + port + ", " + workDir + "]";
    }

    private void awaitBanner() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited with status " + process.exitValue()
                        + " before answering on port " + port + "; end of " + logFile + ":\n" + logTail(30));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 500);
                socket.setSoTimeout(2_000);
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                String banner = in.readLine();
                if (banner != null && banner.startsWith("SSH-2.0")) {
                    return;
                }
                last = "answered " + banner;
            } catch (IOException e) {
                last = e.toString();
            }
            sleep(Duration.ofMillis(20));
        }
        throw new IllegalStateException("sshd did not answer with an SSH-2.0 banner on port " + port + " within "
                + STARTUP.toSeconds() + " s (" + last + "); end of " + logFile + ":\n" + logTail(30));
    }

    /** As root, sshd insists on its privilege separation directory, which containers often lack. */
    private static void ensurePrivilegeSeparationDirectory() {
        Path dir = Path.of("/run/sshd");
        if ("root".equals(System.getProperty("user.name")) && !Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("sshd needs " + dir + " and it cannot be created", e);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for sshd", e);
        }
    }
}
