package dev.warren.relay;

import dev.warren.api.audit.Audit;
import dev.warren.api.audit.AuditWriter;
import dev.warren.common.net.SocketTuning;
import dev.warren.common.net.SourceAllowList;
import dev.warren.common.text.PeerText;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamRefusedException;
import dev.warren.relay.metrics.RelayMetrics;
import dev.warren.relay.traffic.TrafficRecorder;
import dev.warren.store.PublishedPort;
import dev.warren.transport.StreamBridge;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a published port: refused unless its source is in the allow-list, then moved onto the event loop
 * of the device's agent (auto-read is off; what epoll reads early waits in the bridge), bridged to a new stream to the
 * published service, and recorded like any session (store row, audit events, traffic, metrics), with
 * {@code published:PORT} as its operator. It is a live session like the others: an admin can cut it, a disabled
 * device or service ends it.
 */
final class PublishedConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PublishedConnection.class);

    /** What every connection of one relay shares. */
    record Context(SourceAllowList allow, AgentRegistry agents, Map<String, LiveSession> live, SessionJournal journal,
            AuditWriter auditWriter, TrafficRecorder traffic, RelayMetrics metrics, Clock clock) {}

    private final Context c;
    private final PublishedPort port;

    PublishedConnection(Context c, PublishedPort port) {
        this.c = c;
        this.port = port;
    }

    private String operator() {
        return "published:" + port.port();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel socket = ctx.channel();
        InetSocketAddress remote = (InetSocketAddress) socket.remoteAddress();
        String source = StreamRouter.address(remote);
        if (!c.allow().allows(remote.getAddress())) {
            refuse(socket, source, ErrorCode.FORBIDDEN, "source " + remote.getAddress().getHostAddress()
                    + " is not in the published ports' allow-list (" + c.allow() + ")");
            return;
        }
        AgentLink link = c.agents().byId(port.deviceId());
        if (link == null) {
            refuse(socket, source, ErrorCode.DEVICE_OFFLINE, "device " + port.deviceId() + " is not connected");
            return;
        }
        if (c.agents().disabledServices(port.deviceId()).contains(port.service())) {
            refuse(socket, source, ErrorCode.NO_SUCH_SERVICE, AccessControl.disabledService(link.device().name(),
                    port.service()));
            return;
        }
        EventLoop loop = link.session().eventLoop();
        // the bridge goes in now: bytes (and an EOF) that arrive before the stream exists are kept, not lost
        LiveSession[] self = new LiveSession[1];
        StreamBridge bridge = new StreamBridge(socket, (code, reason) -> ended(self[0], code, reason));
        ctx.pipeline().replace(this, "bridge", bridge);
        if (socket.eventLoop() == loop) {
            open(socket, link, source, bridge, self);
            return;
        }
        // the bridge needs the socket on the stream's loop; what was read already waits in the bridge
        socket.deregister().addListener(d -> {
            if (!d.isSuccess()) {
                socket.close();
                return;
            }
            loop.register(socket).addListener(r -> {
                if (r.isSuccess()) {
                    open(socket, link, source, bridge, self);
                } else {
                    socket.close();
                }
            });
        });
    }

    private void open(Channel socket, AgentLink link, String source, StreamBridge bridge, LiveSession[] self) {
        String sessionId = Ids.session();
        Instant started = c.clock().instant();
        MuxStream stream;
        try {
            stream = link.session().openNow("", port.service(), Map.of("session", sessionId, "operator", operator(),
                    "source", source), bridge);
        } catch (StreamRefusedException e) {
            refuse(socket, source, e.code(), "device '" + link.device().name() + "': " + e.reason());
            return;
        }
        LiveSession session = new LiveSession(sessionId, operator(), operator(), operator(), source, link.device(),
                port.service(), started, null, null, null, stream);
        self[0] = session;
        c.live().put(sessionId, session);
        bridge.start(stream);
        stream.openFuture().addListener(f -> {
            if (!f.isSuccess()) {
                StreamRefusedException e = (StreamRefusedException) f.cause();
                log.info("published port {}: {} refused the stream: {}: {}", port.port(), link.device().name(),
                        e.code(), e.reason());
                audit(source, e.code(), "device '" + link.device().name() + "': " + e.reason());
                // a stream refused before it opened tells only its future, never the bridge (MuxStream): without this
                // close the client would wait on an open socket that nothing will ever answer
                c.live().remove(sessionId);
                SocketTuning.closeWithReset(socket);
                return;
            }
            c.journal().opened(session);
            c.traffic().opened(StreamRouter.tracked(session));
            c.metrics().streamOpened();
            log.debug("session {} opened: {} from {} -> {}/{}", sessionId, operator(), source, link.device().name(),
                    port.service());
        });
    }

    /** Runs on the stream's loop when the bridge is done. */
    private void ended(LiveSession session, ErrorCode code, String reason) {
        if (session == null || c.live().remove(session.id()) == null) {
            return;
        }
        MuxStream s = session.agentStream();
        if (!s.openFuture().isSuccess()) {
            return; // never opened: nothing was recorded
        }
        long toDevice = s.bytesSent();
        long fromDevice = s.bytesReceived();
        Instant ended = c.clock().instant();
        String why = code == ErrorCode.NO_ERROR ? "closed" : PeerText.clean(code + ": " + reason, 255);
        c.journal().closed(session, ended, toDevice, fromDevice, why);
        c.traffic().ended(StreamRouter.tracked(session), toDevice, fromDevice);
        log.info("session {} ended: {} from {} -> {}/{}: {} bytes to device, {} from device, {} ms, {}", session.id(),
                operator(), session.sourceAddress(), session.device().name(), session.service(), toDevice, fromDevice,
                Duration.between(session.startedAt(), ended).toMillis(), why);
    }

    private void refuse(Channel socket, String source, ErrorCode code, String reason) {
        log.info("published port {} refused a connection from {}: {}: {}", port.port(), source, code, reason);
        audit(source, code, reason);
        SocketTuning.closeWithReset(socket); // not an empty answer: a failure
    }

    private void audit(String source, ErrorCode code, String reason) {
        c.auditWriter().append(Audit.event(c.clock().instant(), operator(), "session.open")
                .target(String.valueOf(port.port())).device(port.deviceId()).source(source)
                .refused(code + ": " + reason).detail("service", port.service()).build());
        c.metrics().streamRefused(code.name());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("published port {}: {}", port.port(), cause.toString());
        ctx.close();
    }
}
