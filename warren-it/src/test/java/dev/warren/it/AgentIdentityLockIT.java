package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.agent.Agent;
import dev.warren.common.net.HostPort;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.openssh.ProcessResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second {@code warren agent run} on an identity directory another agent process runs is refused at start, naming
 * the holder: two agents with one identity replaced each other's connection at the relay several times a second.
 */
@Timeout(180)
class AgentIdentityLockIT {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    @Test
    void aSecondAgentOnOneIdentityIsRefusedUntilTheFirstStops() throws Exception {
        Path data = relay.newDir("identity");
        HostPort nowhere = new HostPort("127.0.0.1", 1);
        Agent first = TestAgents.start(relay.get(), "dev-lock", data, Map.of("echo", nowhere));
        try (WarrenCli cli = new WarrenCli(relay.newDir("cli"))) {
            await().atMost(Duration.ofSeconds(20)).until(first::connected);
            ProcessResult second = cli.run(Duration.ofSeconds(60), "agent", "run", "--data", data.toString(), "--service",
                    "echo=127.0.0.1:1");
            assertThat(second.exitCode()).as(second.describe()).isEqualTo(2);
            assertThat(second.stderr()).contains("warren: another agent runs with the identity in " + data + " (pid "
                    + ProcessHandle.current().pid() + ")");
            assertThat(first.connected()).as("the first one was never replaced").isTrue();

            first.close();
            cli.start("after", "agent", "run", "--data", data.toString(), "--service", "echo=127.0.0.1:1");
            await().atMost(Duration.ofSeconds(60)).until(() -> cli.log("after").contains("connected to relay"));
        } finally {
            first.close();
        }
    }
}
