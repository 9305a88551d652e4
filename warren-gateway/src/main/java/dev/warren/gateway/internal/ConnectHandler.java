package dev.warren.gateway.internal;

import dev.warren.gateway.GatewayConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import dev.warren.common.net.SocketTuning;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection until its CONNECT is decided: checks the source, the method, the credentials and the
 * destination, resolves the name itself, checks the resolved address, connects to exactly that address and then
 * turns both channels into a {@link Pump} pair. Logs one line per decision (never the password).
 */
public final class ConnectHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger("dev.warren.gateway.access");

    private final GatewayConfig config;
    private final Credentials credentials;
    private final ConnectionLimits limits;
    private final ExecutorService resolver;
    private final Class<? extends SocketChannel> channelClass;
    private InetAddress source;
    private boolean counted;
    private boolean decided;
    private String user = "-";
    private String target = "-";
    private final long started = System.nanoTime();
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();

    public ConnectHandler(GatewayConfig config, Credentials credentials, ConnectionLimits limits, ExecutorService resolver,
                          Class<? extends SocketChannel> channelClass) {
        this.config = config;
        this.credentials = credentials;
        this.limits = limits;
        this.resolver = resolver;
        this.channelClass = channelClass;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        if (!config.allowSrc().isEmpty() && config.allowSrc().stream().noneMatch(c -> c.contains(source))) {
            refuse(ctx, HttpResponseStatus.FORBIDDEN, "source not allowed");
            return;
        }
        String over = limits.acquire(source);
        if (over != null) {
            refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, over);
            return;
        }
        counted = true;
        ctx.channel().closeFuture().addListener(f -> {
            limits.release(source);
            if (decided && "tunnel".equals(verdict)) {
                log.info("src={} user={} dst={} verdict=closed up={} down={} ms={}", source.getHostAddress(), user, target, up.get(), down.get(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        });
        ctx.fireChannelActive();
    }

    private String verdict = "";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (decided) return;
            if (!(msg instanceof HttpRequest req)) return;
            if (req.decoderResult().isFailure()) {
                refuse(ctx, HttpResponseStatus.BAD_REQUEST, "malformed request: " + req.decoderResult().cause().getClass().getSimpleName());
                return;
            }
            if (!HttpMethod.CONNECT.equals(req.method())) {
                refuse(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "only CONNECT is allowed");
                return;
            }
            target = req.uri();
            String name = credentials.authenticate(req.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION));
            if (name == null) {
                FullHttpResponse r = response(HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED, "proxy authentication required");
                r.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"warren-gateway\"");
                decide(ctx, r, req.headers().contains(HttpHeaderNames.PROXY_AUTHORIZATION) ? "bad credentials" : "no credentials");
                return;
            }
            user = name;
            int colon = target.lastIndexOf(':');
            int port;
            String host;
            try {
                host = target.substring(0, colon).toLowerCase(Locale.ROOT);
                if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
                port = Integer.parseInt(target.substring(colon + 1));
                if (host.isEmpty() || port < 1 || port > 65535) throw new IllegalArgumentException();
            } catch (RuntimeException e) {
                refuse(ctx, HttpResponseStatus.BAD_REQUEST, "CONNECT target must be HOST:PORT");
                return;
            }
            String h = host;
            boolean nameAllowed = config.allowDst().stream().anyMatch(r -> r.matchesName(h, port));
            boolean anyCidr = config.allowDst().stream().anyMatch(r -> r.cidr() != null && r.port() == port);
            if (!nameAllowed && !anyCidr) {
                refuse(ctx, HttpResponseStatus.FORBIDDEN, "destination not allowed");
                return;
            }
            decided = true;
            ctx.channel().config().setAutoRead(false);
            resolver.execute(() -> resolve(ctx, h, port, nameAllowed));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void resolve(ChannelHandlerContext ctx, String host, int port, boolean nameAllowed) {
        InetAddress chosen = null;
        String why = "name did not resolve";
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (config.denyDst().stream().anyMatch(c -> c.contains(a))) {
                    why = "resolved address is denied";
                    continue;
                }
                if (!nameAllowed && config.allowDst().stream().noneMatch(r -> r.matchesAddress(a, port))) {
                    why = "destination not allowed";
                    continue;
                }
                chosen = a;
                break;
            }
        } catch (java.net.UnknownHostException e) {
            why = "name did not resolve";
        }
        InetAddress address = chosen;
        String reason = why;
        ctx.executor().execute(() -> {
            if (address == null) {
                decided = false;
                refuse(ctx, HttpResponseStatus.FORBIDDEN, reason);
            } else {
                connect(ctx, address, port);
            }
        });
    }

    private void connect(ChannelHandlerContext ctx, InetAddress address, int port) {
        Channel client = ctx.channel();
        Bootstrap b = SocketTuning.client(new Bootstrap())
                .group(client.eventLoop())
                .channel(channelClass)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new ChannelInboundHandlerAdapter());
        b.connect(new InetSocketAddress(address, port)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                decided = false;
                refuse(ctx, HttpResponseStatus.BAD_GATEWAY, "connect to " + address.getHostAddress() + " failed");
                return;
            }
            Channel server = f.channel();
            if (!client.isActive()) {
                server.close();
                return;
            }
            verdict = "tunnel";
            log.info("src={} user={} dst={} addr={} verdict=allowed", source.getHostAddress(), user, target, address.getHostAddress());
            long idle = config.limits().idleTimeout().toMillis();
            var p = client.pipeline();
            p.remove("encoder");
            p.replace("idle", "idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
            p.addLast("pump", new Pump(server, up));
            p.remove(ConnectHandler.this);
            p.remove("decoder"); // hands any bytes the client sent after its request on to the pump
            server.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS), new Pump(client, down));
            server.closeFuture().addListener(c -> client.close());
            client.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 200 Connection established\r\n\r\n", StandardCharsets.US_ASCII))
                    .addListener((ChannelFutureListener) w -> {
                        if (!w.isSuccess()) {
                            server.close();
                            return;
                        }
                        client.config().setAutoRead(true);
                        server.config().setAutoRead(true);
                    });
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && !decided) {
            refuse(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "request header not complete in time");
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("gateway: connection from {} failed: {}", source, cause.toString());
        ctx.close();
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        decide(ctx, response(status, reason), reason);
    }

    private void decide(ChannelHandlerContext ctx, FullHttpResponse response, String reason) {
        if (decided) return;
        decided = true;
        log.info("src={} user={} dst={} verdict=refused status={} reason=\"{}\" ms={}", source == null ? "-" : source.getHostAddress(), user,
                target, response.status().code(), reason, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        response.headers().set(HttpHeaderNames.CONNECTION, "close");
        if (ctx.pipeline().get("encoder") == null) {
            ReferenceCountUtil.release(response);
            ctx.close();
            return;
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String reason) {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }
}
