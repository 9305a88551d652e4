package dev.warren.transport.http;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SocketTuning;
import dev.warren.common.tls.TlsContexts;
import dev.warren.transport.ProxiedConnect;
import dev.warren.transport.proxy.ProxySpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTPS request on its own connection, for the rare calls agents and admin commands make to the relay's REST API
 * (enrollment, renewal, admin actions). Bodies are small JSON documents; responses are bounded to 4 MiB.
 */
public final class HttpsCall {
    private static final int MAX_RESPONSE = 4 << 20;

    /** A response: status code and body text. */
    public record Response(int status, String body) {}

    private HttpsCall() {}

    public static CompletableFuture<Response> send(EventLoopGroup group, HostPort server, SslContext tls,
            boolean verifyHostname, HttpMethod method, String path, Map<String, String> headers, String jsonBody) {
        return send(group, server, tls, verifyHostname, null, method, path, headers, jsonBody);
    }

    /** The same through {@code proxy} (HTTP CONNECT or SOCKS5; null: direct). */
    public static CompletableFuture<Response> send(EventLoopGroup group, HostPort server, SslContext tls,
            boolean verifyHostname, ProxySpec proxy, HttpMethod method, String path, Map<String, String> headers,
            String jsonBody) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, server.toString());
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        request.headers().set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
        if (jsonBody != null) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        }
        request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.forEach((k, v) -> request.headers().set(k, v));

        java.net.InetSocketAddress[] proxyAddress = new java.net.InetSocketAddress[1]; // set before connect
        Bootstrap bootstrap = SocketTuning.client(new Bootstrap())
                .group(group)
                .channel(EventLoops.socketChannel())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ProxiedConnect.install(ch, proxy, proxyAddress[0]);
                        ch.pipeline().addLast(TlsContexts.clientHandler(tls, ch.alloc(), server.host(), server.port(),
                                verifyHostname));
                        ch.pipeline().addLast(new ReadTimeoutHandler(30, TimeUnit.SECONDS));
                        ch.pipeline().addLast(new HttpClientCodec());
                        ch.pipeline().addLast(new HttpObjectAggregator(MAX_RESPONSE));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                                result.complete(new Response(response.status().code(),
                                        response.content().toString(StandardCharsets.UTF_8)));
                                // in this task, not a later one: callers shut their loop down as soon as they have the
                                // answer, and a shutting-down loop closes its channels before its queued tasks, which
                                // would cut the connection without its close_notify (HttpsCallCloseNotifyTest)
                                ctx.close();
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                if (ProxiedConnect.proxyFailure(ctx.channel(), proxy, server, null,
                                        reason -> result.completeExceptionally(new java.io.IOException(reason)))) {
                                    return;
                                }
                                result.completeExceptionally(new java.io.IOException(
                                        "relay " + server + " closed the connection without an answer"));
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                if (!ProxiedConnect.proxyFailure(ctx.channel(), proxy, server, cause,
                                        reason -> result.completeExceptionally(new java.io.IOException(reason)))) {
                                    result.completeExceptionally(cause);
                                }
                                ctx.close();
                            }
                        });
                    }
                });
        Thread.ofVirtual().start(() -> {
            io.netty.channel.ChannelFuture connecting;
            try {
                proxyAddress[0] = proxy == null ? null : ProxiedConnect.resolveProxy(proxy);
                connecting = ProxiedConnect.connect(bootstrap, server, proxy);
            } catch (java.net.UnknownHostException e) {
                request.release();
                result.completeExceptionally(e);
                return;
            }
            connecting.addListener(f -> {
                if (!f.isSuccess()) {
                    request.release();
                    result.completeExceptionally(proxy == null ? f.cause() : new java.io.IOException(
                            "cannot reach proxy " + proxy.address() + ": " + f.cause().getMessage(), f.cause()));
                    return;
                }
                Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                ch.writeAndFlush(request).addListener(w -> {
                    if (!w.isSuccess()) {
                        result.completeExceptionally(w.cause());
                        ch.close();
                    }
                });
            });
        });
        return result;
    }
}
