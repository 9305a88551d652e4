package dev.warren.cli;

import dev.warren.agent.Agent;
import dev.warren.agent.AgentConfig;
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
    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with data, relay, services and keepalive; options given here win.")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR", description = "Identity from 'agent enroll' (default: agent-data).")
    Path data;

    @Option(names = "--relay", paramLabel = "HOST:PORT", converter = HostPorts.class, description = "Override the relay recorded at enrollment.")
    HostPort relay;

    @Option(names = "--service", paramLabel = "NAME=HOST:PORT", description = "A service to expose (repeatable), e.g. ssh=127.0.0.1:22.")
    List<String> services = List.of();

    @Option(names = "--keepalive", paramLabel = "DURATION", converter = Durations.class, description = "Ping interval when idle (default: 5s).")
    Duration keepalive;

    @Override
    public Integer call() {
        AgentConfigFile file = configFile == null ? AgentConfigFile.NONE : AgentConfigFile.read(configFile);
        Path dataDir = data != null ? data : Path.of(file.data() != null ? file.data() : "agent-data");
        Map<String, HostPort> exposed = new LinkedHashMap<>();
        if (file.services() != null) {
            file.services().forEach((name, address) -> exposed.put(name, HostPort.parse(address)));
        }
        for (String spec : services) {
            Map.Entry<String, HostPort> e = AgentConfig.parseService(spec);
            exposed.put(e.getKey(), e.getValue());
        }
        if (exposed.isEmpty()) {
            throw new CommandFailure(ExitCodes.USAGE, "no services: give --service NAME=HOST:PORT (or services: in --config)");
        }
        HostPort relayOverride = relay != null ? relay : file.relay() == null ? null : HostPort.parse(file.relay(), 7443);
        Duration ping = keepalive != null ? keepalive : file.keepalive() == null ? null : Durations.parse(file.keepalive());
        AgentConfig config = AgentConfig.of(dataDir, exposed).withRelay(relayOverride);
        if (ping != null) {
            config = config.withSession(SessionConfig.DEFAULTS.withKeepalive(ping));
        }
        Agent agent;
        try {
            agent = Agent.start(config);
        } catch (IllegalStateException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
        Signals.awaitShutdown(agent::close);
        return ExitCodes.OK;
    }
}
