package dev.warren.agent;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SocketTuning;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.MuxStream;
import dev.warren.transport.StreamBridge;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the relay's opens: looks the service name up in this agent's own configuration and connects to the address
 * found there, on the session's event loop. A name that is not configured is refused; there is no other way to make
 * the agent dial.
 */
final class ServiceConnector {
    private static final Logger log = LoggerFactory.getLogger(ServiceConnector.class);

    private final Map<String, HostPort> services;
    private final String deviceName;

    ServiceConnector(Map<String, HostPort> services, String deviceName) {
        this.services = services;
        this.deviceName = deviceName;
    }

    void open(MuxStream stream, Open open) {
        String service = open.service();
        String session = open.attributes().getOrDefault("session", "-");
        String operator = open.attributes().getOrDefault("operator", "-");
        HostPort target = services.get(service);
        if (target == null) {
            log.info("session {}: {} asked for service '{}', which this agent does not expose", session, operator,
                    service);
            stream.reject(ErrorCode.NO_SUCH_SERVICE,
                    "service '" + service + "' is not configured on device '" + deviceName + "'");
            return;
        }
        Bootstrap bootstrap = SocketTuning.client(new Bootstrap())
                .group(stream.session().eventLoop())
                .channel(EventLoops.socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new ChannelInboundHandlerAdapter());
        ChannelFuture connect = bootstrap.connect(target.host(), target.port());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                String why = Causes.rootMessage(f.cause());
                log.info("session {}: {} -> {} ({}): connect failed: {}", session, operator, service, target, why);
                stream.reject(ErrorCode.CONNECT_FAILED, "service '" + service + "' (" + target + "): " + why);
                return;
            }
            Channel socket = connect.channel();
            log.info("session {}: {} -> {} ({}) connected", session, operator, service, target);
            StreamBridge bridge = new StreamBridge(socket, (code, reason) -> log.info(
                    "session {}: {} -> {} ended: {} bytes in, {} out, {}", session, operator, service,
                    stream.bytesReceived(), stream.bytesSent(), code == ErrorCode.NO_ERROR ? "closed" : code + ": " + reason));
            stream.accept(bridge, Map.of());
            bridge.start(stream);
        });
    }
}
