package dev.warren.lockdown;

import dev.warren.common.net.HostPort;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a locked-down host may still do.
 *
 * @param relay the relay the agent dials (a name is resolved when the rules are made)
 * @param dnsServers resolvers the host may query on port 53 (UDP and TCP)
 * @param dhcp whether the host may run a DHCP (and DHCPv6) client
 * @param containerBridges interfaces of container networks ({@code docker0}, {@code br-*}): nothing is forwarded from
 *     or to them, and they reach the host only on {@code forwardPorts}
 * @param forwardPorts TCP ports of the agent's forwarders that containers may reach on the host
 * @param sshFrom networks from which new SSH connections to the host are accepted (none: no new inbound at all)
 * @param sshPort the port of the host's sshd
 */
public record LockdownPolicy(
        HostPort relay,
        List<InetAddress> dnsServers,
        boolean dhcp,
        List<String> containerBridges,
        List<Integer> forwardPorts,
        List<Cidr> sshFrom,
        int sshPort) {
    /** Interface names as the kernel allows them (at most 15 characters), with nft's trailing {@code *} wildcard. */
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:+-]{1,15}\\*?|[A-Za-z0-9_.:+-]{0,14}\\*");

    public LockdownPolicy {
        Objects.requireNonNull(relay, "relay");
        dnsServers = List.copyOf(dnsServers);
        containerBridges = List.copyOf(containerBridges);
        forwardPorts = List.copyOf(forwardPorts);
        sshFrom = List.copyOf(sshFrom);
        for (String bridge : containerBridges) {
            if (!INTERFACE.matcher(bridge).matches() || bridge.equals("*")) {
                throw new IllegalArgumentException("container bridge: " + bridge
                        + " (expected: an interface name of at most 15 letters, digits or _.:+-, optionally ending in *)");
            }
        }
        for (int port : forwardPorts) {
            checkPort("forward port", port);
        }
        checkPort("ssh port", sshPort);
        checkPort("relay port", relay.port());
        if (!forwardPorts.isEmpty() && containerBridges.isEmpty()) {
            throw new IllegalArgumentException("--forward-port " + forwardPorts.getFirst()
                    + " needs --container-bridge: forwarder ports are opened to containers only");
        }
        if (containerBridges.stream().distinct().count() != containerBridges.size()
                || forwardPorts.stream().distinct().count() != forwardPorts.size()) {
            throw new IllegalArgumentException("a container bridge or forward port is given twice");
        }
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + ": " + port + " (expected: 1..65535)");
        }
    }
}
