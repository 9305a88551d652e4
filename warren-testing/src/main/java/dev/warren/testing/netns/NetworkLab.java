package dev.warren.testing.netns;

import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.Processes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small network of hosts in Linux network namespaces, for tests: {@link #host} makes one, {@link #link}
 * joins two with a veth pair on a /24, {@link Host#route} adds routes. {@link #close} stops every process
 * started in a host and deletes the namespaces (their veths go with them).
 *
 * <p>Names are {@code wl<PID>x<N>} with the JVM's pid, so that a lab left behind by a killed test run
 * is recognised and removed by the next one. Needs root and {@code ip} (iproute2).
 */
public final class NetworkLab implements AutoCloseable {
    private static final String PREFIX = "wl";
    private static final Pattern OURS = Pattern.compile(PREFIX + "(\\d+)x\\d+");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final List<Host> hosts = new ArrayList<>();
    private final String pid = Long.toString(ProcessHandle.current().pid());

    /** A lab on this machine; fails with what is missing when it cannot make namespaces (not root, no iproute2). */
    public NetworkLab() {
        String missing = unavailableReason().orElse(null);
        if (missing != null) {
            throw new IllegalStateException("network namespaces are unavailable: " + missing);
        }
        removeLeftovers();
    }

    /** Why this machine cannot host a lab, if it cannot. */
    public static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("tests that make network namespaces must run as root (user: "
                    + System.getProperty("user.name") + ")");
        }
        try {
            ProcessResult result = Processes.run(new ProcessBuilder("ip", "netns", "list"), TIMEOUT);
            return result.succeeded() ? Optional.empty() : Optional.of("`ip netns list` failed: " + result.describe());
        } catch (RuntimeException e) {
            return Optional.of("cannot run `ip` (install iproute2): " + e.getMessage());
        }
    }

    /** A new host (namespace) with its loopback up. */
    public synchronized Host host(String role) {
        String name = PREFIX + pid + "x" + SEQUENCE.incrementAndGet();
        ip("netns", "add", name);
        Host host = new Host(role, name);
        hosts.add(host);
        host.exec("ip", "link", "set", "lo", "up");
        return host;
    }

    /**
     * Joins {@code a} and {@code b} with a veth pair: {@code a} gets {@code prefix.aHost}, {@code b} gets
     * {@code prefix.bHost}, both /24 (e.g. {@code link(ot, 1, gateway, 2, "10.71.1")}).
     */
    public synchronized void link(Host a, int aHost, Host b, int bHost, String prefix) {
        int n = SEQUENCE.incrementAndGet();
        // interface names are at most 15 characters; unique per lab, and the namespace scopes them after the move
        String aIf = "wv" + n + "a";
        String bIf = "wv" + n + "b";
        ip("link", "add", aIf, "netns", a.namespace(), "type", "veth", "peer", "name", bIf, "netns", b.namespace());
        a.exec("ip", "addr", "add", prefix + "." + aHost + "/24", "dev", aIf);
        b.exec("ip", "addr", "add", prefix + "." + bHost + "/24", "dev", bIf);
        a.exec("ip", "link", "set", aIf, "up");
        b.exec("ip", "link", "set", bIf, "up");
    }

    @Override
    public synchronized void close() {
        hosts.forEach(Host::stopProcesses);
        for (Host host : hosts) {
            Processes.run(new ProcessBuilder("ip", "netns", "del", host.namespace()), TIMEOUT);
        }
        hosts.clear();
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Processes.run(new ProcessBuilder(command), TIMEOUT).requireSuccess();
    }

    /** Deletes namespaces that a lab of a JVM no longer running left behind. */
    private static void removeLeftovers() {
        ProcessResult list = Processes.run(new ProcessBuilder("ip", "netns", "list"), TIMEOUT);
        for (String line : list.stdout().split("\n")) {
            String name = line.split(" ", 2)[0];
            Matcher matcher = OURS.matcher(name);
            if (matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
                Processes.run(new ProcessBuilder("ip", "netns", "del", name), TIMEOUT);
            }
        }
    }
}
