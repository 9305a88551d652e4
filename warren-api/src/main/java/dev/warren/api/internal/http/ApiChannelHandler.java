package dev.warren.api.internal.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's HTTP/1.1 exchange. Requests are answered strictly in order, one at a time: each is copied off
 * Netty's buffers, handed to the blocking executor, and its reply written back on the event loop; pipelined
 * requests wait in a short queue while reading is paused. Keep-alive follows the request ({@code Connection:
 * close}, HTTP/1.0); a malformed or oversized request is answered and the connection closed.
 */
public final class ApiChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ApiChannelHandler.class);
    /** Pipelined requests beyond this close the connection: no client needs more. */
    static final int MAX_QUEUED = 16;
    /** The request target Netty gives a request whose first line it could not read. */
    private static final String UNREAD = "/bad-request";

    private final Dispatcher dispatcher;
    private final Executor blocking;
    private final boolean loopbackHttp;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean closing;

    /** A request waiting its turn: to dispatch, or already answered ({@code ready}). */
    private record Pending(ApiRequest request, Reply ready, HttpVersion version, boolean keepAlive) {}

    public ApiChannelHandler(Dispatcher dispatcher, Executor blocking) {
        this(dispatcher, blocking, false);
    }

    /** @param loopbackHttp this connection came to the dashboard's plain-HTTP loopback listener */
    public ApiChannelHandler(Dispatcher dispatcher, Executor blocking, boolean loopbackHttp) {
        this.dispatcher = dispatcher;
        this.blocking = blocking;
        this.loopbackHttp = loopbackHttp;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return;
            }
            Pending pending = switch (msg) {
                case FullHttpRequest request -> pending(ctx, request);
                case BoundedAggregator.TooLarge tooLarge -> tooLarge(ctx, tooLarge);
                default -> null;
            };
            if (pending == null) {
                return;
            }
            if (queue.size() >= MAX_QUEUED) {
                log.info("connection from {} closed: more than {} pipelined requests", source(ctx), MAX_QUEUED);
                closing = true;
                queue.clear();
                ctx.close();
                return;
            }
            queue.add(pending);
            next(ctx);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private Pending pending(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpVersion version = request.protocolVersion();
        String source = source(ctx);
        if (request.decoderResult().isFailure()) {
            // a request line too long or too malformed to read has no path (Netty names it /bad-request): the API's
            // JSON answer; headers too large come after a path, answered as that path's refusals are
            String reason = decoderProblem(request.decoderResult().cause());
            String path = UNREAD.equals(request.uri()) ? "-" : rawPath(request.uri());
            return refusal(source, request.method(), path, version, ApiException.badRequest(reason));
        }
        String path;
        List<String> segments;
        QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
        try {
            path = decoder.rawPath();
            segments = segments(path);
            decoder.parameters();
        } catch (IllegalArgumentException e) {
            return refusal(source, request.method(), rawPath(request.uri()), version,
                    ApiException.badRequest("request target: malformed percent-encoding"));
        }
        byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        ApiRequest api = new ApiRequest(request.method(), path, segments, decoder.parameters(),
                request.headers().copy(), body, source, peerCertificate(ctx), loopbackHttp);
        return new Pending(api, null, version, HttpUtil.isKeepAlive(request));
    }

    private Pending tooLarge(ChannelHandlerContext ctx, BoundedAggregator.TooLarge tooLarge) {
        ApiException e = new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too_large",
                "request body over " + tooLarge.limit() / 1024 + " KiB", null, null);
        return refusal(source(ctx), HttpMethod.valueOf(tooLarge.method()), rawPath(tooLarge.uri()),
                HttpVersion.HTTP_1_1, e);
    }

    /** A request refused before it was routed: logged once, answered as its path's refusals are, then closed. */
    private Pending refusal(String source, HttpMethod method, String path, HttpVersion version, ApiException e) {
        Dispatcher.refused(source, method.name(), path, null, e.status(), e.logReason());
        return new Pending(null, dispatcher.errorReply(path, e), version, false);
    }

    /** The path of a request target, without query or fragment, undecoded; "-" when it is not an absolute path. */
    static String rawPath(String uri) {
        if (uri == null || !uri.startsWith("/")) {
            return "-";
        }
        int end = uri.length();
        for (char c : new char[] {'?', '#'}) {
            int at = uri.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return uri.substring(0, end);
    }

    private static String decoderProblem(Throwable cause) {
        // Netty's messages may quote header values (an Authorization header, say): name the kind of fault only
        return switch (cause) {
            case TooLongHttpLineException e -> "request line longer than 4096 bytes";
            case TooLongHttpHeaderException e -> "request headers larger than 8192 bytes";
            case TooLongFrameException e -> "request too large";
            default -> "malformed HTTP request (" + cause.getClass().getSimpleName() + ")";
        };
    }

    /** Starts the next queued request when none is running; reading pauses while requests wait. */
    private void next(ChannelHandlerContext ctx) {
        if (!busy && !closing && !queue.isEmpty()) {
            busy = true;
            Pending pending = queue.poll();
            if (pending.ready() != null) {
                write(ctx, pending, pending.ready());
            } else {
                dispatch(ctx, pending);
            }
        }
        ctx.channel().config().setAutoRead(!busy && queue.isEmpty() && !closing);
    }

    private void dispatch(ChannelHandlerContext ctx, Pending pending) {
        try {
            blocking.execute(() -> {
                Reply reply;
                try {
                    reply = dispatcher.dispatch(pending.request());
                } catch (Throwable t) {
                    log.error("{} {}: unexpected failure", pending.request().method(),
                            Redaction.redact(pending.request().path()), t);
                    reply = dispatcher.errorReply(pending.request().path(), new ApiException(
                            HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                            "internal error; the relay log has the details", null, null));
                }
                Reply done = reply;
                try {
                    ctx.executor().execute(() -> write(ctx, pending, done));
                } catch (RejectedExecutionException e) {
                    log.debug("reply dropped: the event loop is shutting down");
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("{} {} from {}: cannot be handled, the API is shutting down", pending.request().method(),
                    Redaction.redact(pending.request().path()), pending.request().source());
            Pending last = new Pending(pending.request(), null, pending.version(), false);
            write(ctx, last, dispatcher.errorReply(pending.request().path(), new ApiException(
                    HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", "the relay is shutting down", null, null)));
        }
    }

    private void write(ChannelHandlerContext ctx, Pending pending, Reply reply) {
        if (!ctx.channel().isActive()) {
            busy = false;
            return;
        }
        boolean keepAlive = pending.keepAlive() && !closing;
        FullHttpResponse response = response(pending.version(), reply, keepAlive);
        var future = ctx.writeAndFlush(response);
        busy = false;
        if (!keepAlive) {
            closing = true;
            queue.clear();
            future.addListener(ChannelFutureListener.CLOSE);
        } else {
            future.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
        next(ctx);
    }

    private static FullHttpResponse response(HttpVersion version, Reply reply, boolean keepAlive) {
        byte[] body = reply.json();
        FullHttpResponse response = new DefaultFullHttpResponse(version, reply.status(),
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (body != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        response.headers().set("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
            response.headers().set(header.getKey(), header.getValue());
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        return response;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (!busy && queue.isEmpty()) {
                log.debug("connection from {} closed: idle", source(ctx));
                closing = true;
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        queue.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("connection from {}: {}", source(ctx), cause.toString());
        } else {
            log.info("connection from {} closed: {}", source(ctx), cause.toString());
        }
        closing = true;
        queue.clear();
        ctx.close();
    }

    /** Percent-decoded segments of the path; a single trailing slash is ignored. */
    static List<String> segments(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return List.of(rawPath);
        }
        String p = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        List<String> out = new ArrayList<>();
        for (String s : p.substring(1).split("/", -1)) {
            // '+' is a plus in a path, not a space
            out.add(QueryStringDecoder.decodeComponent(s.replace("+", "%2B")));
        }
        return List.copyOf(out);
    }

    private static X509Certificate peerCertificate(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    static String source(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(remote);
    }
}
