package dev.warren.mtls.internal;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One side of a spliced pair: what this channel reads is written to the other. Back-pressure by auto-read: when the
 * other side's outbound buffer passes its high watermark this side stops reading, and starts again when it drains.
 * The end of this side's input (a FIN, or a TLS close_notify) is passed on as the end of the other side's output.
 */
final class Splice extends ChannelInboundHandlerAdapter {
    private final SplicedPair pair;
    private final Channel peer;
    private final Counter bytes;

    Splice(SplicedPair pair, Channel peer, Counter bytes) {
        this.pair = pair;
        this.peer = peer;
        this.bytes = bytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            bytes.increment(buf.readableBytes());
            peer.write(buf, peer.voidPromise());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // our output is full (or drained again): the other side reads only while we can take it
        SplicedPair.autoRead(peer, ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            pair.inputEnded(ctx.channel());
        } else if (evt instanceof SslCloseCompletionEvent close && close.isSuccess()) {
            // the peer's close_notify: it sends nothing more (and, with OpenSSL, we can send it nothing more either)
            pair.inputEnded(ctx.channel());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pair.closed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        pair.failed(ctx.channel(), cause);
    }
}
