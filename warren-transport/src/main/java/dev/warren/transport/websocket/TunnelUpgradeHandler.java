package dev.warren.transport.websocket;

import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.transport.SessionPipeline;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in the relay's HTTP pipeline (after the aggregator): a request for {@link TunnelPath#PATH} with a WebSocket
 * upgrade becomes a Warren session on this same connection (same TLS, so the same client certificate); every other
 * request goes on to the REST API untouched.
 */
public final class TunnelUpgradeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TunnelUpgradeHandler.class);

    private final SessionConfig config;
    private final Supplier<MuxSession> sessions;
    private final List<String> httpHandlers;

    /**
     * @param sessions makes the relay's session for an upgraded connection
     * @param httpHandlers names of the REST API's handlers to take out once the connection is a tunnel
     */
    public TunnelUpgradeHandler(SessionConfig config, Supplier<MuxSession> sessions, List<String> httpHandlers) {
        this.config = config;
        this.sessions = sessions;
        this.httpHandlers = List.copyOf(httpHandlers);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)
                || !TunnelPath.PATH.equals(new QueryStringDecoder(request.uri()).path())) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            upgrade(ctx, request);
        } finally {
            request.release();
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method())
                || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, TunnelPath.PATH + " takes a WebSocket upgrade (GET,"
                    + " Upgrade: websocket, Sec-WebSocket-Protocol: " + TunnelPath.SUBPROTOCOL + ")");
            return;
        }
        String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
        if (!List.of(offered.split("\\s*,\\s*")).contains(TunnelPath.SUBPROTOCOL)) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "WebSocket subprotocol '" + offered + "' (expected: "
                    + TunnelPath.SUBPROTOCOL + ")");
            return;
        }
        String host = request.headers().get(HttpHeaderNames.HOST, "relay");
        // the mask comes off in ClientFrameUnmasker, ahead of Netty's decoder, which then takes unmasked frames only
        WebSocketDecoderConfig decoding = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(TunnelPath.maxMessage(config.settings().maxFrameSize()))
                .expectMaskedFrames(false).allowMaskMismatch(false).allowExtensions(false).build();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("wss://" + host + TunnelPath.PATH,
                TunnelPath.SUBPROTOCOL, decoding).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        for (String name : httpHandlers) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        handshaker.handshake(ctx.channel(), request).addListener(f -> {
            if (!f.isSuccess()) {
                log.info("WebSocket upgrade from {} failed: {}", ctx.channel().remoteAddress(), f.cause().toString());
                ctx.close();
            }
        });
        pipeline.addBefore(pipeline.context(WebSocketFrameDecoder.class).name(), "ws-unmask", new ClientFrameUnmasker());
        pipeline.addLast("ws-bytes", new WebSocketByteStream());
        SessionPipeline.install(pipeline, config, sessions.get());
        pipeline.remove(this);
    }

    private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer("{\"error\":\"bad_request\",\"message\":\"" + reason.replace("\"", "'")
                        + "\"}\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
