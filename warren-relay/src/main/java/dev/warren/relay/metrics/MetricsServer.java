package dev.warren.relay.metrics;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.Stops;
import dev.warren.store.Secret;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small plain-HTTP listener for the machines that watch the relay: {@code GET /metrics} (Prometheus text format;
 * a bearer token when one is configured, which is required off loopback), {@code GET /healthz} (the process is alive)
 * and {@code GET /readyz} (the store answers and the relay's listeners are bound; 503 and which check failed
 * otherwise). It is separate from the relay's TLS port so that it can stay on localhost or a private interface, and so
 * that scraping never competes with the API's authentication.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final RelayMetrics metrics;
    private final Readiness readiness;
    private final byte[] token;
    private final Executor blocking;
    private final EventLoopGroup group;
    private final Channel listener;
    private final ChannelGroup connections = Stops.channels("relay-metrics");

    public MetricsServer(HostPort listen, Secret token, RelayMetrics metrics, Readiness readiness, Executor blocking) {
        this.metrics = metrics;
        this.readiness = readiness;
        this.token = token == null ? null : ("Bearer " + token.reveal()).getBytes(StandardCharsets.UTF_8);
        this.blocking = blocking;
        this.group = EventLoops.group(1, "relay-metrics");
        try {
            this.listener = new ServerBootstrap().group(group).channel(EventLoops.serverSocketChannel())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            connections.add(ch); // closed by close() itself: see Stops
                            ch.pipeline().addLast(new ReadTimeoutHandler(30, TimeUnit.SECONDS),
                                    new HttpServerCodec(4096, 8192, 8192), new HttpObjectAggregator(0),
                                    new Handler());
                        }
                    }).bind(listen.host(), listen.port()).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen for metrics on " + listen + ": " + e.getMessage(), e);
        }
        log.info("metrics, health and readiness on http://{}/ ({})", address(),
                token == null ? "no token: loopback only" : "/metrics needs the bearer token");
    }

    public HostPort address() {
        InetSocketAddress a = (InetSocketAddress) listener.localAddress();
        return new HostPort(a.getAddress().getHostAddress(), a.getPort());
    }

    public boolean isBound() {
        return listener.isActive();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            String path = new QueryStringDecoder(req.uri()).path();
            if (!HttpMethod.GET.equals(req.method())) {
                reply(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
                return;
            }
            switch (path) {
                case "/healthz" -> reply(ctx, keepAlive, HttpResponseStatus.OK, "text/plain", "ok\n");
                // readiness tells nothing secret: no token, as for /healthz (probes seldom carry one)
                case "/readyz" -> blocking.execute(() -> ready(ctx, keepAlive));
                case "/metrics" -> {
                    if (!authorized(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                        log.info("metrics scrape from {} refused: missing or wrong bearer token",
                                ctx.channel().remoteAddress());
                        FullHttpResponse r = response(HttpResponseStatus.UNAUTHORIZED, "text/plain",
                                "/metrics needs the metrics bearer token (Authorization: Bearer ...)\n");
                        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"warren-metrics\"");
                        write(ctx, keepAlive, r);
                        return;
                    }
                    blocking.execute(() -> reply(ctx, keepAlive, HttpResponseStatus.OK, TEXT_FORMAT, metrics.scrape()));
                }
                default -> reply(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain",
                        "no such path (expected: /metrics, /healthz or /readyz)\n");
            }
        }

        private boolean authorized(String header) {
            if (token == null) {
                return true;
            }
            return header != null && MessageDigest.isEqual(token, header.getBytes(StandardCharsets.UTF_8));
        }

        private void ready(ChannelHandlerContext ctx, boolean keepAlive) {
            Map<String, Boolean> checks;
            try {
                checks = new TreeMap<>(readiness.check());
            } catch (RuntimeException e) {
                checks = new TreeMap<>(Map.of("check", false));
            }
            boolean ok = checks.values().stream().allMatch(b -> b);
            StringBuilder json = new StringBuilder("{\"status\":\"").append(ok ? "ready" : "not ready")
                    .append("\",\"checks\":{");
            String sep = "";
            for (Map.Entry<String, Boolean> c : checks.entrySet()) {
                json.append(sep).append('"').append(c.getKey()).append("\":").append(c.getValue());
                sep = ",";
            }
            json.append("}}\n");
            reply(ctx, keepAlive, ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "application/json", json.toString());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("metrics connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }

    private static void reply(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String type,
            String body) {
        write(ctx, keepAlive, response(status, type, body));
    }

    private static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse r) {
        HttpUtil.setContentLength(r, r.content().readableBytes());
        HttpUtil.setKeepAlive(r, keepAlive);
        var future = ctx.writeAndFlush(r);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (!Stops.closeThenShutdown(connections, group, Duration.ofSeconds(2))) {
            log.warn("metrics listener: connections or event loop not stopped within 2 s");
        }
    }
}
