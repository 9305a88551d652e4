package dev.warren.cli;

import dev.warren.common.net.HostPort;
import dev.warren.lockdown.AddressResolver;
import dev.warren.lockdown.Cidr;
import dev.warren.lockdown.IpLiteral;
import dev.warren.lockdown.Lockdown;
import dev.warren.lockdown.LockdownException;
import dev.warren.lockdown.LockdownPolicy;
import dev.warren.lockdown.RuleSetRenderer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warren lockdown}: prints, applies, checks or removes the nftables rules of an air-gapped host. */
@Command(name = "lockdown", mixinStandardHelpOptions = true,
        description = {"Print (or --apply) the nftables rules that make this host air-gapped except for the relay.",
            "The rules (table inet warren): no inbound but established traffic (and --ssh-from), outbound only to the relay (DNS, DHCP if asked), nothing forwarded from containers, containers reach the host only on --forward-port. See docs/LOCKDOWN.md.",
            "With --apply, show what changes and load them; --check compares them with the live rules; --remove deletes Warren's table only."})
final class LockdownCommand implements Callable<Integer> {
    @Option(names = "--relay", paramLabel = "HOST:PORT", converter = HostPorts.class,
            description = "The relay the agent dials; a name is resolved now (IPv4 and IPv6).")
    HostPort relay;

    @Option(names = "--allow-dns", paramLabel = "IP", description = "A DNS server the host may query (repeatable).")
    List<String> dns = new ArrayList<>();

    @Option(names = "--dhcp", description = "Let the host run a DHCP and DHCPv6 client.")
    boolean dhcp;

    @Option(names = "--container-bridge", paramLabel = "IFACE",
            description = "A container network's interface (docker0, br-*); nothing is forwarded from or to it (repeatable).")
    List<String> bridges = new ArrayList<>();

    @Option(names = "--forward-port", paramLabel = "PORT",
            description = "A TCP port of the agent's forwarders that containers may reach on the host (repeatable).")
    List<Integer> forwardPorts = new ArrayList<>();

    @Option(names = "--ssh-from", paramLabel = "CIDR", description = "A network that may open SSH to the host (repeatable).")
    List<String> sshFrom = new ArrayList<>();

    @Option(names = "--ssh-port", paramLabel = "PORT", defaultValue = "22", description = "The host's SSH port (default: ${DEFAULT-VALUE}).")
    int sshPort;

    @ArgGroup(exclusive = true)
    Mode mode;

    @Spec
    CommandSpec spec;

    static final class Mode {
        @Option(names = "--apply", description = "Show the difference with the live rules, then load the new ones (root).")
        boolean apply;

        @Option(names = "--check", description = "Exit 0 if the live rules match, 1 with the difference if not (root).")
        boolean check;

        @Option(names = "--remove", description = "Delete table inet warren; other tables are not touched (root).")
        boolean remove;
    }


    @Override
    public Integer call() {
        try {
            if (mode != null && mode.remove) {
                refuseRuleOptions();
                return remove();
            }
            String script = new RuleSetRenderer(AddressResolver.SYSTEM).render(policy());
            if (mode == null) {
                System.out.print(script);
                return ExitCodes.OK;
            }
            return mode.apply ? apply(script) : check(script);
        } catch (LockdownException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage());
        }
    }

    private LockdownPolicy policy() {
        if (relay == null) {
            throw new IllegalArgumentException("--relay HOST:PORT is required (the only destination the host may reach)");
        }
        List<InetAddress> servers = dns.stream().map(s -> option("--allow-dns", s, IpLiteral::parse)).toList();
        List<Cidr> admins = sshFrom.stream().map(s -> option("--ssh-from", s, Cidr::parse)).toList();
        return new LockdownPolicy(relay, servers, dhcp, bridges, forwardPorts, admins, sshPort);
    }

    /** A value's problem, prefixed with the option it came from ("--ssh-from: address: banana (...)"). */
    private static <T> T option(String name, String value, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private int apply(String script) {
        Lockdown lockdown = Lockdown.onThisHost("warren lockdown --apply");
        PrintStream out = System.out;
        String diff = lockdown.diff(script);
        if (diff.isEmpty()) {
            out.println("table inet warren is already up to date: nothing to change");
            return ExitCodes.OK;
        }
        out.println(lockdown.present() ? "Changes to table inet warren:" : "New table inet warren:");
        out.print(diff);
        lockdown.apply(script);
        out.println("Loaded. Connections already open (this session too) stay open; new ones follow the rules above.");
        if (sshFrom.isEmpty()) {
            out.println("No --ssh-from: no new inbound connection is accepted, SSH included.");
        }
        return ExitCodes.OK;
    }

    private int check(String script) {
        Lockdown lockdown = Lockdown.onThisHost("warren lockdown --check");
        if (!lockdown.present()) {
            System.out.println("table inet warren is not loaded: the host is not locked down");
            return ExitCodes.FAILURE;
        }
        String diff = lockdown.diff(script);
        if (diff.isEmpty()) {
            System.out.println("table inet warren matches");
            return ExitCodes.OK;
        }
        System.out.println("table inet warren differs (- live, + expected):");
        System.out.print(diff);
        return ExitCodes.FAILURE;
    }

    /** --remove deletes the whole table whatever rules were asked for: an option that shapes rules would be ignored. */
    private void refuseRuleOptions() {
        List<String> given = spec.commandLine().getParseResult().matchedOptions().stream()
                .filter(o -> !o.inherited() && !o.usageHelp() && !o.versionHelp() && !"--remove".equals(o.longestName()))
                .map(OptionSpec::longestName).distinct().toList();
        if (!given.isEmpty()) {
            throw new CommandFailure(ExitCodes.USAGE, "--remove deletes table inet warren whatever the rules; "
                    + String.join(", ", given) + " would be ignored (expected: --remove alone)");
        }
    }

    private static int remove() {
        Lockdown lockdown = Lockdown.onThisHost("warren lockdown --remove");
        System.out.println(lockdown.remove() ? "table inet warren removed; other tables untouched"
                : "table inet warren was not loaded: nothing to remove");
        return ExitCodes.OK;
    }
}
