package dev.warren.testing.proxy;

import dev.warren.testing.net.FreePorts;
import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A private squid (Debian package {@code squid}) for tests: its own config, log and pid files in a directory of its
 * own, listening on {@code listen:port}, requiring Basic auth against an htpasswd file made by Apache's
 * {@code htpasswd} ({@code basic_ncsa_auth}), allowing only CONNECT and only to the given ports. Squid drops root for
 * user {@code proxy}, so its directory is made readable for it. Stopped and removed on close.
 */
public final class SquidProxy implements AutoCloseable {
    public static final Path SQUID = Path.of("/usr/sbin/squid");
    public static final Path NCSA_AUTH = Path.of("/usr/lib/squid/basic_ncsa_auth");

    private final Path dir;
    private final Process process;
    private final String host;
    private final int port;

    private final UnaryOperator<List<String>> where;

    private SquidProxy(Path dir, Process process, String host, int port, UnaryOperator<List<String>> where) {
        this.where = where;
        this.dir = dir;
        this.process = process;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts squid on {@code listenHost} (a free port) with {@code user}/{@code password}, allowing CONNECT to
     * {@code allowedPorts} only; returns once it accepts connections (at most ~20 s).
     */
    public static SquidProxy start(String listenHost, String user, String password, List<Integer> allowedPorts)
            throws IOException {
        return start(listenHost, FreePorts.next(), user, password, allowedPorts);
    }

    public static SquidProxy start(String listenHost, int port, String user, String password,
            List<Integer> allowedPorts) throws IOException {
        return start(UnaryOperator.identity(), listenHost, port, user, password, allowedPorts);
    }

    /**
     * The same, with squid's command (and the readiness probe) passed through {@code where}: e.g.
     * {@code host::command} to run it in a network namespace.
     */
    public static SquidProxy start(UnaryOperator<List<String>> where, String listenHost, int port, String user,
            String password, List<Integer> allowedPorts) throws IOException {
        if (!Files.isExecutable(SQUID) || !Files.isExecutable(NCSA_AUTH)) {
            throw new IllegalStateException(SQUID + " missing: apt-get install -y squid apache2-utils");
        }
        Path dir = Files.createTempDirectory("warren-squid-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path htpasswd = dir.resolve("htpasswd");
        ProcessResult made = Processes.run(new ProcessBuilder("htpasswd", "-b", "-B", "-c", htpasswd.toString(), user,
                password), Duration.ofSeconds(20));
        if (made.exitCode() != 0) {
            throw new IllegalStateException("htpasswd failed: " + made);
        }
        String ports = allowedPorts.stream().map(String::valueOf).collect(Collectors.joining(" "));
        String name = "warren" + port;
        Path config = dir.resolve("squid.conf");
        Files.writeString(config, String.join("\n",
                "http_port " + listenHost + ":" + port,
                "pid_filename " + dir.resolve("squid.pid"),
                "cache_log " + dir.resolve("cache.log"),
                "access_log " + dir.resolve("access.log") + " squid",
                "coredump_dir " + dir,
                "cache_effective_user proxy",
                "cache deny all",
                "cache_mem 8 MB",
                "netdb_filename none",
                "shutdown_lifetime 0 seconds",
                "auth_param basic program " + NCSA_AUTH + " " + htpasswd,
                "auth_param basic realm warren-test-squid",
                "auth_param basic children 2 startup=1 idle=1",
                "acl authenticated proxy_auth REQUIRED",
                "acl warren_ports port " + ports,
                "acl CONNECT method CONNECT",
                "http_access deny !CONNECT",
                "http_access deny !authenticated",
                "http_access deny !warren_ports",
                "http_access allow authenticated",
                "http_access deny all",
                ""));
        for (Path p : List.of(htpasswd, config)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Processes.run(new ProcessBuilder("chown", "-R", "proxy", dir.toString()), Duration.ofSeconds(10));
        Process process = new ProcessBuilder(where.apply(List.of(SQUID.toString(), "-N", "-n", name, "-f",
                config.toString())))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("squid.out").toFile()))
                .start();
        SquidProxy squid = new SquidProxy(dir, process, listenHost, port, where);
        squid.awaitListening();
        return squid;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                close();
                throw new IllegalStateException("squid exited at start: " + log);
            }
            ProcessResult probe = Processes.run(new ProcessBuilder(where.apply(List.of("bash", "-c",
                    "exec 3<>/dev/tcp/" + host + "/" + port))), Duration.ofSeconds(5));
            if (probe.succeeded()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String log = log();
        close();
        throw new IllegalStateException("squid did not listen on " + host + ":" + port + " within 20 s: " + log);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code http://user:password@host:port}. */
    public String url(String user, String password) {
        return "http://" + user + ":" + password + "@" + host + ":" + port;
    }

    /** Squid's access log: one line per CONNECT with its verdict. */
    public String accessLog() {
        return read(dir.resolve("access.log"));
    }

    /** What squid wrote at start and its cache log, for failure messages. */
    public String log() {
        return read(dir.resolve("squid.out")) + read(dir.resolve("cache.log"));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> helpers = process.descendants().toList(); // the auth helpers
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        helpers.forEach(ProcessHandle::destroyForcibly);
        Processes.run(new ProcessBuilder("rm", "-rf", dir.toString()), Duration.ofSeconds(10));
    }
}
