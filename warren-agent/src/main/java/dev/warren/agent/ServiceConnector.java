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
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the relay's opens: looks the service name up in this agent's own configuration and connects to the address
 * found there, on the session's event loop. A name that is not configured is refused; there is no other way to make
 * the agent dial.
 *
 * <p>Per open only the connection is new: the bootstrap is made once per event loop, and a target written as an IP
 * address is parsed once (a name is still resolved at each open, so that a changed DNS record is followed). One log line
 * per stream, when it ends (the open's is at DEBUG): a line costs the event loop a wake-up of the log writer.
 */
final class ServiceConnector {
    private static final Logger log = LoggerFactory.getLogger(ServiceConnector.class);
    /**
     * How long the acceptance of a connected stream may wait for the service's first bytes, to leave with them in one
     * TLS record ({@link MuxStream#accept(dev.warren.protocol.session.StreamHandler, Map, Duration)}): services that
     * speak first or answer at once (a banner, an echo) save the relay and the operator a read and a wake-up per
     * stream. Nothing waits for the answer meanwhile (the operator's bytes flow before it); a silent service's stream
     * is answered when this has passed.
     */
    static final Duration ANSWER_HOLD = Duration.ofMillis(5);

    private final Map<String, HostPort> services;
    private final Map<String, SocketAddress> addresses;
    private final String deviceName;
    /** The bootstraps of each event loop (an agent runs its sessions on one). */
    private final Map<EventLoop, Bootstraps> bootstraps = new ConcurrentHashMap<>(2);

    /**
     * A service written as an IPv4 address is reached with an IPv4 socket ({@link EventLoops#ipv4SocketChannelFactory()}:
     * one system call less per stream); a name, or an IPv6 address, with Netty's default socket, which reaches both.
     */
    private record Bootstraps(Bootstrap ipv4, Bootstrap any) {
        Bootstrap to(SocketAddress target) {
            return ipv4Address(target) ? ipv4 : any;
        }
    }

    static boolean ipv4Address(SocketAddress target) {
        return target instanceof InetSocketAddress a && a.getAddress() instanceof Inet4Address;
    }

    ServiceConnector(Map<String, HostPort> services, String deviceName) {
        this.services = services;
        this.deviceName = deviceName;
        this.addresses = services.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> address(e.getValue())));
    }

    /** An IP literal as a resolved address, a name unresolved (Netty's resolver looks it up at each connect). */
    private static SocketAddress address(HostPort target) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(target.host());
        if (ip == null) {
            return InetSocketAddress.createUnresolved(target.host(), target.port());
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(target.host(), ip), target.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("service address " + target + ": " + e.getMessage(), e);
        }
    }

    private Bootstrap bootstrap(EventLoop loop, SocketAddress target) {
        return bootstraps.computeIfAbsent(loop, l -> new Bootstraps(
                bootstrap(l, EventLoops.ipv4SocketChannelFactory()), bootstrap(l, EventLoops.socketChannelFactory())))
                .to(target);
    }

    private static Bootstrap bootstrap(EventLoop loop, ChannelFactory<SocketChannel> channels) {
        return SocketTuning.client(new Bootstrap())
                .group(loop)
                .channelFactory(channels)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(NO_HANDLER);
    }

    @Sharable
    private static final class NoHandler extends ChannelInboundHandlerAdapter {}

    private static final ChannelHandler NO_HANDLER = new NoHandler();

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
        long started = System.nanoTime();
        SocketAddress address = addresses.get(service);
        ChannelFuture connect = bootstrap(stream.session().eventLoop(), address).connect(address);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                String why = Causes.rootMessage(f.cause());
                log.info("session {}: {} -> {} ({}): connect failed: {}", session, operator, service, target, why);
                stream.reject(ErrorCode.CONNECT_FAILED, "service '" + service + "' (" + target + "): " + why);
                return;
            }
            Channel socket = connect.channel();
            log.debug("session {}: {} -> {} ({}) connected", session, operator, service, target);
            StreamBridge bridge = new StreamBridge(socket, (code, reason) -> log.info(
                    "session {}: {} -> {} ({}) ended: {} bytes in, {} out, {} ms, {}", session, operator, service,
                    target, stream.bytesReceived(), stream.bytesSent(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    code == ErrorCode.NO_ERROR ? "closed" : code + ": " + reason));
            stream.accept(bridge, Map.of(), ANSWER_HOLD);
            bridge.start(stream);
        });
    }
}
