package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.agent.Agent;
import dev.warren.common.net.HostPort;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.FreePorts;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code warren connect --listen} stopped (SIGTERM, as Ctrl-C or a service manager stops it) while its streams are
 * open: it ends them itself before it exits, each with its line, rather than leaving them to the process's end. The
 * same for {@code --stdio}, which ssh stops with a signal when it is done with its ProxyCommand.
 */
@Timeout(180)
class ConnectStopIT {
    static final int STREAMS = 3;

    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();
    static EchoServer echo;
    static Agent agent;
    static WarrenCli cli;

    @BeforeAll
    static void start() throws Exception {
        echo = EchoServer.start();
        agent = TestAgents.start(relay.get(), "dev-c", relay.newDir("agent"),
                Map.of("echo", new HostPort("127.0.0.1", echo.port())));
        await().atMost(Duration.ofSeconds(20)).until(agent::connected);
        Path dir = relay.newDir("cli");
        cli = new WarrenCli(dir).env("WARREN_RELAY", relay.get().address().toString())
                .env("WARREN_TOKEN", relay.get().adminToken())
                .env("WARREN_CA", relay.get().dataDir().resolve("ca.crt").toString())
                .env("WARREN_LOG_LEVEL", "info"); // connect logs at WARN by default: its stream lines are INFO
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
    void aStoppedConnectEndsEachOpenStreamWithItsLine() throws Exception {
        int port = FreePorts.next();
        Process connect = cli.start("connect", "connect", "dev-c", "echo", "--listen", "127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(60)).until(() -> cli.log("connect").contains("listening on"));
        Socket[] sockets = new Socket[STREAMS];
        try {
            for (int i = 0; i < STREAMS; i++) {
                sockets[i] = Wire.connect(port);
                sockets[i].getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(sockets[i].getInputStream().readNBytes(5)).asString(StandardCharsets.US_ASCII)
                        .isEqualTo("ping\n");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.get().server().liveSessions().size() == STREAMS);

            connect.destroy();
            assertThat(connect.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String log = cli.log("connect");
            assertThat(log.lines().filter(l -> l.contains("dev-c/echo: stream ended:")))
                    .as("a line for each stream the stop ended:\n%s", log).hasSize(STREAMS)
                    .allSatisfy(l -> assertThat(l).contains("operator done"));
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.get().server().liveSessions().isEmpty());
        } finally {
            for (Socket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aStoppedStdioConnectEndsItsStreamWithTheSession() throws Exception {
        Process connect = cli.start("stdio", "connect", "dev-c", "echo", "--stdio");
        try {
            connect.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            connect.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> cli.out("stdio").contains("ping"));
            String session = relay.get().server().liveSessions().iterator().next().id();

            // the signal alone: Process.destroy also closes the process's stdin, and an end of input that wins the
            // race ends the stream cleanly ("closed") before the stop closes the session
            connect.toHandle().destroy();
            assertThat(connect.waitFor(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.get().server().liveSessions().isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.get().server().store().sessions().byId(session)
                    .map(r -> r.endedAt() != null).orElse(false));
            assertThat(relay.get().server().store().sessions().byId(session).orElseThrow().closeReason())
                    .as("ended by the operator's goodbye, not a dropped connection").contains("operator done");
            assertThat(cli.log("stdio")).as("a stop prints no error").doesNotContain("warren: dev-c/echo");
        } finally {
            connect.destroyForcibly();
        }
    }
}
