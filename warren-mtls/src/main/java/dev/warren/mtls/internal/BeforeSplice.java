package dev.warren.mtls.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listen side's handler of one connection until its two channels are spliced (forward and reverse alike): what the
 * transport reads meanwhile (an end of input comes with the bytes before it, a TLS client speaks right behind its
 * handshake) is kept and passed on first, an end of input is remembered and passed on once spliced, and an error
 * before the splice ends the connection.
 */
abstract class BeforeSplice extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(BeforeSplice.class);

    final String tunnel;
    final TunnelMetrics metrics;
    /** The tunnel's connections: a connector adds the one it dials, so that a stop closes it too. */
    final ChannelGroup connections;
    private final Queue<Object> early = new ArrayDeque<>();
    private boolean inputEndedEarly;

    BeforeSplice(String tunnel, TunnelMetrics metrics, ChannelGroup connections) {
        this.tunnel = tunnel;
        this.metrics = metrics;
        this.connections = connections;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE
                || (evt instanceof SslCloseCompletionEvent close && close.isSuccess())) {
            inputEndedEarly = true;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        Object m;
        while ((m = early.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a failed handshake is logged once, by HandshakeWatch; anything else before the splice ends the connection
        log.debug("tunnel {}: {} before the splice: {}", tunnel, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /**
     * Passes on what was read meanwhile to {@code outbound} (after anything the caller wrote there first), leaves the
     * pipeline of {@code ctx} and splices its channel to {@code outbound}; an input that already ended is passed on.
     */
    final void splice(ChannelHandlerContext ctx, Channel outbound) {
        Object m;
        while ((m = early.poll()) != null) {
            metrics.earlyBytes(m);
            outbound.write(m, outbound.voidPromise());
        }
        outbound.flush();
        ctx.pipeline().remove(this);
        Channel inbound = ctx.channel();
        SplicedPair pair = SplicedPair.join(tunnel, inbound, outbound, metrics);
        if (inputEndedEarly) {
            pair.inputEnded(inbound);
        }
    }
}
