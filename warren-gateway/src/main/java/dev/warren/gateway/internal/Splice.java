package dev.warren.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * Copies bytes from its channel to the peer through the JVM: reads stop while the peer cannot take more (autoread
 * backpressure), an end of input becomes a shutdown of the peer's output (half-close), and the tunnel closes when both
 * sides are done. Used for the bytes a client sent right behind its request head, and for whole tunnels where
 * {@link KernelSplice} is not (the NIO transport, {@code -Dwarren.gateway.splice=false}).
 */
final class Splice extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final LongAdder bytes;

    Splice(Channel peer, LongAdder bytes) {
        this.peer = peer;
        this.bytes = bytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            bytes.add(b.readableBytes());
        }
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            peer.flush();
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // our channel drained: the peer may read again
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            Channel self = ctx.channel();
            if (peer instanceof DuplexChannel d && peer.isActive() && !d.isInputShutdown()) {
                // the first direction to end: pass the end on (after what was read before it), the other goes on
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                    // the peer's end of input will then be the end of both directions: Netty closes it at once instead
                    // of half-closing it (which costs a shutdown(2) failing with ENOTCONN, and an exception for it)
                    peer.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
                    d.shutdownOutput();
                });
            } else {
                // both directions have ended (or the peer is gone): what is left goes out, then both close
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> closeBoth(self));
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    private void closeBoth(Channel self) {
        self.close();
        peer.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeBoth(ctx.channel());
    }
}
