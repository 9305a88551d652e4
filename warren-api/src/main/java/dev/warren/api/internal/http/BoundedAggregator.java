package dev.warren.api.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * {@link HttpObjectAggregator} whose answer to an oversized body is the API's JSON 413, written in turn by
 * {@link ApiChannelHandler}: instead of writing Netty's empty 413 itself, it passes a {@link TooLarge} on.
 */
public final class BoundedAggregator extends HttpObjectAggregator {

    /** A request whose body was over the limit; its body is discarded. */
    public record TooLarge(String method, String uri, int limit) {}

    public BoundedAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse full && full.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            // "Expect: 100-continue" with a Content-Length over the limit: fall through to handleOversizedMessage
            ReferenceCountUtil.release(response);
            return null;
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (oversized instanceof HttpRequest request) {
            ctx.fireChannelRead(new TooLarge(request.method().name(), request.uri(), maxContentLength()));
        } else {
            ctx.close();
        }
    }
}
