package dev.warren.cli;

import dev.warren.agent.Agent;
import dev.warren.agent.AgentConfig;
import dev.warren.agent.Forward;
import dev.warren.common.net.HostPort;
import dev.warren.protocol.session.SessionConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren agent run}: connect to the relay and expose the configured services, forever. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the agent: dial out to the relay (mutual TLS), expose exactly the services given, reconnect forever."})
final class AgentRunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file with data, relay, services and keepalive, or with identities: a list of {data,"
                    + " services, relay} for several device identities in one agent; options given here win.")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR", description = "Identity from 'agent enroll' (default: agent-data).")
    Path data;

    @Option(names = "--relay", paramLabel = "HOST:PORT", converter = HostPorts.class, description = "Override the relay recorded at enrollment.")
    HostPort relay;

    @Option(names = "--service", paramLabel = "NAME=HOST:PORT", description = "A service to expose (repeatable), e.g. ssh=127.0.0.1:22.")
    List<String> services = List.of();

    @Option(names = "--forward", paramLabel = "LISTEN=DEVICE/SERVICE",
            description = "A service forwarder (repeatable): connections to LISTEN go through the relay to SERVICE of"
                    + " DEVICE, under a device-to-device grant, e.g. 172.17.0.1:15432=plant-b/postgres.")
    List<String> forwardSpecs = List.of();

    @Option(names = "--keepalive", paramLabel = "DURATION", converter = Durations.class, description = "Ping interval when idle (default: 5s).")
    Duration keepalive;

    @Option(names = "--renew-before", paramLabel = "DURATION", converter = Durations.class,
            description = "Renew the device certificate when this much validity is left (default: a third of its life).")
    Duration renewBefore;

    @picocli.CommandLine.Mixin
    ProxyOptions proxyOptions = new ProxyOptions();

    @Option(names = "--transport", paramLabel = "tls|wss", defaultValue = "tls",
            description = "How to carry the session: tls (default) or wss (WebSocket over HTTPS, where only HTTPS passes).")
    String transport;

    @Override
    public Integer call() {
        AgentConfigFile file = configFile == null ? AgentConfigFile.NONE : AgentConfigFile.read(configFile);
        if (file.hasIdentities()) {
            return runIdentities(file);
        }
        Path dataDir = data != null ? data : Path.of(file.data() != null ? file.data() : "agent-data");
        Map<String, HostPort> exposed = new LinkedHashMap<>();
        if (file.services() != null) {
            file.services().forEach((name, address) -> exposed.put(name, HostPort.parse(address)));
        }
        // a --service replaces the config file's service of that name, but two of them would leave one unsaid
        Map<String, HostPort> given = new LinkedHashMap<>();
        for (String spec : services) {
            Map.Entry<String, HostPort> e = AgentConfig.parseService(spec);
            HostPort before = given.put(e.getKey(), e.getValue());
            if (before != null) {
                throw new CommandFailure(ExitCodes.USAGE, "--service " + e.getKey() + " given twice (" + before + " and "
                        + e.getValue() + "; expected: each service name once)");
            }
        }
        exposed.putAll(given);
        List<Forward> forwards = new java.util.ArrayList<>(forwards(file.forwards(), configFile + ": forwards"));
        forwards.addAll(forwards(forwardSpecs, "--forward"));
        if (exposed.isEmpty() && forwards.isEmpty()) {
            throw new CommandFailure(ExitCodes.USAGE, "no services and no forwarders: give --service NAME=HOST:PORT or"
                    + " --forward LISTEN=DEVICE/SERVICE (or services: / forwards: in --config)");
        }
        HostPort relayOverride = relay != null ? relay : file.relay() == null ? null : HostPort.parse(file.relay(), 7443);
        Duration ping = keepalive != null ? keepalive : file.keepalive() == null ? null : Durations.parse(file.keepalive());
        AgentConfig config = AgentConfig.of(dataDir, exposed).withRelay(relayOverride).withRenewBefore(renewBefore)
                .withForwards(forwards);
        config = config.withProxy(proxyOptions.choose(relayOf(dataDir, relayOverride))).withTransport(transport());
        if (ping != null) {
            config = config.withSession(SessionConfig.DEFAULTS.withKeepalive(ping));
        }
        Agent agent;
        try {
            agent = Agent.start(config);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
        Signals.awaitShutdown(agent::close);
        return ExitCodes.OK;
    }

    private dev.warren.transport.Transport transport() {
        try {
            return dev.warren.transport.Transport.parse(transport);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** The relay this agent dials, for choosing its proxy (NO_PROXY). */
    private static HostPort relayOf(Path dataDir, HostPort override) {
        if (override != null) {
            return override;
        }
        try {
            return new dev.warren.agent.AgentFiles(dataDir).enrolledRelay();
        } catch (IllegalStateException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** The forwarders of the config file, then those of the command line; a bad one is a usage error. */
    /** {@code where}: the option or config key the specs came from, which a refusal names (once). */
    static List<Forward> forwards(List<String> specs, String where) {
        List<Forward> all = new java.util.ArrayList<>();
        try {
            for (String spec : specs == null ? List.<String>of() : specs) {
                all.add(Forward.parse(spec));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, where + ": " + e.getMessage());
        }
        return all;
    }

    /** Several device identities in this process: one {@link Agent} (connection, certificate, services) each. */
    private int runIdentities(AgentConfigFile file) {
        if (data != null || !services.isEmpty() || !forwardSpecs.isEmpty() || file.data() != null
                || file.services() != null || file.forwards() != null) {
            throw new CommandFailure(ExitCodes.USAGE, configFile + ": identities with data or services (expected:"
                    + " either identities, each with its data and services, or one data and services)");
        }
        Duration ping = keepalive != null ? keepalive : file.keepalive() == null ? null : Durations.parse(file.keepalive());
        List<AgentConfig> configs = new java.util.ArrayList<>();
        java.util.Set<Path> dirs = new java.util.HashSet<>();
        for (int i = 0; i < file.identities().size(); i++) {
            AgentConfigFile.Identity id = file.identities().get(i);
            String where = configFile + ": identities[" + i + "]";
            if (id == null || id.data() == null || ((id.services() == null || id.services().isEmpty())
                    && (id.forwards() == null || id.forwards().isEmpty()))) {
                throw new CommandFailure(ExitCodes.USAGE, where + ": (expected: data and at least one service or"
                        + " forwarder)");
            }
            Path dir = Path.of(id.data()).toAbsolutePath().normalize();
            if (!dirs.add(dir)) {
                throw new CommandFailure(ExitCodes.USAGE, where + ": data " + dir + " is used twice (expected: each"
                        + " identity its own enrolled directory)");
            }
            Map<String, HostPort> exposed = new LinkedHashMap<>();
            if (id.services() != null) {
                id.services().forEach((name, address) -> exposed.put(name, HostPort.parse(address)));
            }
            String relayText = id.relay() != null ? id.relay() : file.relay();
            HostPort relayOverride = relay != null ? relay : relayText == null ? null : HostPort.parse(relayText, 7443);
            AgentConfig config = AgentConfig.of(dir, exposed).withRelay(relayOverride).withRenewBefore(renewBefore)
                    .withForwards(forwards(id.forwards(), where + ": forwards"));
            configs.add(ping == null ? config : config.withSession(SessionConfig.DEFAULTS.withKeepalive(ping)));
        }
        // only once every identity's settings are valid: choosing the proxy reads each enrolled directory
        configs.replaceAll(config -> config.withProxy(proxyOptions.choose(relayOf(config.dataDir(), config.relay())))
                .withTransport(transport()));
        List<Agent> agents = new java.util.ArrayList<>();
        Runnable stopAll = () -> agents.forEach(Agent::close);
        try {
            java.util.Set<String> devices = new java.util.HashSet<>();
            for (AgentConfig config : configs) {
                Agent agent = Agent.start(config);
                agents.add(agent);
                if (!devices.add(agent.deviceId())) {
                    throw new IllegalStateException(config.dataDir() + " holds device " + agent.deviceId()
                            + ", which another identity already runs (expected: one enrollment per identity)");
                }
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            stopAll.run();
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
        Signals.awaitShutdown(stopAll);
        return ExitCodes.OK;
    }
}
