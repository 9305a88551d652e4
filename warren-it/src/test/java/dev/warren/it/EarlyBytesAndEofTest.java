package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.agent.Agent;
import dev.warren.client.LocalForwarder;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SourceAllowList;
import dev.warren.relay.OperationsConfig;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.FreePorts;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that writes everything and half-closes before its stream exists (before the operator's session is even up,
 * or before a published port's connection reached the agent's loop) loses nothing: epoll reads those bytes despite
 * auto-read being off (on the EOF), and the bridge keeps them until the stream starts.
 */
@Timeout(60)
class EarlyBytesAndEofTest {
    static final int PUBLISHED = FreePorts.next();

    @RegisterExtension
    static final RelayExtension relay = new RelayExtension(c -> c.withOperations(OperationsConfig.DEFAULTS
            .withPublish(new OperationsConfig.Publish(PUBLISHED, PUBLISHED, "127.0.0.1",
                    SourceAllowList.parse(List.of("127.0.0.1/32"))))));

    static EchoServer echo;
    static Agent agent;

    @BeforeAll
    static void start() throws Exception {
        echo = EchoServer.start(200);
        agent = TestAgents.start(relay.get(), "dev-e", relay.newDir("agent"),
                Map.of("echo", new HostPort("127.0.0.1", echo.port())));
        await().atMost(Duration.ofSeconds(10)).until(agent::connected);
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
        echo.close();
    }

    @Test
    void theFirstStreamOfASessionStillDialingKeepsItsBytes() throws Exception {
        try (OperatorClient admin = new OperatorClient(relay.get().admin());
                LocalForwarder forwarder = LocalForwarder.start(admin, new HostPort("127.0.0.1", 0), "dev-e", "echo",
                        r -> { })) {
            byte[] data = Wire.random(100_000, 7);
            assertThat(Wire.roundTrip(forwarder.port(), data)).isEqualTo(data);
        }
    }

    @Test
    void aPublishedPortKeepsTheBytesOfAClientThatHalfClosesAtOnce() throws Exception {
        relay.get().admin(HttpMethod.POST, "/api/v1/published-ports", Map.of("device", "dev-e", "service", "echo"),
                201);
        for (int i = 0; i < 5; i++) {
            byte[] data = Wire.random(50_000 + i, i);
            assertThat(Wire.roundTrip(PUBLISHED, data)).isEqualTo(data);
        }
    }
}
