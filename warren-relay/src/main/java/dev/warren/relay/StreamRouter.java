package dev.warren.relay;

import dev.warren.api.auth.Principal;
import dev.warren.common.text.PeerText;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamRefusedException;
import dev.warren.relay.metrics.RelayMetrics;
import dev.warren.relay.traffic.TrafficRecorder;
import dev.warren.store.Device;
import dev.warren.store.Grant;
import dev.warren.store.Role;
import dev.warren.store.WarrenStore;
import dev.warren.transport.StreamJoin;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * Joins an operator's stream (or a device forwarder's) to a service of a connected device: decide whether the operator may (deny by default, see
 * {@link AccessControl}), find the agent, open a stream on its session, and when the agent accepts, join the two,
 * record the session and, when it runs under a grant, arm a timer that ends it when the grant expires. The agent is
 * asked only for a service name; the address behind it is the agent's own business.
 */
final class StreamRouter {
    private static final Logger log = LoggerFactory.getLogger(StreamRouter.class);

    private final AgentRegistry agents;
    private final AccessControl access;
    private final WarrenStore store;
    private final SessionJournal journal;
    private final StreamAudit audit;
    private final Executor blocking;
    private final Clock clock;
    private final Duration openTimeout;
    private volatile TrafficRecorder traffic;
    private volatile RelayMetrics metrics;
    private final Map<String, LiveSession> live = new ConcurrentHashMap<>();
    /** The expiry timers of live sessions that run under a grant, by session id. */
    private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();

    StreamRouter(AgentRegistry agents, AccessControl access, WarrenStore store, SessionJournal journal,
            StreamAudit audit, Executor blocking, Clock clock, Duration openTimeout) {
        this.agents = agents;
        this.access = access;
        this.store = store;
        this.journal = journal;
        this.audit = audit;
        this.blocking = blocking;
        this.clock = clock;
        this.openTimeout = openTimeout;
    }

    /** Counts the traffic of every session from now on. */
    void recordTraffic(TrafficRecorder recorder) {
        this.traffic = recorder;
    }

    /** Counts opened and refused streams from now on. */
    void count(RelayMetrics m) {
        this.metrics = m;
    }

    static TrafficRecorder.Tracked tracked(LiveSession s) {
        return new TrafficRecorder.Tracked(s.id(), s.device().id(), s.device().name(), s.service(), s.agentStream());
    }

    /** Sessions being relayed now, by id. */
    Map<String, LiveSession> live() {
        return live;
    }

    /**
     * Ends every live session with {@code code} and {@code reason}, each on its agent stream's loop: a stopping relay
     * does this before it closes the connections, which would otherwise end each session as a mere "connection
     * closed", in its record, its audit and what the operator hears. Completes once every abort has run; the RESETs
     * to the operators' sessions on other loops are then queued there, ahead of anything queued after.
     */
    CompletableFuture<Void> abortAll(ErrorCode code, String reason) {
        java.util.List<CompletableFuture<Void>> aborts = new java.util.ArrayList<>();
        for (LiveSession s : live.values()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            aborts.add(done);
            try {
                s.agentStream().session().eventLoop().execute(() -> {
                    try {
                        s.abort(code, reason);
                    } finally {
                        done.complete(null);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                done.complete(null); // its loop is already gone, and the session with it
            }
        }
        return CompletableFuture.allOf(aborts.toArray(CompletableFuture[]::new));
    }

    /**
     * What one open asked for and from where.
     *
     * @param operator the operator's principal; {@code null} when a device opens
     */
    private record Request(MuxStream stream, StreamOpener opener, Principal operator, String device, String service,
            String source) {}

    void route(MuxStream operatorStream, Open open, Principal operator) {
        Request r = new Request(operatorStream, StreamOpener.operator(operator), operator, open.device(),
                open.service(), address(operatorStream.session().remoteAddress()));
        if (r.device().isEmpty() || r.service().isEmpty()) {
            refuse(r, null, ErrorCode.NO_SUCH_DEVICE, "an open must name a device and a service");
            return;
        }
        if (operator.role() == Role.AUDITOR) {
            refuse(r, null, ErrorCode.FORBIDDEN, "role AUDITOR may not open streams (auditors are read-only)");
        } else if (operator.role() == Role.ADMIN) {
            routeAdmin(r);
        } else {
            decideThenRoute(r, () -> access.decide(operator, r.device(), r.service()));
        }
    }

    /**
     * A device's agent forwards a local connection to {@code open}'s device and service: allowed only under a live
     * device-to-device grant, exactly as an operator's open under a user's grant.
     */
    void routeFromDevice(MuxStream deviceStream, Open open, AgentLink from) {
        Request r = new Request(deviceStream, StreamOpener.device(from.device()), null, open.device(), open.service(),
                address(deviceStream.session().remoteAddress()));
        if (r.device().isEmpty() || r.service().isEmpty()) {
            refuse(r, null, ErrorCode.NO_SUCH_DEVICE, "an open must name a device and a service");
            return;
        }
        decideThenRoute(r, () -> access.decideForDevice(from.device(), r.device(), r.service()));
    }

    /** Runs the (blocking) access check off the event loop, then routes or refuses. */
    private void decideThenRoute(Request r, java.util.function.Supplier<AccessControl.Decision> check) {
        CompletableFuture.supplyAsync(check, blocking).whenComplete((decision, error) -> {
            if (error != null) {
                log.warn("access check for {} -> {}/{} failed: {}", r.opener().name(),
                        PeerText.clean(r.device(), 128), PeerText.clean(r.service(), 128), error.toString());
                refuse(r, null, ErrorCode.INTERNAL_ERROR, "access check failed; see the relay log");
            } else if (decision instanceof AccessControl.Decision.Refused refused) {
                RelayMetrics m = metrics;
                if (m != null) {
                    m.grantRefused(refused.code().name());
                }
                refuse(r, null, refused.code(), refused.reason(), refused.forAdmin());
            } else {
                AccessControl.Decision.Allowed allowed = (AccessControl.Decision.Allowed) decision;
                routeGranted(r, allowed.device(), allowed.grant());
            }
        });
    }

    /** Admins need no grant: straight from the in-memory registry, as before grants existed. */
    private void routeAdmin(Request r) {
        AgentLink link = agents.find(r.device());
        if (link == null) {
            refuseAbsent(r);
            return;
        }
        if (agents.disabledServices(link.device().id()).contains(r.service())) {
            refuse(r, link.device().id(), ErrorCode.NO_SUCH_SERVICE,
                    AccessControl.disabledService(link.device().name(), r.service()));
            return;
        }
        join(r, link, null);
    }

    /** An opener allowed under {@code grant}: the device must be connected here and expose the service. */
    private void routeGranted(Request r, Device device, Grant grant) {
        AgentLink link = agents.byId(device.id());
        if (link == null) {
            String seen = device.lastSeenAt() == null ? "never connected" : "last seen " + device.lastSeenAt();
            refuse(r, device.id(), ErrorCode.DEVICE_OFFLINE, "device '" + device.name() + "' is offline (" + seen + ")");
            return;
        }
        if (agents.disabledServices(device.id()).contains(r.service())) {
            refuse(r, device.id(), ErrorCode.NO_SUCH_SERVICE, AccessControl.disabledService(device.name(), r.service()));
            return;
        }
        join(r, link, grant);
    }

    private void join(Request r, AgentLink link, Grant grant) {
        if (!link.services().contains(r.service())) {
            refuse(r, link.device().id(), ErrorCode.NO_SUCH_SERVICE, "device '" + link.device().name()
                    + "' does not expose service '" + r.service() + "' (it exposes: " + listed(link) + ")");
            return;
        }
        String sessionId = Ids.session();
        EventLoop agentLoop = link.session().eventLoop();
        MuxSession operatorSession = r.stream().session();
        Runnable openIt = () -> openOnAgent(r, link, grant, sessionId);
        if (r.operator() != null && operatorSession.eventLoop() != agentLoop && operatorSession.activeStreams() == 1) {
            // the operator's first stream: run its session on the agent's loop, so the bytes of this join never
            // cross threads (most operator sessions talk to one device); later streams to other devices just hand over
            operatorSession.moveTo(agentLoop).addListener(f -> {
                if (!f.isSuccess()) {
                    log.debug("could not move the session of {} to the loop of {}: {}", r.opener().name(),
                            link.device(), f.cause().toString());
                }
                agentLoop.execute(openIt);
            });
        } else if (agentLoop.inEventLoop()) {
            openIt.run(); // the operator's session already runs on the agent's loop: no task hop
        } else {
            agentLoop.execute(openIt);
        }
    }

    private void openOnAgent(Request r, AgentLink link, Grant grant, String sessionId) {
        Instant started = clock.instant();
        LiveSession[] self = new LiveSession[1];
        StreamJoin join = new StreamJoin((code, reason) -> ended(self[0], code, reason));
        MuxStream agentStream;
        String deviceName = link.device().name();
        try {
            agentStream = link.session().openNow("", r.service(),
                    Map.of("session", sessionId, "operator", r.opener().name(), "source", r.source()),
                    new AgentSide(join.secondHandler(), deviceName));
        } catch (StreamRefusedException e) {
            ErrorCode code = e.code() == ErrorCode.CANCELLED ? ErrorCode.DEVICE_OFFLINE : e.code();
            refuse(r, link.device().id(), code, "device '" + deviceName + "': " + e.reason());
            return;
        }
        join.bind(r.stream(), agentStream);
        // the opener's first bytes go to the agent behind the OPEN, so they reach the service once it is connected
        // (in order also when the opener's session runs on another loop or is moving: StreamJoin, OrderedHandOver)
        r.stream().passEarlyData(join.firstHandler());
        ScheduledFuture<?> timeout = link.session().eventLoop().schedule(
                () -> agentStream.reset(ErrorCode.TIMEOUT,
                        "device '" + deviceName + "' did not answer within " + openTimeout.toSeconds() + " s"),
                openTimeout.toMillis(), TimeUnit.MILLISECONDS);
        agentStream.openFuture().addListener(f -> {
            timeout.cancel(false);
            if (!f.isSuccess()) {
                StreamRefusedException refused = (StreamRefusedException) f.cause();
                refuse(r, link.device().id(), refused.code(), "device '" + deviceName + "': " + refused.reason());
                return;
            }
            StreamOpener p = r.opener();
            LiveSession session = new LiveSession(sessionId, p.name(), p.userId(), p.credential(), r.source(),
                    link.device(), r.service(), started, grant == null ? null : grant.id(),
                    grant == null ? null : grant.expiresAt(), join, agentStream);
            self[0] = session;
            live.put(sessionId, session);
            journal.opened(session);
            TrafficRecorder recorder = traffic;
            if (recorder != null) {
                recorder.opened(tracked(session));
            }
            RelayMetrics m = metrics;
            if (m != null) {
                m.streamOpened();
            }
            if (log.isDebugEnabled()) { // the line per session is the one at its end
                log.debug("session {} opened: {} from {} -> {}/{}{}", sessionId, p.name(), r.source(), deviceName,
                        r.service(), grant == null ? "" : " under grant " + grant.id() + " until " + grant.expiresAt());
            }
            r.stream().accept(join.firstHandler(), Map.of("session", sessionId));
            if (grant != null) {
                armExpiry(session, link.session().eventLoop());
            }
        });
    }

    /** Ends the session when its grant expires: a timer on the join's loop, not a poll of the database. */
    private void armExpiry(LiveSession session, EventLoop loop) {
        long delay = Math.max(0, Duration.between(clock.instant(), session.grantEndsAt()).toMillis());
        String reason = "grant " + session.grantId() + " expired at " + session.grantEndsAt().truncatedTo(ChronoUnit.SECONDS);
        ScheduledFuture<?> timer = loop.schedule(() -> {
            expiries.remove(session.id());
            session.abort(ErrorCode.GRANT_EXPIRED, reason);
        }, delay, TimeUnit.MILLISECONDS);
        expiries.put(session.id(), timer);
        if (!live.containsKey(session.id())) {
            cancelExpiry(session.id()); // it ended while the timer was being armed
        }
    }

    private void cancelExpiry(String sessionId) {
        ScheduledFuture<?> timer = expiries.remove(sessionId);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void ended(LiveSession session, ErrorCode code, String reason) {
        if (session == null) {
            return;
        }
        live.remove(session.id());
        cancelExpiry(session.id());
        MuxStream agentStream = session.agentStream();
        // read the byte counts on the thread that wrote them
        agentStream.session().eventLoop().execute(() -> {
            long toDevice = agentStream.bytesSent();
            long fromDevice = agentStream.bytesReceived();
            Instant ended = clock.instant();
            String why = code == ErrorCode.NO_ERROR ? "closed" : PeerText.clean(code + ": " + reason, 255);
            journal.closed(session, ended, toDevice, fromDevice, why);
            TrafficRecorder recorder = traffic;
            if (recorder != null) {
                recorder.ended(tracked(session), toDevice, fromDevice);
            }
            log.info("session {} ended: {} from {} -> {}/{}{}: {} bytes to device, {} from device, {} ms, {}",
                    session.id(), session.operator(), session.sourceAddress(), session.device().name(),
                    session.service(), session.grantId() == null ? "" : " under grant " + session.grantId(), toDevice,
                    fromDevice, Duration.between(session.startedAt(), ended).toMillis(), why);
        });
    }

    /** Tells an admin a device that is not connected here apart from one that does not exist, or is disabled. */
    private void refuseAbsent(Request r) {
        CompletableFuture.supplyAsync(() -> lookup(r.device()), blocking).whenComplete((found, error) -> {
            if (error != null) {
                log.warn("device lookup for '{}' failed: {}", PeerText.clean(r.device(), 128), error.toString());
                refuse(r, null, ErrorCode.INTERNAL_ERROR, "device lookup failed; see the relay log");
            } else if (found.isEmpty()) {
                refuse(r, null, ErrorCode.NO_SUCH_DEVICE, AccessControl.noDevice(r.device()));
            } else if (found.get().disabled()) {
                // not merely offline: it stays out until an admin enables it, which is what this admin needs to know
                refuse(r, found.get().id(), ErrorCode.DEVICE_DISABLED, "device '" + found.get().name()
                        + "' is disabled by an admin");
            } else {
                Device d = found.get();
                String seen = d.lastSeenAt() == null ? "never connected" : "last seen " + d.lastSeenAt();
                refuse(r, d.id(), ErrorCode.DEVICE_OFFLINE, "device '" + d.name() + "' is offline (" + seen + ")");
            }
        });
    }

    private Optional<Device> lookup(String device) {
        Optional<Device> byName = store.devices().byName(device);
        return byName.isPresent() ? byName : store.devices().byId(device);
    }

    private void refuse(Request r, String deviceId, ErrorCode code, String reason) {
        refuse(r, deviceId, code, reason, null);
    }

    /**
     * The one log line and audit event of a refusal; {@code deviceId} when known, for the audit only; {@code forAdmin}
     * (may be null): the truth the wire answer hides, for the log and the audit (admins' and auditors' only).
     */
    private void refuse(Request r, String deviceId, ErrorCode code, String reason, String forAdmin) {
        log.info("stream refused: {} from {} -> {}/{}: {}: {}{}", r.opener().name(), r.source(),
                PeerText.clean(r.device(), 128), PeerText.clean(r.service(), 128), code, PeerText.clean(reason, 512),
                forAdmin == null ? "" : "; in fact: " + PeerText.clean(forAdmin, 512));
        audit.refused(r.opener(), r.operator() == null ? "device certificate" : r.operator().credential(), r.source(),
                r.device(), deviceId, r.service(), code, reason, forAdmin);
        RelayMetrics m = metrics;
        if (m != null) {
            m.streamRefused(code.name());
        }
        r.stream().reject(code, reason);
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
