package dev.warren.cli;

import dev.warren.common.net.HostPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@code warren agent run}, read without picocli: the agent runs for months on small devices,
 * and picocli's model of a command (its classes, the reflection data of every option, the JDK classes its built-in
 * converters name) stays in the process for as long as it runs, ~2.8 MB of its ~70 MB idle. Only a well-formed line
 * made of the options below is read here; anything else (help, a misspelled or unknown option, a bad value, an
 * {@code @file}) is left to picocli, which reads it exactly as before and says what is wrong. The options are those
 * of {@link AgentRunCommand} (and its {@link ProxyOptions}) plus the top level's {@code -v}: AgentRunArgsTest fails
 * when one is added there and not here, and reads a set of lines both ways.
 */
final class AgentRunArgs {
    /** Options that take a value ({@code --name value} or {@code --name=value}). */
    static final Set<String> WITH_VALUE = Set.of("--config", "--data", "--relay", "--service", "--forward",
            "--keepalive", "--renew-before", "--proxy", "--proxy-credentials", "--transport");
    /** Flags: the top level's verbose switch, which picocli accepts anywhere (it reaches every subcommand). */
    static final Set<String> FLAGS = Set.of("-v", "--verbose");
    /** The options that may be given more than once (picocli refuses a second value for any other). */
    static final Set<String> REPEATABLE = Set.of("--service", "--forward");

    private AgentRunArgs() {}

    /** The command, filled in as picocli would fill it, when {@code args} is a line this class reads; else empty. */
    static Optional<AgentRunCommand> parse(String... args) {
        AgentRunCommand command = new AgentRunCommand();
        List<String> services = new ArrayList<>();
        List<String> forwards = new ArrayList<>();
        Set<String> given = new java.util.HashSet<>();
        int words = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("-")) {
                    // the two words, in order; anything else positional is picocli's to refuse
                    if (words == 0 && arg.equals("agent") || words == 1 && arg.equals("run")) {
                        words++;
                        continue;
                    }
                    return Optional.empty();
                }
                if (FLAGS.contains(arg)) {
                    continue;
                }
                if (words < 2) {
                    return Optional.empty(); // options of the top level or of `agent` (help, version)
                }
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg : arg.substring(0, eq);
                if (!WITH_VALUE.contains(name) || !given.add(name) && !REPEATABLE.contains(name)) {
                    return Optional.empty();
                }
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                    value = args[++i];
                } else {
                    return Optional.empty(); // picocli says which value is missing
                }
                switch (name) {
                    case "--config" -> command.configFile = Path.of(value);
                    case "--data" -> command.data = Path.of(value);
                    case "--relay" -> command.relay = HostPort.parse(value);
                    case "--service" -> services.add(value);
                    case "--forward" -> forwards.add(value);
                    case "--keepalive" -> command.keepalive = Durations.parse(value);
                    case "--renew-before" -> command.renewBefore = Durations.parse(value);
                    case "--proxy" -> command.proxyOptions.proxy = value;
                    case "--proxy-credentials" -> command.proxyOptions.credentials = Path.of(value);
                    case "--transport" -> command.transport = value;
                    default -> throw new IllegalStateException("option " + name + " known but not read");
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty(); // a value picocli's converters refuse too, with their own message
        }
        if (words < 2) {
            return Optional.empty();
        }
        if (!services.isEmpty()) {
            command.services = services;
        }
        if (!forwards.isEmpty()) {
            command.forwardSpecs = forwards;
        }
        if (command.transport == null) {
            command.transport = "tls"; // the option's defaultValue
        }
        return Optional.of(command);
    }
}
