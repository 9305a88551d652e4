package dev.warren.testing.netns;

import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One network namespace of a {@link NetworkLab}: a host with its own interfaces, routes and firewall.
 * Commands run in it through {@code ip netns exec}, which execs the command, so a started process's
 * pid is the command's own.
 */
public final class Host {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String role;
    private final String namespace;
    private final List<Process> started = new CopyOnWriteArrayList<>();

    Host(String role, String namespace) {
        this.role = Objects.requireNonNull(role, "role");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    /** The name the test gave this host ("gateway", "ot", ...). */
    public String role() {
        return role;
    }

    /** The namespace's name, unique on the machine ({@code ip netns exec NAME ...}). */
    public String namespace() {
        return namespace;
    }

    /** {@code command} prefixed so that it runs in this namespace. */
    public List<String> command(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    /** Runs a command in this namespace to its end (at most 30 s) and returns how it ended. */
    public ProcessResult run(String... command) {
        return run(COMMAND_TIMEOUT, command);
    }

    /** Runs a command in this namespace to its end (at most {@code timeout}) and returns how it ended. */
    public ProcessResult run(Duration timeout, String... command) {
        return Processes.run(new ProcessBuilder(command(List.of(command))), timeout);
    }

    /** Runs a command in this namespace and fails with its output unless it exits with status 0. */
    public ProcessResult exec(String... command) {
        return run(command).requireSuccess();
    }

    /** Feeds {@code script} to {@code nft -f -} (or any command reading stdin) in this namespace. */
    public ProcessResult run(byte[] stdin, String... command) {
        return Processes.run(new ProcessBuilder(command(List.of(command))), COMMAND_TIMEOUT, stdin);
    }

    /**
     * Starts a long-running process in this namespace with its output in {@code logDir/NAME.out} and
     * {@code .err}; the lab destroys it (and what it started) on close.
     */
    public Process start(Path logDir, String name, List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command(command))
                .redirectOutput(logDir.resolve(name + ".out").toFile())
                .redirectError(logDir.resolve(name + ".err").toFile());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command) + " in " + this, e);
        }
    }

    /** Adds a route: {@code ip route add DESTINATION via GATEWAY} ("default" for the default route). */
    public Host route(String destination, String gateway) {
        exec("ip", "route", "add", destination, "via", gateway);
        return this;
    }

    /** Lets this host forward packets between its interfaces (a router). */
    public Host forwarding() {
        exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        return this;
    }

    void stopProcesses() {
        started.forEach(Processes::destroyTree);
        started.clear();
    }

    @Override
    public String toString() {
        return role + " (netns " + namespace + ")";
    }
}
