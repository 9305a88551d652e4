package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real {@code warren} jar as a process, the way users run it: long-running commands in the background with their
 * output in files, short ones waited for. Every process gets its own config directory, never the user's.
 */
final class WarrenCli implements AutoCloseable {
    static final String JAVA = System.getProperty("warren.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    static final String JAR = System.getProperty("warren.jar", "../warren-cli/target/warren.jar");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private final List<Process> started = new ArrayList<>();

    WarrenCli(Path dir) {
        this.dir = dir;
        env.put("WARREN_CONFIG_DIR", dir.resolve("config").toString());
    }

    /** Environment for every later process (e.g. WARREN_TOKEN). */
    WarrenCli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Map<String, String> environment() {
        return env;
    }

    /** The command line that starts warren, for ProxyCommand strings. */
    static String commandLine() {
        return JAVA + " --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar " + JAR;
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a command to its end. */
    ProcessResult run(Duration timeout, String... args) {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile());
        pb.environment().putAll(env);
        return Processes.run(pb, timeout);
    }

    /** Starts a long-running command; its output goes to {@code name}.out/.err under the directory. */
    Process start(String name, String... args) throws IOException {
        return startThrough(List.of(), name, args);
    }

    /** As {@link #start}, through {@code wrapper} (e.g. {@code nohup}), which must exec the command (same pid). */
    Process startThrough(List<String> wrapper, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(command(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /**
     * Starts {@code warren relay} on {@code 127.0.0.1:port} with a 1 s keepalive (and {@code extra} options), its log
     * in {@code log}.err, and waits until it listens: a JVM start, which takes long on a busy machine.
     */
    Process startRelay(String logName, String data, int port, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("relay", "--data", data, "--listen", "127.0.0.1:" + port,
                "--keepalive", "1s"));
        args.addAll(List.of(extra));
        Process relay = start(logName, args.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(90)).until(() -> log(logName).contains("listening on"));
        return relay;
    }

    /** Every later command talks to the relay on {@code port} as its admin (token and CA from its data directory). */
    WarrenCli asAdminOf(int port, String data) throws IOException {
        return env("WARREN_RELAY", "127.0.0.1:" + port)
                .env("WARREN_TOKEN", Files.readString(dir.resolve(data).resolve("admin.token")).trim())
                .env("WARREN_CA", dir.resolve(data).resolve("ca.crt").toString());
    }

    /** Enrolls device {@code name} (a fresh one-time token) into the data directory {@code data}. */
    void enroll(String name, String data, int relayPort) {
        String token = lastLine(ok(run(Duration.ofSeconds(60), "admin", "enroll-token", "create")));
        ok(run(Duration.ofSeconds(60), "agent", "enroll", "--relay", "127.0.0.1:" + relayPort, "--token", token,
                "--name", name, "--data", data));
    }

    /** Whether the relay says {@code device} is online (false when it cannot say). */
    boolean online(String device) {
        ProcessResult r = run(Duration.ofSeconds(60), "admin", "devices", "show", device, "--json");
        if (r.exitCode() != 0) {
            return false;
        }
        try {
            return JSON.readTree(r.stdout()).path("online").asBoolean();
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits for {@code device} to be online or not; each look is a CLI run, seconds on a busy machine. */
    void awaitOnline(String device, boolean expected) {
        await().atMost(Duration.ofSeconds(90)).until(() -> online(device) == expected);
    }

    /** {@code r}, having asserted that it succeeded. */
    static ProcessResult ok(ProcessResult r) {
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r;
    }

    /** The last line of a command's output: where the CLI prints a secret or id made for a script to read. */
    static String lastLine(ProcessResult r) {
        String[] lines = r.stdout().strip().split("\n");
        return lines[lines.length - 1];
    }

    String log(String name) {
        return file(name + ".err");
    }

    /** What a command started by {@link #start} wrote to its standard output so far. */
    String out(String name) {
        return file(name + ".out");
    }

    private String file(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "(no file: " + e + ")";
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i);
            p.destroy();
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
