package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.agent.Agent;
import dev.warren.client.LocalForwarder;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SourceAllowList;
import dev.warren.relay.LiveSession;
import dev.warren.relay.OperationsConfig;
import dev.warren.store.SessionRecord;
import dev.warren.store.Stores;
import dev.warren.store.WarrenStore;
import dev.warren.testing.LogCapture;
import dev.warren.testing.TempDirs;
import dev.warren.testing.TestAgents;
import dev.warren.testing.TestRelay;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.FreePorts;
import io.netty.handler.codec.http.HttpMethod;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A process stopped while streams run through it still writes what it writes when a stream ends: the relay each
 * session's record (its end and bytes) and line, operators' and published ports' alike, the agent and the operator
 * client each stream's end line, by the time its stop returns (a stopping process flushes its log and exits right
 * after); and its local connections end. Each stop is tried a few times, with idle streams and with busy ones (full
 * buffers and windows): an event loop that ends without closing its channels (a Netty race the gateway met) loses
 * them only sometimes. ({@code warren connect}'s own stop: ConnectStopIT; mtls: StopTest.)
 */
@Timeout(180)
class StopWithOpenStreamsTest {
    static final int STREAMS = 4;
    static final int ROUNDS = 4;
    static final int PUBLISHED = FreePorts.next();
    /** How a session, and an agent's connection, ended by a relay stop is recorded, logged and told. */
    static final String STOPPED = "SHUTTING_DOWN: relay stopping";

    Path root;
    TestRelay relay;
    EchoServer echo;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        root = Files.createTempDirectory("warren-stop-");
        relay = TestRelay.start(root.resolve("relay"), c -> c.withOperations(OperationsConfig.DEFAULTS.withPublish(
                new OperationsConfig.Publish(PUBLISHED, PUBLISHED, "127.0.0.1",
                        SourceAllowList.parse(List.of("127.0.0.1/32"))))));
        echo = EchoServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        relay.close();
        echo.close();
        TempDirs.delete(root);
    }

    private <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    /**
     * {@link #STREAMS} connections through {@code port}, each with one round trip of "ping\n" behind it; when
     * {@code busy}, each then keeps sending (and does not read the echo) until the stop closes it, so that buffers and
     * flow-control windows are full when it comes.
     */
    private List<Socket> openStreams(int port, boolean busy) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            Socket s = closing(Wire.connect(port));
            s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
            sockets.add(s);
            if (busy) {
                Thread.ofVirtual().start(() -> {
                    byte[] chunk = new byte[16 * 1024];
                    try {
                        while (true) {
                            s.getOutputStream().write(chunk);
                        }
                    } catch (java.io.IOException e) {
                        // closed by the stop
                    }
                });
            }
        }
        return sockets;
    }

    private Agent startAgent(Path dir) throws Exception {
        Agent agent = Files.isDirectory(dir) // enrolled in an earlier round
                ? TestAgents.run(dir, Map.of("echo", new HostPort("127.0.0.1", echo.port())))
                : TestAgents.start(relay, "dev-stop", dir, Map.of("echo", new HostPort("127.0.0.1", echo.port())));
        await().atMost(Duration.ofSeconds(20)).until(agent::connected);
        return agent;
    }

    private LocalForwarder forwarder(OperatorClient operator) throws Exception {
        return LocalForwarder.start(operator, new HostPort("127.0.0.1", 0), "dev-stop", "echo", r -> { });
    }

    private static boolean closedByPeer(Socket s) {
        try {
            java.io.InputStream in = s.getInputStream();
            while (in.read() != -1) {
                // the echo of what a busy stream sent before the stop
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true; // reset
        }
    }

    private static List<String> ended(LogCapture log, String marker) {
        return log.lines().stream().filter(l -> l.contains(marker)).toList();
    }

    @Test
    void aRelayStoppedWithSessionsOpenRecordsEachOnesEndAndBytes() throws Exception {
        Path agentDir = root.resolve("agent");
        Agent agent = closing(startAgent(agentDir));
        for (int round = 0; round < ROUNDS; round++) {
            try (OperatorClient operator = new OperatorClient(relay.admin());
                    LocalForwarder forwarder = forwarder(operator)) {
                boolean busy = round % 2 == 1;
                openStreams(forwarder.port(), busy);
                await().atMost(Duration.ofSeconds(10)).until(() -> relay.server().liveSessions().size() == STREAMS);
                List<String> ids = relay.server().liveSessions().stream().map(LiveSession::id).toList();
                try (LogCapture log = new LogCapture("dev.warren.relay.StreamRouter");
                        LogCapture relayLog = new LogCapture("dev.warren.relay.RelaySessionListener");
                        LogCapture operatorLog = new LogCapture("dev.warren.transport.StreamListener")) {
                    relay.server().close();
                    assertThat(ended(log, "ended:")).as("round %d: the relay's line of each session", round)
                            .hasSize(STREAMS).allSatisfy(l -> assertThat(l).contains(busy ? " bytes to device, "
                                    : " 5 bytes to device, 5 from device").endsWith(STOPPED));
                    assertThat(ended(relayLog, "agent dev-stop")).as("round %d: the agent's line says why", round)
                            .singleElement().asString().endsWith("disconnected: " + STOPPED);
                    await("round " + round + ": the operator's line of each stream")
                            .atMost(Duration.ofSeconds(5)).until(() -> ended(operatorLog, "stream ended:").size() == STREAMS);
                    if (!busy) {
                        // a busy operator still sending when the relay closes gets a TCP RST (unread bytes at the
                        // close), which can overtake the RESETs and GOAWAY already written to it
                        assertThat(ended(operatorLog, "stream ended:")).as("round %d: the operator hears why", round)
                                .allSatisfy(l -> assertThat(l).endsWith(STOPPED));
                    }
                }
                try (WarrenStore store = Stores.open(relay.storeConfig())) {
                    for (String id : ids) {
                        SessionRecord r = store.sessions().byId(id).orElseThrow();
                        assertThat(r.endedAt()).as("round %d: session %s ended", round, id).isNotNull();
                        assertThat(r.closeReason()).as("round %d: recorded by the stop, not the next start", round)
                                .isEqualTo(STOPPED);
                        assertThat(r.bytesToDevice()).isGreaterThanOrEqualTo(5);
                        assertThat(r.bytesFromDevice()).isGreaterThanOrEqualTo(5);
                        if (!busy) {
                            assertThat(r.bytesToDevice()).isEqualTo(5);
                            assertThat(r.bytesFromDevice()).isEqualTo(5);
                        }
                    }
                }
            }
            relay.restart();
            await().atMost(Duration.ofSeconds(20)).until(agent::connected);
        }
    }

    @Test
    void aRelayStoppedWithPublishedPortConnectionsOpenRecordsEachOnesEnd() throws Exception {
        Agent agent = closing(startAgent(root.resolve("agent")));
        relay.admin(HttpMethod.POST, "/api/v1/published-ports", Map.of("device", "dev-stop", "service", "echo",
                "port", PUBLISHED), 201);
        for (int round = 0; round < ROUNDS; round++) {
            boolean busy = round % 2 == 1;
            List<Socket> clients = openStreams(PUBLISHED, busy);
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.server().liveSessions().size() == STREAMS);
            List<String> ids = relay.server().liveSessions().stream().map(LiveSession::id).toList();
            try (LogCapture log = new LogCapture("dev.warren.relay.PublishedConnection")) {
                relay.server().close();
                assertThat(ended(log, "ended:")).as("round %d: the relay's line of each published session", round)
                        .hasSize(STREAMS);
            }
            for (Socket s : clients) {
                s.setSoTimeout(3000);
                assertThat(closedByPeer(s)).as("round %d: the published connection ends with the stop", round)
                        .isTrue();
            }
            try (WarrenStore store = Stores.open(relay.storeConfig())) {
                for (String id : ids) {
                    SessionRecord r = store.sessions().byId(id).orElseThrow();
                    assertThat(r.endedAt()).as("round %d: session %s ended", round, id).isNotNull();
                    assertThat(r.closeReason()).isEqualTo(STOPPED);
                    assertThat(r.bytesToDevice()).isGreaterThanOrEqualTo(5);
                }
            }
            relay.restart();
            await().atMost(Duration.ofSeconds(20)).until(agent::connected);
        }
    }

    @Test
    void anAgentStoppedWithStreamsOpenLogsEachOnesEnd() throws Exception {
        Path agentDir = root.resolve("agent");
        OperatorClient operator = closing(new OperatorClient(relay.admin()));
        LocalForwarder forwarder = closing(forwarder(operator));
        for (int round = 0; round < ROUNDS; round++) {
            Agent agent = startAgent(agentDir);
            boolean busy = round % 2 == 1;
            openStreams(forwarder.port(), busy);
            try (LogCapture log = new LogCapture("dev.warren.agent.ServiceConnector")) {
                agent.close();
                assertThat(ended(log, ") ended:")).as("round %d: the agent's line of each stream", round)
                        .hasSize(STREAMS).allSatisfy(l -> assertThat(l).contains(busy ? " bytes in, " : " 5 bytes in, 5 out"));
            }
            await("the agent's service connections closed, round " + round).atMost(Duration.ofSeconds(5))
                    .until(() -> echo.connectionsOpen() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.server().liveSessions().isEmpty());
        }
    }

    @Test
    void anOperatorStoppedWithStreamsOpenLogsEachOnesEnd() throws Exception {
        closing(startAgent(root.resolve("agent")));
        for (int round = 0; round < ROUNDS; round++) {
            OperatorClient operator = new OperatorClient(relay.admin());
            LocalForwarder forwarder = forwarder(operator);
            List<Socket> local;
            try (LogCapture log = new LogCapture("dev.warren.transport.StreamListener")) {
                local = openStreams(forwarder.port(), round % 2 == 1);
                forwarder.close();
                operator.close();
                assertThat(ended(log, "stream ended:")).as("round %d: the operator's line of each stream", round)
                        .hasSize(STREAMS);
            }
            for (Socket s : local) {
                s.setSoTimeout(3000);
                assertThat(closedByPeer(s)).as("round %d: the local connection ends with the stop", round).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.server().liveSessions().isEmpty());
        }
    }
}
