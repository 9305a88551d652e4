package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code agent run}'s line read without picocli: the same options, the same values, everything else left to picocli. */
class AgentRunArgsTest {
    /** The options picocli knows for {@code agent run}, from the annotations: name to "is its field a list". */
    private static Map<String, Boolean> picocliOptions() {
        Map<String, Boolean> options = new LinkedHashMap<>();
        List<Field> fields = new ArrayList<>(List.of(AgentRunCommand.class.getDeclaredFields()));
        fields.addAll(List.of(ProxyOptions.class.getDeclaredFields()));
        fields.addAll(List.of(Warren.class.getDeclaredFields()));
        for (Field field : fields) {
            CommandLine.Option option = field.getAnnotation(CommandLine.Option.class);
            if (option != null) {
                for (String name : option.names()) {
                    options.put(name, List.class.isAssignableFrom(field.getType()));
                }
            }
        }
        return options;
    }

    @Test
    void knowsEveryOptionOfTheCommandAndNoOther() {
        Map<String, Boolean> options = picocliOptions();
        Set<String> known = new HashSet<>(AgentRunArgs.WITH_VALUE);
        known.addAll(AgentRunArgs.FLAGS);
        assertThat(known).as("add a new option of AgentRunCommand to AgentRunArgs too")
                .containsExactlyInAnyOrderElementsOf(options.keySet());
        options.forEach((name, list) -> assertThat(AgentRunArgs.REPEATABLE.contains(name)).as(name).isEqualTo(list));
        assertThat(AgentRunCommand.class.getAnnotation(CommandLine.Command.class).mixinStandardHelpOptions()).isTrue();
    }

    /** What picocli makes of a line: the {@code agent run} command it filled in. */
    private static AgentRunCommand picocli(String... args) {
        CommandLine cli = new CommandLine(new Warren());
        cli.addSubcommand("agent", new AgentCommand());
        cli.parseArgs(args);
        return cli.getSubcommands().get("agent").getSubcommands().get("run").getCommand();
    }

    private static List<Object> values(AgentRunCommand c) {
        return java.util.Arrays.asList(c.configFile, c.data, c.relay, List.copyOf(c.services), List.copyOf(c.forwardSpecs),
                c.keepalive, c.renewBefore, c.transport, c.proxyOptions.proxy, c.proxyOptions.credentials);
    }

    @Test
    void readsLinesAsPicocliDoes() {
        List<String[]> lines = List.of(
                new String[] {"agent", "run", "--data", "agent-data", "--service", "ssh=127.0.0.1:22"},
                new String[] {"-v", "agent", "run", "--service=ssh=127.0.0.1:22", "--service", "web=127.0.0.1:80",
                    "--forward", "127.0.0.1:15432=plant-b/postgres", "--forward=127.0.0.1:1=dev/echo", "--keepalive",
                    "5s", "--renew-before=7d", "--relay", "relay.example.com:7443", "--proxy", "http://proxy:3128",
                    "--proxy-credentials", "creds", "--transport", "wss", "--config", "agent.yaml", "--data=dir"},
                new String[] {"agent", "run", "--verbose", "--config=agent.yaml"},
                new String[] {"agent", "-v", "run", "--data=", "--service", "x", "--keepalive", "PT2S"},
                new String[] {"agent", "run"});
        for (String[] line : lines) {
            Optional<AgentRunCommand> read = AgentRunArgs.parse(line);
            assertThat(read).as(String.join(" ", line)).isPresent();
            assertThat(values(read.get())).as(String.join(" ", line)).isEqualTo(values(picocli(line)));
        }
    }

    @Test
    void leavesEverythingElseToPicocli() {
        List<String[]> lines = List.of(
                new String[] {"agent", "run", "--help"}, new String[] {"agent", "run", "-h"},
                new String[] {"agent", "run", "-V"}, new String[] {"agent", "--help"}, new String[] {"--version"},
                new String[] {"agent", "enroll", "--token", "t"}, new String[] {"relay"}, new String[] {"agent"},
                new String[] {}, new String[] {"run", "agent"}, new String[] {"agent", "run", "extra"},
                new String[] {"agent", "--data", "d", "run"}, new String[] {"agent", "run", "--data", "a", "--data", "b"},
                new String[] {"agent", "run", "--data"}, new String[] {"agent", "run", "--data", "-x"},
                new String[] {"agent", "run", "--service"}, new String[] {"agent", "run", "--servic", "x"},
                new String[] {"agent", "run", "--relay", "no port here:"}, new String[] {"agent", "run", "--keepalive", "soon"},
                new String[] {"agent", "run", "--keepalive", "99999999999999999d"}, new String[] {"agent", "run", "@args"},
                new String[] {"agent", "run", "--", "--data", "x"}, new String[] {"agent", "run", "-vv"},
                new String[] {"agent", "run", "--data\0", "x"});
        for (String[] line : lines) {
            assertThat(AgentRunArgs.parse(line)).as(String.join(" ", line)).isEmpty();
        }
    }

    @Test
    void picocliStillSaysWhatIsWrong() {
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            code = Warren.execute("agent", "run", "--keepalive", "soon");
        } finally {
            System.setErr(saved);
        }
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("--keepalive").contains("soon")
                .contains("Usage: warren agent run");
    }
}
