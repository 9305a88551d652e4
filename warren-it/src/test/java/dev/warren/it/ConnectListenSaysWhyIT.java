package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.agent.Agent;
import dev.warren.common.net.HostPort;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.FreePorts;
import io.netty.handler.codec.http.HttpMethod;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code warren connect --listen} with its default log level, as a user runs it: a stream an admin ends shows on its
 * stderr with the reason (it showed nothing: its stream lines were below the level), and a refused stream is said once,
 * plus once more as the reason it exits (it was said three times).
 */
@Timeout(180)
class ConnectListenSaysWhyIT {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();
    static EchoServer echo;
    static Agent agent;
    static WarrenCli cli;

    @BeforeAll
    static void start() throws Exception {
        echo = EchoServer.start();
        agent = TestAgents.start(relay.get(), "dev-w", relay.newDir("agent"),
                Map.of("echo", new HostPort("127.0.0.1", echo.port())));
        await().atMost(Duration.ofSeconds(20)).until(agent::connected);
        cli = new WarrenCli(relay.newDir("cli")).env("WARREN_RELAY", relay.get().address().toString())
                .env("WARREN_TOKEN", relay.get().adminToken())
                .env("WARREN_CA", relay.get().dataDir().resolve("ca.crt").toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cli != null) {
            cli.close();
        }
        agent.close();
        echo.close();
    }

    @Test
    void aStreamCutByAnAdminShowsWithItsReason() throws Exception {
        int port = FreePorts.next();
        Process connect = cli.start("cut", "connect", "dev-w", "echo", "--listen", "127.0.0.1:" + port);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> cli.log("cut").contains("listening on"));
            try (Socket socket = Wire.connect(port)) {
                socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(socket.getInputStream().readNBytes(5)).asString(StandardCharsets.US_ASCII).isEqualTo("ping\n");
                String session = relay.get().server().liveSessions().iterator().next().id();
                // the store learns of a session through its write-behind queue: cut it once it is there
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> relay.get()
                        .admin(HttpMethod.DELETE, "/api/v1/sessions/" + session, null, 204) != null);
                await().atMost(Duration.ofSeconds(10)).until(() -> cli.log("cut")
                        .contains("dev-w/echo: stream ended: ADMIN_ACTION: session cut by an admin (admin)"));
            }
        } finally {
            connect.destroy();
            connect.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRefusedStreamIsSaidOnceAndOnceMoreAsTheReasonToStop() throws Exception {
        int port = FreePorts.next();
        Process connect = cli.start("refused", "connect", "dev-nowhere", "echo", "--listen", "127.0.0.1:" + port);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> cli.log("refused").contains("listening on"));
            try (Socket socket = Wire.connect(port)) {
                socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(connect.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(connect.exitValue()).isEqualTo(3);
            String log = cli.log("refused");
            assertThat(log.lines().filter(l -> l.contains("no device named 'dev-nowhere'")))
                    .as("the refusal, then the reason to stop:\n%s", log).hasSize(2);
            assertThat(log.lines().reduce((a, b) -> b).orElse(""))
                    .isEqualTo("warren: no device named 'dev-nowhere' (NO_SUCH_DEVICE)");
        } finally {
            connect.destroyForcibly();
        }
    }
}
