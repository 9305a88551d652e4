package dev.warren.transport.websocket;

import dev.warren.common.net.HostPort;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The client's side of the upgrade, on a channel whose TLS handshake is done: sends the upgrade request, checks the
 * answer, then leaves the channel carrying {@link WebSocketByteStream} for the caller to put the session on.
 */
public final class TunnelClientUpgrade extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final WebSocketClientHandshaker handshaker;
    private final Runnable onUpgraded;
    private final Consumer<String> onRefused;

    private TunnelClientUpgrade(WebSocketClientHandshaker handshaker, Runnable onUpgraded, Consumer<String> onRefused) {
        this.handshaker = handshaker;
        this.onUpgraded = onUpgraded;
        this.onRefused = onRefused;
    }

    /**
     * Starts the upgrade on {@code pipeline}'s channel. {@code onUpgraded} runs on the event loop with
     * {@link WebSocketByteStream} last in the pipeline; {@code onRefused} gets the reason when the relay says no.
     */
    public static void start(ChannelPipeline pipeline, HostPort relay, int maxFrameSize, Runnable onUpgraded,
            Consumer<String> onRefused) {
        String host = relay.host().indexOf(':') >= 0 ? "[" + relay.host() + "]" : relay.host();
        URI uri = URI.create("wss://" + host + ":" + relay.port() + TunnelPath.PATH);
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri,
                WebSocketVersion.V13, TunnelPath.SUBPROTOCOL, false, new DefaultHttpHeaders(),
                TunnelPath.maxMessage(maxFrameSize));
        pipeline.addLast("ws-http", new HttpClientCodec());
        pipeline.addLast("ws-http-aggregator", new HttpObjectAggregator(16 * 1024));
        pipeline.addLast("ws-upgrade", new TunnelClientUpgrade(handshaker, onUpgraded, onRefused));
        handshaker.handshake(pipeline.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        try {
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (WebSocketHandshakeException e) {
            String body = response.content().toString(StandardCharsets.UTF_8).strip();
            onRefused.accept("relay refused the WebSocket upgrade (" + response.status() + ")"
                    + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) : body)));
            ctx.close();
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        // Netty's client encoder masks 8 bytes per ByteBuf access: ours masks through NIO views (MaskingFrameEncoder)
        ChannelHandlerContext encoder = pipeline.context(WebSocketFrameEncoder.class);
        pipeline.replace(encoder.name(), encoder.name(), MaskingFrameEncoder.INSTANCE);
        pipeline.addLast("ws-bytes", new WebSocketByteStream());
        pipeline.remove(this);
        onUpgraded.run();
    }
}
