package dev.warren.mtls.internal;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.Stops;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The {@code --status} listener, plain HTTP for a local scraper: {@code GET /healthz} is 200 "ok" while every tunnel
 * listens (503 otherwise), {@code GET /metrics} is the Prometheus text format. Nothing else is served.
 */
public final class StatusServer implements AutoCloseable {
    private final Channel channel;
    private final ChannelGroup connections;

    private StatusServer(Channel channel, ChannelGroup connections) {
        this.channel = channel;
        this.connections = connections;
    }

    public static StatusServer start(HostPort address, EventLoopGroup group, PrometheusMeterRegistry registry,
                                     BooleanSupplier healthy) {
        // closed by close() itself, while the loops still run: see Stops
        ChannelGroup connections = Stops.channels("mtls-status");
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EventLoops.serverSocketChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192), new HttpObjectAggregator(4096),
                                new Handler(registry, healthy));
                    }
                });
        ChannelFuture bound = b.bind(address.resolved()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalArgumentException("status: cannot listen on " + address + ": " + bound.cause().getMessage(),
                    bound.cause());
        }
        return new StatusServer(bound.channel(), connections);
    }

    public HostPort address() {
        InetSocketAddress a = (InetSocketAddress) channel.localAddress();
        return new HostPort(a.getAddress().getHostAddress(), a.getPort());
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final PrometheusMeterRegistry registry;
        private final BooleanSupplier healthy;

        Handler(PrometheusMeterRegistry registry, BooleanSupplier healthy) {
            this.registry = registry;
            this.healthy = healthy;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = request.uri().split("\\?", 2)[0];
            FullHttpResponse response;
            if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only\n", "text/plain");
            } else if (path.equals("/healthz")) {
                boolean ok = healthy.getAsBoolean();
                response = text(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        ok ? "ok\n" : "a tunnel is not listening\n", "text/plain");
            } else if (path.equals("/metrics")) {
                response = text(HttpResponseStatus.OK, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8");
            } else {
                response = text(HttpResponseStatus.NOT_FOUND, "not found (expected: /healthz or /metrics)\n", "text/plain");
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            ChannelFuture written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            HttpUtil.setContentLength(r, r.content().readableBytes());
            return r;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
