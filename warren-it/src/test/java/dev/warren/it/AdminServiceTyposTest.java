package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.agent.Agent;
import dev.warren.cli.ExitCodes;
import dev.warren.common.net.HostPort;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An admin granting or disabling a service the online device does not expose (a typo: "shh") is told so; the relay
 * still accepts the name (an agent may offer it later), which used to happen without a word.
 */
class AdminServiceTyposTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();
    static Agent agent;

    @BeforeAll
    static void start() throws Exception {
        agent = TestAgents.start(relay.get(), "dev-typo", relay.newDir("agent"),
                Map.of("ssh", new HostPort("127.0.0.1", 1), "web", new HostPort("127.0.0.1", 1)));
        await().atMost(Duration.ofSeconds(20)).until(agent::connected);
        relay.get().createUser("typo-op", "operator");
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    private static InProcessCli.Run warren(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--relay", relay.get().address().toString(), "--token", relay.get().adminToken(),
                "--ca", relay.get().dataDir().resolve("ca.crt").toString()));
        return InProcessCli.run(all.toArray(String[]::new));
    }

    @Test
    void aGrantForAServiceTheDeviceDoesNotExposeWarns() {
        InProcessCli.Run r = warren("admin", "grant", "create", "--user", "typo-op", "--device", "dev-typo", "--service",
                "shh", "--for", "5m", "--reason", "typo");
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.stderr()).contains("warning: device 'dev-typo' does not expose service 'shh' now (it exposes: ssh, web)");
        assertThat(r.stdout().strip()).startsWith("g_");
        InProcessCli.Run right = warren("admin", "grant", "create", "--user", "typo-op", "--device", "dev-typo",
                "--service", "ssh", "--for", "5m", "--reason", "right");
        assertThat(right.stderr()).doesNotContain("warning");
    }

    @Test
    void disablingAServiceTheDeviceDoesNotExposeWarns() {
        InProcessCli.Run r = warren("admin", "devices", "service-disable", "dev-typo", "shh");
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.stderr()).contains("warning: device 'dev-typo' does not expose service 'shh' now (it exposes: ssh, web)");
        assertThat(warren("admin", "devices", "service-enable", "dev-typo", "shh").code()).isEqualTo(ExitCodes.OK);
    }
}
