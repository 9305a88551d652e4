package dev.warren.it;

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
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".err"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
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
