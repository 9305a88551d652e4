package dev.warren.mtls.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The handler of a target connection until it is spliced: an error there closes it (the splice reports the rest). */
@ChannelHandler.Sharable
final class ClosingOnError extends ChannelInboundHandlerAdapter {
    static final ClosingOnError INSTANCE = new ClosingOnError();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
