package dev.warren.relay;

import dev.warren.api.audit.Audit;
import dev.warren.api.audit.AuditWriter;
import dev.warren.api.auth.AuthResult;
import dev.warren.api.auth.CertificateAuthenticator;
import dev.warren.api.auth.Principal;
import dev.warren.api.auth.TokenAuthenticator;
import dev.warren.common.text.PeerText;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.HelloDecision;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.SessionListener;
import dev.warren.store.WarrenStore;
import dev.warren.store.WriteBehind;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the relay does with each session on its port: admit agents (device certificate) and operators (API token, or
 * a user certificate the relay issued), register them, route opens; every admission, refusal and disconnect is an
 * audit event.
 */
final class RelaySessionListener implements SessionListener {
    private static final Logger log = LoggerFactory.getLogger(RelaySessionListener.class);

    private final AgentAuthenticator agentAuth;
    private final TokenAuthenticator tokens;
    private final CertificateAuthenticator certificates;
    private final AgentRegistry agents;
    private final OperatorSessions operators;
    private final StreamRouter router;
    private final WarrenStore store;
    private final WriteBehind writer;
    private final AuditWriter audit;
    private final Executor blocking;
    private final Clock clock;
    private final String nodeId;
    private volatile dev.warren.relay.metrics.RelayMetrics metrics;
    /** The relay is stopping: the connections it closes now end as SHUTTING_DOWN, not as a dropped connection. */
    private volatile boolean stopping;

    RelaySessionListener(AgentAuthenticator agentAuth, TokenAuthenticator tokens, CertificateAuthenticator certificates,
            AgentRegistry agents, OperatorSessions operators, StreamRouter router, WarrenStore store, WriteBehind writer,
            AuditWriter audit, Executor blocking, Clock clock, String nodeId) {
        this.agentAuth = agentAuth;
        this.tokens = tokens;
        this.certificates = certificates;
        this.agents = agents;
        this.operators = operators;
        this.router = router;
        this.store = store;
        this.writer = writer;
        this.audit = audit;
        this.blocking = blocking;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    /** Counts refused agents and operators from now on. */
    void count(dev.warren.relay.metrics.RelayMetrics m) {
        this.metrics = m;
    }

    /** From now on a connection that merely closes was closed by this relay's stop, and says so. */
    void stopping() {
        stopping = true;
    }

    @Override
    public CompletionStage<HelloDecision> onHello(MuxSession session, Hello hello) {
        CompletionStage<HelloDecision> decision = switch (hello.role()) {
            case AGENT -> agentAuth.authenticate(session);
            case OPERATOR -> operator(session, hello);
            default -> CompletableFuture.completedFuture(HelloDecision.refuse(ErrorCode.FORBIDDEN,
                    "role " + hello.role() + " cannot connect to a relay"));
        };
        return decision.thenApply(d -> {
            if (!d.accepted()) {
                String address = StreamRouter.address(session.remoteAddress());
                log.info("{} from {} refused: {}: {}", hello.role().name().toLowerCase(Locale.ROOT), address,
                        d.code(), d.reason());
                refused(session, hello, address, d);
                var m = metrics;
                if (m != null) {
                    m.authFailed(hello.role().name(), d.code().name());
                }
            }
            return d;
        });
    }

    private void refused(MuxSession session, Hello hello, String address, HelloDecision d) {
        if (hello.role() == Role.AGENT) {
            String deviceId = AgentAuthenticator.claimedDevice(session);
            audit.append(Audit.event(clock.instant(), deviceId != null ? deviceId : "unknown-device", "device.connect")
                    .device(deviceId).source(address).refused(d.code() + ": " + d.reason()).build());
        } else if (hello.role() == Role.OPERATOR) {
            audit.append(Audit.event(clock.instant(), "anonymous", "user.login").source(address)
                    .refused(d.code() + ": " + d.reason()).detail("via", "relay").build());
        }
    }

    private CompletionStage<HelloDecision> operator(MuxSession session, Hello hello) {
        String token = hello.attribute("token");
        String source = StreamRouter.address(session.remoteAddress());
        if (token == null || token.isBlank()) {
            X509Certificate cert = AgentAuthenticator.peerCertificate(session);
            if (cert != null && CertificateAuthenticator.isUserCertificate(cert)) {
                return CompletableFuture.supplyAsync(() -> certificates.authenticate(cert), blocking)
                        .thenApply(this::operatorDecision);
            }
            return CompletableFuture.completedFuture(HelloDecision.refuse(ErrorCode.UNAUTHENTICATED,
                    "no API token: operators authenticate with a token (warren login, --token or WARREN_TOKEN)"
                            + " or a user certificate from this relay (warren login --cert)"));
        }
        return CompletableFuture.supplyAsync(() -> tokens.authenticate(token, source), blocking)
                .thenApply(this::operatorDecision);
    }

    private HelloDecision operatorDecision(AuthResult result) {
        if (result instanceof AuthResult.Ok ok) {
            return HelloDecision.accept(Map.of("user", ok.principal().name(), "node", nodeId), ok.principal());
        }
        return HelloDecision.refuse(ErrorCode.UNAUTHENTICATED, ((AuthResult.Refused) result).reason());
    }

    @Override
    public void onReady(MuxSession session, Hello peerHello) {
        String address = StreamRouter.address(session.remoteAddress());
        if (session.attachment() instanceof DeviceIdentity device) {
            Set<String> services = parseServices(peerHello.attribute("services"));
            String version = PeerText.clean(peerHello.attribute("agent.version"), 64);
            AgentLink link = new AgentLink(session, device, services, version, address, clock.instant());
            session.attach(link);
            AgentLink replaced = agents.register(link);
            if (replaced != null) {
                log.info("agent {}: a new connection from {} replaces the one from {}", device, address,
                        replaced.address());
                replaced.session().close(ErrorCode.CANCELLED, "replaced by a newer connection of the same device");
            }
            writer.submit("device " + device.id() + " online",
                    () -> store.devices().markOnline(device.id(), nodeId, address, version, clock.instant()));
            audit.append(Audit.event(clock.instant(), device.id(), "device.connect").target(device.name())
                    .device(device.id()).source(address).detail("agentVersion", version)
                    .detail("services", String.join(",", new java.util.TreeSet<>(services))).build());
            log.info("agent {} connected from {}: version {}, services [{}]", device, address, version,
                    String.join(", ", services));
        } else if (session.attachment() instanceof Principal p) {
            operators.add(session);
            audit.append(Audit.event(clock.instant(), p.name(), "user.login").subject(p.name()).source(address)
                    .detail("via", "relay").detail("credential", p.credential()).build());
            log.info("operator {} connected from {} ({})", p.name(), address, p.credential());
        }
    }

    @Override
    public void onOpen(MuxStream stream, Open open) {
        if (stream.session().attachment() instanceof Principal operator) {
            router.route(stream, open, operator);
        } else if (stream.session().attachment() instanceof AgentLink from) {
            router.routeFromDevice(stream, open, from);
        } else {
            log.info("stream refused: agent {} tried to open {}/{}", stream.session().attachment(),
                    PeerText.clean(open.device(), 128), PeerText.clean(open.service(), 128));
            stream.reject(ErrorCode.FORBIDDEN, "devices cannot open streams");
        }
    }

    @Override
    public void onClosed(MuxSession session, ErrorCode code, String reason) {
        String address = StreamRouter.address(session.remoteAddress());
        String why = PeerText.clean(reason, 512);
        if (stopping && code == ErrorCode.CANCELLED) {
            code = ErrorCode.SHUTTING_DOWN;
            why = RelayServer.STOPPING;
        }
        if (session.attachment() instanceof AgentLink link) {
            if (agents.unregister(link)) {
                writer.submit("device " + link.device().id() + " offline",
                        () -> store.devices().markOffline(link.device().id(), nodeId, clock.instant()));
            }
            audit.append(Audit.event(clock.instant(), link.device().id(), "device.disconnect")
                    .target(link.device().name()).device(link.device().id()).source(address)
                    .detail("reason", code + ": " + why).build());
            log.info("agent {} from {} disconnected: {}: {}", link.device(), address, code, why);
        } else if (session.attachment() instanceof Principal p) {
            operators.remove(session);
            audit.append(Audit.event(clock.instant(), p.name(), "user.logout").subject(p.name()).source(address)
                    .detail("reason", code + ": " + why).build());
            log.info("operator {} from {} disconnected: {}: {}", p.name(), address, code, why);
        }
    }

    private static final java.util.regex.Pattern SERVICE = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    /** The services an agent announces: well-formed names only, at most 256 of them. */
    static Set<String> parseServices(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(attribute.split(",")).map(String::trim).filter(s -> SERVICE.matcher(s).matches())
                .limit(256).collect(Collectors.toUnmodifiableSet());
    }
}
