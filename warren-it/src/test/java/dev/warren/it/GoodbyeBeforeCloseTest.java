package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.agent.Agent;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamHandler;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.net.EchoServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator or an agent that stops says goodbye (GOAWAY NO_ERROR with its reason) and closes at once: the relay
 * hears the goodbye every time and records it as the end of the stream's session, whichever of the relay's loops the
 * operator's connection ended on (the relay moves it to the agent's loop with its first stream, when they differ).
 * A client that shut its event loop down right after asking its session to close lost the goodbye in most rounds:
 * the loop's shutdown closes every connection before it runs the tasks queued for it.
 */
@Timeout(180)
class GoodbyeBeforeCloseTest {
    static final int ROUNDS = Integer.getInteger("goodbye.rounds", 50);
    static final int AGENT_ROUNDS = Integer.getInteger("goodbye.agentRounds", 15);

    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();
    static EchoServer echo;
    static Agent agent;

    @BeforeAll
    static void start() throws Exception {
        echo = EchoServer.start();
        agent = TestAgents.start(relay.get(), "dev-g", relay.newDir("agent"), echoService());
        await().atMost(Duration.ofSeconds(20)).until(agent::connected);
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
        echo.close();
    }

    @Test
    void theRelayRecordsTheGoodbyeOfEveryOperatorThatStops() throws Exception {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            String id;
            try (OperatorClient operator = new OperatorClient(relay.get().admin())) {
                id = openEchoedStream(operator, "dev-g");
            }
            reasons.add(endReason(id));
        }
        assertThat(reasons).as("what the relay recorded in each round").allSatisfy(r ->
                assertThat(r).contains("peer went away: operator done"));
    }

    @Test
    void theRelayRecordsTheGoodbyeOfEveryAgentThatStops() throws Exception {
        List<String> reasons = new ArrayList<>();
        try (OperatorClient operator = new OperatorClient(relay.get().admin())) {
            for (int i = 0; i < AGENT_ROUNDS; i++) {
                String device = "dev-stop-" + i;
                String id;
                try (Agent stopping = TestAgents.start(relay.get(), device, relay.newDir(device), echoService())) {
                    await().atMost(Duration.ofSeconds(20)).until(stopping::connected);
                    id = openEchoedStream(operator, device);
                }
                reasons.add(endReason(id));
            }
        }
        assertThat(reasons).as("what the relay recorded in each round").allSatisfy(r ->
                assertThat(r).contains("peer went away: agent stopping"));
    }

    private static Map<String, HostPort> echoService() {
        return Map.of("echo", new HostPort("127.0.0.1", echo.port()));
    }

    /** Opens {@code device}/echo, checks one round trip, and returns the relay's id of the stream's session. */
    private static String openEchoedStream(OperatorClient operator, String device) throws Exception {
        MuxSession session = operator.awaitSession(10);
        CompletableFuture<String> echoed = new CompletableFuture<>();
        MuxStream stream = session.open(device, "echo", Map.of(), new StreamHandler() {
            @Override
            public void onData(MuxStream s, ByteBuf data) {
                int n = data.readableBytes();
                echoed.complete(data.toString(StandardCharsets.US_ASCII));
                data.release();
                s.consumed(n);
            }

            @Override
            public void onClosed(MuxStream s, ErrorCode code, String reason) {
            }
        }).get(10, TimeUnit.SECONDS);
        stream.write(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII));
        stream.flush();
        assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("ping");
        String id = stream.resultAttributes().get("session");
        assertThat(id).as("the relay's session id").isNotNull();
        return id;
    }

    /** The close reason the relay recorded for session {@code id}, once it recorded one. */
    private static String endReason(String id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.get().server().store().sessions().byId(id)
                .map(r -> r.endedAt() != null).orElse(false));
        return relay.get().server().store().sessions().byId(id).orElseThrow().closeReason();
    }
}
