package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.testing.TempDirs;
import dev.warren.testing.netns.Host;
import dev.warren.testing.netns.NetworkLab;
import dev.warren.testing.openssh.ProcessResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * User story 4 in network namespaces, with the real jar and real nftables: {@code warren lockdown --apply} inside a
 * {@code host} namespace that routes for a {@code container} namespace behind its bridge, next to a {@code relay}
 * namespace running a real relay, an {@code internet} namespace with an echo server and an {@code admin} namespace.
 * Every path is open before, only the allowed ones after, and all again after {@code --remove}.
 *
 * <pre>
 *   container 10.51.9.2 ─ wbr0 10.51.9.1 [host] 10.51.2.1 ─ 10.51.2.2 relay (warren relay [::]:7443)
 *                                         [host] fd51:2::1 ─ fd51:2::2
 *                                         [host] 10.51.3.1 ─ 10.51.3.2 internet (echo :7007, client)
 *                                         [host] fd51:3::1 ─ fd51:3::2
 *                                         [host] 10.51.4.1 ─ 10.51.4.2 admin (allowed SSH source)
 *                                    relay 10.51.5.1 ─ 10.51.5.2 plant (second agent, device plant-b, service postgres)
 * </pre>
 *
 * <p>Locked down, the container's one way out is the agent's forwarder on the host: {@code --forward
 * 10.51.9.1:15432=plant-b/postgres} carries it through the relay, under a device-to-device grant, to the service of a
 * second agent in a third namespace.
 */
class LockdownIT {
    /** The relay by name: the real jar resolves it (A and AAAA, from the host namespace's /etc/hosts) when it makes the rules. */
    private static final String RELAY = "relay.test:7443";
    private static final Duration RUN = Duration.ofSeconds(90);

    @Test
    void theHostReachesOnlyTheRelayContainersOnlyTheForwarderPortAndNothingComesInButEstablishedTraffic() throws Exception {
        Path dir = Files.createTempDirectory("warren-lockdown-");
        Path etc = null;
        try (NetworkLab lab = new NetworkLab()) {
            Host host = lab.host("host");
            Host container = lab.host("container");
            Host relay = lab.host("relay");
            Host internet = lab.host("internet");
            Host admin = lab.host("admin");
            Host plant = lab.host("plant");
            lab.link(host, 1, relay, 2, "10.51.2");
            lab.link(host, 1, internet, 2, "10.51.3");
            lab.link(host, 1, admin, 2, "10.51.4");
            lab.link(relay, 1, plant, 2, "10.51.5");
            ipv6(host, "10.51.2.1", "fd51:2::1");
            ipv6(relay, "10.51.2.2", "fd51:2::2");
            ipv6(host, "10.51.3.1", "fd51:3::1");
            ipv6(internet, "10.51.3.2", "fd51:3::2");
            // `ip netns exec` mounts /etc/netns/NAME/hosts over /etc/hosts for what runs in the namespace
            etc = Files.createDirectories(Path.of("/etc/netns", host.namespace()));
            Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n10.51.2.2 relay.test\nfd51:2::2 relay.test\n");
            containerBehindBridge(host, container);
            host.forwarding();
            container.route("default", "10.51.9.1");
            for (Host far : List.of(relay, internet, admin)) {
                far.route("10.51.9.0/24", "10.51." + octet(far) + ".1");
            }
            // something for other tools' rules: lockdown must leave this table alone
            host.exec("nft", "add", "table", "ip", "othertool");

            relay.start(dir, "relay", warren("relay", "--data", dir.resolve("relay-data").toString(), "--listen", "[::]:7443",
                    "--server-name", "relay.test", "--server-name", "10.51.2.2", "--server-name", "10.51.5.1"), Map.of("WARREN_CONFIG_DIR", dir.resolve("relay-config").toString()));
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("relay.err")).contains("listening on"));
            internet.start(dir, "internet-echo", echo(7007), Map.of());
            host.start(dir, "host-service", echo(9000), Map.of());
            host.start(dir, "host-sshd", echo(22), Map.of());
            Process plainForwarder = host.start(dir, "host-forwarder", echo(15432), Map.of());
            await().atMost(Duration.ofSeconds(20)).until(() -> connects(container, "10.51.9.1", 15432)
                    && connects(host, "10.51.3.2", 7007) && connects(internet, "10.51.3.1", 22));

            List<String> lockdown = List.of("lockdown", "--relay", RELAY, "--container-bridge", "wbr0",
                    "--forward-port", "15432", "--ssh-from", "10.51.4.0/24");

            // before: everything is open, and --check says the host is not locked down
            Map<String, Boolean> before = paths(host, container, internet, admin);
            assertThat(before).as("before --apply").allSatisfy((path, open) -> assertThat(open).as(path).isTrue());
            ProcessResult notLoaded = run(host, lockdown, "--check");
            assertThat(notLoaded.exitCode()).as(notLoaded.describe()).isEqualTo(1);
            assertThat(notLoaded.stdout()).contains("not loaded");

            // a connection from the internet opened before the lockdown: established traffic stays (the admin's session)
            Process session = internet.start(dir, "session", List.of("socat", "-", "TCP:10.51.3.1:9000"), Map.of());
            say(session, "before\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("session.out")).contains("before"));

            ProcessResult applied = run(host, lockdown, "--apply");
            assertThat(applied.exitCode()).as(applied.describe()).isZero();
            assertThat(applied.stdout()).contains("New table inet warren:", "+ \t\tip daddr @relay_v4 tcp dport 7443 accept",
                    "+ \t\telements = { 10.51.2.2 }", "+ \t\telements = { fd51:2::2 }");
            ProcessResult printed = run(host, lockdown);
            assertThat(printed.stdout()).contains("resolved from relay.test when these rules were made: 10.51.2.2, fd51:2::2.");
            // IPv6 must find its neighbours through the rules (neighbour discovery), not from a warm cache
            host.exec("ip", "-6", "neigh", "flush", "all");
            relay.exec("ip", "-6", "neigh", "flush", "all");

            Map<String, Boolean> after = paths(host, container, internet, admin);
            Map<String, Boolean> expected = new LinkedHashMap<>();
            expected.put("host -> relay", true);
            expected.put("host -> relay (IPv6)", true);
            expected.put("host -> internet echo", false);
            expected.put("host -> internet echo (IPv6)", false);
            expected.put("container -> relay", false);
            expected.put("container -> internet echo", false);
            expected.put("container -> host forwarder port", true);
            expected.put("container -> host other port", false);
            expected.put("internet -> host service", false);
            expected.put("internet -> host ssh", false);
            expected.put("admin -> host ssh", true);
            expected.put("admin -> host service", false);
            assertThat(after).as("after --apply").containsExactlyEntriesOf(expected);

            say(session, "after\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("session.out")).contains("after"));

            // the host's agent really talks to the relay through the rules: it enrolls
            ProcessResult token = run(relay, List.of("admin", "enroll-token", "create", "--ttl", "10m", "--uses", "1"),
                    "--relay", "10.51.2.2:7443", "--token", Files.readString(dir.resolve("relay-data/admin.token")).strip(),
                    "--ca", dir.resolve("relay-data/ca.crt").toString());
            assertThat(token.exitCode()).as(token.describe()).isZero();
            String[] lines = token.stdout().strip().split("\n");
            ProcessResult enrolled = run(host, List.of("agent", "enroll", "--relay", RELAY, "--token", lines[lines.length - 1],
                    "--name", "airgapped", "--data", dir.resolve("agent-data").toString()));
            assertThat(enrolled.exitCode()).as(enrolled.describe()).isZero();

            // the real forwarder in place of the plain listener: container -> host:15432 -> relay -> plant-b's postgres
            plainForwarder.destroy();
            plainForwarder.waitFor();
            containerReachesAServiceOfAnotherAgentThroughTheForwarder(dir, host, container, relay, plant);

            ProcessResult matches = run(host, lockdown, "--check");
            assertThat(matches.exitCode()).as(matches.describe()).isZero();
            assertThat(matches.stdout()).contains("table inet warren matches");
            ProcessResult differs = run(host, List.of("lockdown", "--relay", RELAY, "--container-bridge", "wbr0",
                    "--forward-port", "15433", "--ssh-from", "10.51.4.0/24"), "--check");
            assertThat(differs.exitCode()).as(differs.describe()).isEqualTo(1);
            assertThat(differs.stdout()).contains("- \t\telements = { 15432 }", "+ \t\telements = { 15433 }");
            ProcessResult again = run(host, lockdown, "--apply");
            assertThat(again.stdout()).contains("already up to date");

            ProcessResult removed = run(host, List.of("lockdown", "--remove"));
            assertThat(removed.exitCode()).as(removed.describe()).isZero();
            assertThat(host.exec("nft", "list", "tables").stdout()).contains("table ip othertool").doesNotContain("warren");
            assertThat(paths(host, container, internet, admin)).as("after --remove").isEqualTo(before);
            ProcessResult gone = run(host, lockdown, "--check");
            assertThat(gone.exitCode()).isEqualTo(1);
            assertThat(gone.stdout()).contains("not loaded");
        } finally {
            TempDirs.delete(dir);
            if (etc != null) {
                Files.deleteIfExists(etc.resolve("hosts"));
                Files.deleteIfExists(etc);
            }
        }
    }

    @Test
    void changingRulesWithoutRootOrWithoutNftIsAClearErrorAndPrintingNeedsNeither() {
        List<String> apply = warren("lockdown", "--relay", "192.0.2.1:443", "--apply");
        List<String> asNobody = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        asNobody.addAll(apply);
        ProcessResult notRoot = dev.warren.testing.openssh.Processes.run(new ProcessBuilder(asNobody), RUN);
        assertThat(notRoot.exitCode()).as(notRoot.describe()).isEqualTo(1);
        assertThat(notRoot.stderr()).contains("warren lockdown --apply needs root (CAP_NET_ADMIN");

        ProcessBuilder noNft = new ProcessBuilder(warren("lockdown", "--remove"));
        noNft.environment().put("WARREN_NFT", "/nonexistent/nft");
        ProcessResult missing = dev.warren.testing.openssh.Processes.run(noNft, RUN);
        assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(1);
        assertThat(missing.stderr()).contains("WARREN_NFT=/nonexistent/nft is not an executable: install nftables");

        List<String> print = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        print.addAll(warren("lockdown", "--relay", "192.0.2.1:443"));
        ProcessResult printed = dev.warren.testing.openssh.Processes.run(new ProcessBuilder(print), RUN);
        assertThat(printed.exitCode()).as(printed.describe()).isZero();
        assertThat(printed.stdout()).startsWith("#!/usr/sbin/nft -f").contains("ip daddr @relay_v4 tcp dport 443 accept");

        ProcessResult noRelay = dev.warren.testing.openssh.Processes.run(new ProcessBuilder(warren("lockdown", "--dhcp")), RUN);
        assertThat(noRelay.exitCode()).isEqualTo(2);
        assertThat(noRelay.stderr()).contains("--relay HOST:PORT is required");
    }

    private static void containerReachesAServiceOfAnotherAgentThroughTheForwarder(Path dir, Host host, Host container,
            Host relay, Host plant) throws Exception {
        List<String> admin = List.of("--relay", "10.51.2.2:7443", "--token",
                Files.readString(dir.resolve("relay-data/admin.token")).strip(), "--ca", dir.resolve("relay-data/ca.crt").toString());
        ProcessResult token = run(relay, List.of("admin", "enroll-token", "create", "--ttl", "10m", "--uses", "1"),
                admin.toArray(String[]::new));
        assertThat(token.exitCode()).as(token.describe()).isZero();
        String[] lines = token.stdout().strip().split("\n");
        ProcessResult enrolled = run(plant, List.of("agent", "enroll", "--relay", "10.51.5.1:7443", "--token",
                lines[lines.length - 1], "--name", "plant-b", "--data", dir.resolve("plant-data").toString()));
        assertThat(enrolled.exitCode()).as(enrolled.describe()).isZero();
        // the plant's service says who it is, so that an answer cannot come from anything on the host
        plant.start(dir, "plant-postgres", List.of("socat", "TCP4-LISTEN:5432,bind=127.0.0.1,fork,reuseaddr",
                "SYSTEM:echo plant-b postgres; cat"), Map.of());
        plant.start(dir, "plant-agent", warren("agent", "run", "--data", dir.resolve("plant-data").toString(),
                "--service", "postgres=127.0.0.1:5432"), Map.of());
        host.start(dir, "host-agent", warren("agent", "run", "--data", dir.resolve("agent-data").toString(),
                "--forward", "10.51.9.1:15432=plant-b/postgres"), Map.of());

        // the forwarder listens (the plain listener is gone), but without a device-to-device grant the relay refuses:
        // the container's connection is closed with nothing from the plant
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> connects(container, "10.51.9.1", 15432));
        assertThat(throughForwarder(container).stdout()).doesNotContain("plant-b postgres");

        List<String> grant = new ArrayList<>(List.of("admin", "grant", "create", "--from-device", "airgapped", "--device",
                "plant-b", "--service", "postgres", "--for", "10m", "--reason", "lockdown end to end"));
        grant.addAll(admin);
        ProcessResult granted = run(relay, grant);
        assertThat(granted.exitCode()).as(granted.describe()).isZero();

        // bounded: both agents connect and the forwarder binds within the wait
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String answer = throughForwarder(container).stdout();
            return answer.contains("plant-b postgres") && answer.contains("hello from the container");
        });
        // and still nothing else: the container cannot reach the plant or the relay around the forwarder
        assertThat(connects(container, "10.51.2.2", 7443)).isFalse();
    }

    private static ProcessResult throughForwarder(Host container) {
        return container.run("hello from the container\n".getBytes(StandardCharsets.UTF_8), "socat", "-T", "3", "-",
                "TCP4:10.51.9.1:15432,connect-timeout=2");
    }

    /** What is reachable from where: a TCP connection that completes (dropped SYNs time out). */
    private static Map<String, Boolean> paths(Host host, Host container, Host internet, Host admin) {
        Map<String, Boolean> paths = new LinkedHashMap<>();
        paths.put("host -> relay", connects(host, "10.51.2.2", 7443));
        paths.put("host -> relay (IPv6)", connects(host, "[fd51:2::2]", 7443));
        paths.put("host -> internet echo", connects(host, "10.51.3.2", 7007));
        paths.put("host -> internet echo (IPv6)", connects(host, "[fd51:3::2]", 7007));
        paths.put("container -> relay", connects(container, "10.51.2.2", 7443));
        paths.put("container -> internet echo", connects(container, "10.51.3.2", 7007));
        paths.put("container -> host forwarder port", connects(container, "10.51.9.1", 15432));
        paths.put("container -> host other port", connects(container, "10.51.9.1", 9000));
        paths.put("internet -> host service", connects(internet, "10.51.3.1", 9000));
        paths.put("internet -> host ssh", connects(internet, "10.51.3.1", 22));
        paths.put("admin -> host ssh", connects(admin, "10.51.4.1", 22));
        paths.put("admin -> host service", connects(admin, "10.51.4.1", 9000));
        return paths;
    }

    private static boolean connects(Host from, String address, int port) {
        return from.run(Duration.ofSeconds(10), "socat", "-u", "/dev/null",
                (address.startsWith("[") ? "TCP6:" : "TCP4:") + address + ":" + port + ",connect-timeout=2").succeeded();
    }

    /** Adds an IPv6 address (no duplicate detection delay) to the interface that holds {@code ipv4}. */
    private static void ipv6(Host host, String ipv4, String ipv6) {
        String line = host.exec("ip", "-o", "-4", "addr", "show", "to", ipv4).stdout().strip();
        String iface = line.split("\\s+")[1];
        host.exec("ip", "-6", "addr", "add", ipv6 + "/64", "dev", iface, "nodad");
    }

    private static void containerBehindBridge(Host host, Host container) {
        host.exec("ip", "link", "add", "wbr0", "type", "bridge");
        host.exec("ip", "addr", "add", "10.51.9.1/24", "dev", "wbr0");
        host.exec("ip", "link", "set", "wbr0", "up");
        host.exec("ip", "link", "add", "wcv0", "type", "veth", "peer", "name", "eth0", "netns", container.namespace());
        host.exec("ip", "link", "set", "wcv0", "master", "wbr0");
        host.exec("ip", "link", "set", "wcv0", "up");
        container.exec("ip", "addr", "add", "10.51.9.2/24", "dev", "eth0");
        container.exec("ip", "link", "set", "eth0", "up");
    }

    private static int octet(Host far) {
        return switch (far.role()) {
            case "relay" -> 2;
            case "internet" -> 3;
            default -> 4;
        };
    }

    private static List<String> echo(int port) {
        // an IPv6 socket that also accepts IPv4 (bindv6only is 0 in a new namespace)
        return List.of("socat", "TCP6-LISTEN:" + port + ",fork,reuseaddr", "EXEC:cat");
    }

    private static List<String> warren(String... args) {
        List<String> command = new ArrayList<>(WarrenCli.command(args));
        command.set(command.indexOf(WarrenCli.JAR), Path.of(WarrenCli.JAR).toAbsolutePath().toString());
        return command;
    }

    private static ProcessResult run(Host where, List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return where.run(RUN, warren(all.toArray(String[]::new)).toArray(String[]::new));
    }

    private static void say(Process process, String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
