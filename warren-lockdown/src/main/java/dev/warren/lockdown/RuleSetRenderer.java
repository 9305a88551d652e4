package dev.warren.lockdown;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes the {@code table inet warren} script of a {@link LockdownPolicy}: one nft transaction that creates the
 * table if missing, deletes it and defines it again, so loading it twice gives the same rules and never a moment
 * without them.
 */
public final class RuleSetRenderer {
    /** The nftables family and table Warren owns; nothing else is ever touched. */
    public static final String TABLE = "inet warren";

    private final AddressResolver resolver;

    public RuleSetRenderer(AddressResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The script for {@code nft -f}; resolves the relay's name now (and says so in a comment). */
    public String render(LockdownPolicy policy) {
        List<InetAddress> relay = relayAddresses(policy.relay().host());
        StringBuilder out = new StringBuilder();
        header(out, policy, relay);
        out.append("table inet warren {\n");
        sets(out, policy, relay);
        input(out, policy);
        forward(out, policy);
        output(out, policy, relay);
        out.append("}\n");
        return out.toString();
    }

    private List<InetAddress> relayAddresses(String host) {
        List<InetAddress> found;
        try {
            found = isLiteral(host) ? List.of(IpLiteral.parse(host)) : resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new LockdownException("relay " + host + " does not resolve (" + e.getMessage()
                    + "): the rules need its addresses; give an address or fix DNS", e);
        }
        List<InetAddress> sorted = sorted(found);
        if (sorted.isEmpty()) {
            throw new LockdownException("relay " + host + " resolved to no address");
        }
        return sorted;
    }

    private static boolean isLiteral(String host) {
        try {
            IpLiteral.parse(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void header(StringBuilder out, LockdownPolicy policy, List<InetAddress> relay) {
        out.append("#!/usr/sbin/nft -f\n")
                .append("# Warren lockdown (warren lockdown; docs/LOCKDOWN.md): this host talks to its relay and nothing else.\n")
                .append("#   inbound:  loopback, established/related, ICMPv6 neighbour discovery")
                .append(policy.dhcp() ? ", DHCP replies" : "")
                .append(policy.sshFrom().isEmpty() ? "" : ", SSH from " + join(policy.sshFrom()))
                .append(policy.forwardPorts().isEmpty() ? "" : ", forwarder ports from containers")
                .append("\n")
                .append("#   outbound: loopback, established/related, the relay ").append(policy.relay())
                .append(policy.dnsServers().isEmpty() ? "" : ", DNS")
                .append(policy.dhcp() ? ", DHCP" : "")
                .append("\n")
                .append("#   forward:  nothing").append(policy.containerBridges().isEmpty() ? ""
                        : " (containers talk only to each other on their own bridge)").append("\n")
                .append(isLiteral(policy.relay().host())
                        ? "# The relay is given as an address: nothing was resolved.\n"
                        : "# The relay's addresses were resolved from " + policy.relay().host() + " when these rules were made: "
                                + join(relay.stream().map(IpLiteral::format).toList()) + ".\n"
                                + "# If they change, make the rules again (warren lockdown --check shows the difference).\n")
                .append("# Loading is idempotent: create the table if missing, delete it,\n")
                .append("# define it again, all in one transaction. Other tables (Docker's, your own) are not touched.\n")
                .append("table inet warren {}\n")
                .append("delete table inet warren\n\n");
    }

    private static void sets(StringBuilder out, LockdownPolicy policy, List<InetAddress> relay) {
        out.append("\t# the relay ").append(policy.relay().host())
                .append(isLiteral(policy.relay().host()) ? "\n" : " as resolved at generation time\n");
        addressSets(out, "relay", relay);
        if (!policy.dnsServers().isEmpty()) {
            out.append("\t# resolvers the host may query (--allow-dns)\n");
            addressSets(out, "dns", sorted(policy.dnsServers()));
        }
        if (!policy.sshFrom().isEmpty()) {
            out.append("\t# networks allowed to open SSH to this host (--ssh-from)\n");
            networkSet(out, "admin_v4", "ipv4_addr", policy.sshFrom().stream().filter(Cidr::ipv4).toList());
            networkSet(out, "admin_v6", "ipv6_addr", policy.sshFrom().stream().filter(c -> !c.ipv4()).toList());
        }
        if (!policy.forwardPorts().isEmpty()) {
            out.append("\t# the agent's forwarder ports, the only ones containers reach on the host (--forward-port)\n")
                    .append("\tset forwarder_ports {\n\t\ttype inet_service\n\t\telements = { ")
                    .append(join(policy.forwardPorts().stream().sorted().toList())).append(" }\n\t}\n");
        }
        out.append('\n');
    }

    private static void addressSets(StringBuilder out, String name, List<InetAddress> addresses) {
        List<InetAddress> v4 = addresses.stream().filter(a -> a instanceof Inet4Address).toList();
        List<InetAddress> v6 = addresses.stream().filter(a -> !(a instanceof Inet4Address)).toList();
        set(out, name + "_v4", "ipv4_addr", null, v4.stream().map(IpLiteral::format).toList());
        set(out, name + "_v6", "ipv6_addr", null, v6.stream().map(IpLiteral::format).toList());
    }

    private static void networkSet(StringBuilder out, String name, String type, List<Cidr> networks) {
        set(out, name, type, "interval", networks.stream().map(Cidr::toString).toList());
    }

    /** An empty set is still declared, so that every rule that names it stays valid and visible. */
    private static void set(StringBuilder out, String name, String type, String flags, List<String> elements) {
        out.append("\tset ").append(name).append(" {\n\t\ttype ").append(type).append('\n');
        if (flags != null) {
            out.append("\t\tflags ").append(flags).append('\n');
        }
        if (!elements.isEmpty()) {
            out.append("\t\telements = { ").append(String.join(", ", elements)).append(" }\n");
        }
        out.append("\t}\n");
    }

    private static void input(StringBuilder out, LockdownPolicy policy) {
        out.append("""
                \t# Priority filter - 10: a drop in any base chain is final whatever the others (Docker's included) accept,
                \t# so the priority only orders evaluation; conntrack (-200) and Docker's DNAT (-100) have run already.
                \tchain input {
                \t\ttype filter hook input priority filter - 10; policy drop;
                \t\tiif "lo" accept comment "loopback"
                \t\tct state invalid drop comment "not part of any known connection"
                \t\tct state established,related accept comment "replies, ICMP errors (PMTU) and sessions open before the lockdown, the admin's included"
                \t\ttcp flags & (fin | syn | rst | ack) == ack ct state new accept comment "a session open before conntrack tracked it (mid-stream pickup); opens nothing new"
                \t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } ip6 hoplimit 255 accept comment "IPv6 neighbour discovery (not tracked)"
                """);
        if (policy.dhcp()) {
            out.append("""
                    \t\tudp sport 67 udp dport 68 accept comment "DHCP offers and acks (broadcast: not tracked)"
                    \t\tip6 saddr fe80::/10 udp sport 547 udp dport 546 accept comment "DHCPv6 replies"
                    """);
        }
        if (!policy.sshFrom().isEmpty()) {
            out.append("\t\tip saddr @admin_v4 tcp dport ").append(policy.sshPort())
                    .append(" ct state new accept comment \"admin SSH\"\n")
                    .append("\t\tip6 saddr @admin_v6 tcp dport ").append(policy.sshPort())
                    .append(" ct state new accept comment \"admin SSH\"\n");
        }
        if (!policy.forwardPorts().isEmpty()) {
            for (String bridge : sortedBridges(policy)) {
                out.append("\t\tiifname \"").append(bridge)
                        .append("\" tcp dport @forwarder_ports ct state new accept comment \"containers to the agent's forwarders\"\n");
            }
        }
        out.append("\t\tcounter comment \"dropped inbound\"\n\t}\n\n");
    }

    private static void forward(StringBuilder out, LockdownPolicy policy) {
        out.append("""
                \t# Nothing is routed: no NAT to the Internet for containers, no published container port from outside,
                \t# established connections included (a container's connection open before the lockdown ends too).
                \tchain forward {
                \t\ttype filter hook forward priority filter - 10; policy drop;
                """);
        if (!policy.containerBridges().isEmpty()) {
            // Docker's own isolation rules still judge this traffic: a drop in its chains is final too
            for (String bridge : sortedBridges(policy)) {
                out.append("\t\tiifname \"").append(bridge).append("\" oifname \"").append(bridge)
                        .append("\" accept comment \"containers on the same bridge (seen here when br_netfilter is loaded)\"\n");
            }
        }
        out.append("\t\tcounter comment \"dropped forward\"\n\t}\n\n");
    }

    private static void output(StringBuilder out, LockdownPolicy policy, List<InetAddress> relay) {
        String port = Integer.toString(policy.relay().port());
        out.append("""
                \tchain output {
                \t\ttype filter hook output priority filter - 10; policy drop;
                \t\toif "lo" accept comment "loopback"
                \t\tct state invalid drop comment "not part of any known connection"
                \t\tct state established,related accept comment "replies (to containers on forwarder ports too), ICMP errors (PMTU)"
                \t\ttcp flags & (fin | syn | rst | ack) == ack ct state new accept comment "a session open before conntrack tracked it (mid-stream pickup); opens nothing new"
                \t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, mld2-listener-report } accept comment "IPv6 neighbour discovery"
                """);
        out.append("\t\tip daddr @relay_v4 tcp dport ").append(port).append(" accept comment \"the relay\"\n");
        out.append("\t\tip6 daddr @relay_v6 tcp dport ").append(port).append(" accept comment \"the relay\"\n");
        if (!policy.dnsServers().isEmpty()) {
            out.append("""
                    \t\tip daddr @dns_v4 meta l4proto { tcp, udp } th dport 53 accept comment "DNS"
                    \t\tip6 daddr @dns_v6 meta l4proto { tcp, udp } th dport 53 accept comment "DNS"
                    """);
        }
        if (policy.dhcp()) {
            out.append("""
                    \t\tudp sport 68 udp dport 67 accept comment "DHCP"
                    \t\tip6 daddr ff02::1:2 udp sport 546 udp dport 547 accept comment "DHCPv6"
                    """);
        }
        out.append("\t\tcounter comment \"dropped outbound\"\n\t}\n");
    }

    private static List<String> sortedBridges(LockdownPolicy policy) {
        return policy.containerBridges().stream().sorted().toList();
    }

    private static List<InetAddress> sorted(Collection<InetAddress> addresses) {
        return addresses.stream().distinct()
                .sorted(Comparator.comparingInt((InetAddress a) -> a.getAddress().length)
                        .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned))
                .toList();
    }

    private static String join(Collection<?> items) {
        return items.stream().map(Object::toString).collect(Collectors.joining(", "));
    }
}
