package dev.warren.relay;

import dev.warren.api.auth.Principal;
import dev.warren.common.text.PeerText;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamRefusedException;
import dev.warren.store.Device;
import dev.warren.store.SessionRecord;
import dev.warren.store.WarrenStore;
import dev.warren.transport.StreamJoin;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins an operator's stream to a service of a connected device: find the agent, open a stream on its session, and
 * when the agent accepts, join the two and record the session. The agent is asked only for a service name; the
 * address behind it is the agent's own business.
 */
final class StreamRouter {
    private static final Logger log = LoggerFactory.getLogger(StreamRouter.class);

    private final AgentRegistry agents;
    private final WarrenStore store;
    private final StoreWriter writer;
    private final Executor blocking;
    private final Clock clock;
    private final Duration openTimeout;
    private final String nodeId;
    private final Map<String, LiveSession> live = new ConcurrentHashMap<>();

    StreamRouter(AgentRegistry agents, WarrenStore store, StoreWriter writer, Executor blocking, Clock clock,
            Duration openTimeout, String nodeId) {
        this.agents = agents;
        this.store = store;
        this.writer = writer;
        this.blocking = blocking;
        this.clock = clock;
        this.openTimeout = openTimeout;
        this.nodeId = nodeId;
    }

    /** Sessions being relayed now, by id. */
    Map<String, LiveSession> live() {
        return live;
    }

    void route(MuxStream operatorStream, Open open, Principal operator) {
        String device = open.device();
        String service = open.service();
        String source = address(operatorStream.session().remoteAddress());
        if (device.isEmpty() || service.isEmpty()) {
            refuse(operatorStream, operator, device, service, ErrorCode.NO_SUCH_DEVICE,
                    "an open must name a device and a service");
            return;
        }
        AgentLink link = agents.find(device);
        if (link == null) {
            refuseAbsent(operatorStream, operator, device, service);
            return;
        }
        if (!link.services().contains(service)) {
            refuse(operatorStream, operator, device, service, ErrorCode.NO_SUCH_SERVICE, "device '" + device
                    + "' does not expose service '" + service + "' (it exposes: " + listed(link) + ")");
            return;
        }
        String sessionId = Ids.session();
        EventLoop agentLoop = link.session().eventLoop();
        MuxSession operatorSession = operatorStream.session();
        Runnable openIt = () -> openOnAgent(operatorStream, operator, link, service, sessionId, source);
        if (operatorSession.eventLoop() != agentLoop && operatorSession.activeStreams() == 1) {
            // the operator's first stream: run its session on the agent's loop, so the bytes of this join never
            // cross threads (most operator sessions talk to one device); later streams to other devices just hand over
            operatorSession.moveTo(agentLoop).addListener(f -> {
                if (!f.isSuccess()) {
                    log.debug("could not move the session of {} to the loop of {}: {}", operator.name(),
                            link.device(), f.cause().toString());
                }
                agentLoop.execute(openIt);
            });
        } else {
            agentLoop.execute(openIt);
        }
    }

    private void openOnAgent(MuxStream operatorStream, Principal operator, AgentLink link, String service,
            String sessionId, String source) {
        Instant started = clock.instant();
        LiveSession[] self = new LiveSession[1];
        StreamJoin join = new StreamJoin((code, reason) -> ended(self[0], code, reason));
        MuxStream agentStream;
        try {
            agentStream = link.session().openNow("", service,
                    Map.of("session", sessionId, "operator", operator.name(), "source", source), join.secondHandler());
        } catch (StreamRefusedException e) {
            ErrorCode code = e.code() == ErrorCode.CANCELLED ? ErrorCode.DEVICE_OFFLINE : e.code();
            refuse(operatorStream, operator, link.device().name(), service, code,
                    "device '" + link.device().name() + "': " + e.reason());
            return;
        }
        ScheduledFuture<?> timeout = link.session().eventLoop().schedule(
                () -> agentStream.reset(ErrorCode.TIMEOUT,
                        "device '" + link.device().name() + "' did not answer within " + openTimeout.toSeconds() + " s"),
                openTimeout.toMillis(), TimeUnit.MILLISECONDS);
        agentStream.openFuture().addListener(f -> {
            timeout.cancel(false);
            if (!f.isSuccess()) {
                StreamRefusedException refused = (StreamRefusedException) f.cause();
                refuse(operatorStream, operator, link.device().name(), service, refused.code(),
                        "device '" + link.device().name() + "': " + refused.reason());
                return;
            }
            LiveSession session = new LiveSession(sessionId, operator.name(), source, link.device(), service, started,
                    join, agentStream);
            self[0] = session;
            live.put(sessionId, session);
            writer.submit("session " + sessionId + " opened", () -> store.sessions().opened(new SessionRecord(
                    sessionId, link.device().id(), link.device().name(), service, operator.name(), source, nodeId,
                    started, null, 0, 0, null)));
            log.info("session {} opened: {} from {} -> {}/{}", sessionId, operator.name(), source,
                    link.device().name(), service);
            join.bind(operatorStream, agentStream);
            operatorStream.accept(join.firstHandler(), Map.of("session", sessionId));
        });
    }

    private void ended(LiveSession session, ErrorCode code, String reason) {
        if (session == null) {
            return;
        }
        live.remove(session.id());
        MuxStream agentStream = session.agentStream();
        // read the byte counts on the thread that wrote them
        agentStream.session().eventLoop().execute(() -> {
            long toDevice = agentStream.bytesSent();
            long fromDevice = agentStream.bytesReceived();
            Instant ended = clock.instant();
            String why = code == ErrorCode.NO_ERROR ? "closed" : PeerText.clean(code + ": " + reason, 255);
            writer.submit("session " + session.id() + " closed",
                    () -> store.sessions().closed(session.id(), ended, toDevice, fromDevice, why));
            log.info("session {} ended: {} -> {}/{}: {} bytes to device, {} from device, {} ms, {}", session.id(),
                    session.operator(), session.device().name(), session.service(), toDevice, fromDevice,
                    Duration.between(session.startedAt(), ended).toMillis(), why);
        });
    }

    /** Tells a device that is not connected here apart from one that does not exist. */
    private void refuseAbsent(MuxStream operatorStream, Principal operator, String device, String service) {
        CompletableFuture.supplyAsync(() -> lookup(device), blocking).whenComplete((found, error) -> {
            if (error != null) {
                log.warn("device lookup for '{}' failed: {}", device, error.toString());
                refuse(operatorStream, operator, device, service, ErrorCode.INTERNAL_ERROR,
                        "device lookup failed; see the relay log");
            } else if (found.isEmpty()) {
                refuse(operatorStream, operator, device, service, ErrorCode.NO_SUCH_DEVICE,
                        "no device named '" + device + "'");
            } else {
                Device d = found.get();
                String seen = d.lastSeenAt() == null ? "never connected" : "last seen " + d.lastSeenAt();
                refuse(operatorStream, operator, device, service, ErrorCode.DEVICE_OFFLINE,
                        "device '" + d.name() + "' is offline (" + seen + ")");
            }
        });
    }

    private Optional<Device> lookup(String device) {
        Optional<Device> byName = store.devices().byName(device);
        return byName.isPresent() ? byName : store.devices().byId(device);
    }

    private static void refuse(MuxStream stream, Principal operator, String device, String service, ErrorCode code,
            String reason) {
        log.info("stream refused: {} from {} -> {}/{}: {}: {}", operator.name(),
                address(stream.session().remoteAddress()), PeerText.clean(device, 128), PeerText.clean(service, 128),
                code, PeerText.clean(reason, 512));
        stream.reject(code, reason);
    }

    private static String listed(AgentLink link) {
        return link.services().isEmpty() ? "nothing" : String.join(", ", new TreeSet<>(link.services()));
    }

    static String address(SocketAddress address) {
        if (address instanceof java.net.InetSocketAddress inet) {
            return inet.getAddress() == null ? inet.getHostString() + ":" + inet.getPort()
                    : inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
