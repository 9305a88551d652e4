package dev.warren.relay;

import dev.warren.api.auth.AuthResult;
import dev.warren.api.auth.Principal;
import dev.warren.api.auth.TokenAuthenticator;
import dev.warren.common.text.PeerText;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.HelloDecision;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.SessionListener;
import dev.warren.store.WarrenStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the relay does with each session on its port: admit agents and operators, register agents, route opens. */
final class RelaySessionListener implements SessionListener {
    private static final Logger log = LoggerFactory.getLogger(RelaySessionListener.class);

    private final AgentAuthenticator agentAuth;
    private final TokenAuthenticator tokens;
    private final AgentRegistry agents;
    private final StreamRouter router;
    private final WarrenStore store;
    private final StoreWriter writer;
    private final Executor blocking;
    private final Clock clock;
    private final String nodeId;

    RelaySessionListener(AgentAuthenticator agentAuth, TokenAuthenticator tokens, AgentRegistry agents,
            StreamRouter router, WarrenStore store, StoreWriter writer, Executor blocking, Clock clock, String nodeId) {
        this.agentAuth = agentAuth;
        this.tokens = tokens;
        this.agents = agents;
        this.router = router;
        this.store = store;
        this.writer = writer;
        this.blocking = blocking;
        this.clock = clock;
        this.nodeId = nodeId;
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
                log.info("{} from {} refused: {}: {}", hello.role().name().toLowerCase(java.util.Locale.ROOT),
                        StreamRouter.address(session.remoteAddress()), d.code(), d.reason());
            }
            return d;
        });
    }

    private CompletionStage<HelloDecision> operator(MuxSession session, Hello hello) {
        String token = hello.attribute("token");
        if (token == null || token.isBlank()) {
            return CompletableFuture.completedFuture(HelloDecision.refuse(ErrorCode.UNAUTHENTICATED,
                    "no API token: operators authenticate with a token (warren login, --token or WARREN_TOKEN)"));
        }
        String source = StreamRouter.address(session.remoteAddress());
        return CompletableFuture.supplyAsync(() -> tokens.authenticate(token, source), blocking).thenApply(result -> {
            if (result instanceof AuthResult.Ok ok) {
                return HelloDecision.accept(Map.of("user", ok.principal().name(), "node", nodeId), ok.principal());
            }
            return HelloDecision.refuse(ErrorCode.UNAUTHENTICATED, ((AuthResult.Refused) result).reason());
        });
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
            log.info("agent {} connected from {}: version {}, services [{}]", device, address, version,
                    String.join(", ", services));
        } else if (session.attachment() instanceof Principal p) {
            log.info("operator {} connected from {}", p.name(), address);
        }
    }

    @Override
    public void onOpen(MuxStream stream, Open open) {
        if (stream.session().attachment() instanceof Principal operator) {
            router.route(stream, open, operator);
        } else {
            log.info("stream refused: agent {} tried to open {}/{}", stream.session().attachment(),
                    PeerText.clean(open.device(), 128), PeerText.clean(open.service(), 128));
            stream.reject(ErrorCode.FORBIDDEN, "devices cannot open streams");
        }
    }

    @Override
    public void onClosed(MuxSession session, ErrorCode code, String reason) {
        String address = StreamRouter.address(session.remoteAddress());
        if (session.attachment() instanceof AgentLink link) {
            if (agents.unregister(link)) {
                writer.submit("device " + link.device().id() + " offline",
                        () -> store.devices().markOffline(link.device().id(), nodeId, clock.instant()));
            }
            log.info("agent {} from {} disconnected: {}: {}", link.device(), address, code, PeerText.clean(reason, 512));
        } else if (session.attachment() instanceof Principal p) {
            log.info("operator {} from {} disconnected: {}: {}", p.name(), address, code, PeerText.clean(reason, 512));
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
