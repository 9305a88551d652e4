package dev.warren.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warren.agent.Agent;
import dev.warren.agent.AgentConfig;
import dev.warren.common.net.HostPort;
import dev.warren.protocol.session.SessionConfig;
import java.io.IOException;
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

    /** The YAML form: unknown keys are errors. */
    record FileConfig(@JsonProperty("data") String data, @JsonProperty("relay") String relay,
            @JsonProperty("services") Map<String, String> services, @JsonProperty("keepalive") String keepalive) {}

    @Override
    public Integer call() {
        FileConfig file = configFile == null ? new FileConfig(null, null, null, null) : read(configFile);
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

    static FileConfig read(Path path) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return yaml.readValue(path.toFile(), FileConfig.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new CommandFailure(ExitCodes.USAGE, path + ": unknown key '" + e.getPropertyName()
                    + "' (expected: data, relay, services, keepalive)");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CommandFailure(ExitCodes.USAGE, path + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.USAGE, path + ": " + e.getMessage());
        }
    }
}
