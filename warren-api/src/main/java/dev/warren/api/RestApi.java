package dev.warren.api;

import dev.warren.api.dashboard.RequestGuard;
import dev.warren.api.internal.endpoints.Endpoints;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.ApiChannelHandler;
import dev.warren.api.internal.http.BoundedAggregator;
import dev.warren.api.internal.http.Dispatcher;
import dev.warren.api.internal.http.Router;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The relay's REST API ({@code /api/v1}, see docs/API.md) on Netty's HTTP/1.1 codec. One instance serves every
 * connection; {@link #install} adds the handlers to a connection whose ALPN picked {@code http/1.1}.
 */
public final class RestApi {
    /** Longest request line (method, path and query). */
    public static final int MAX_INITIAL_LINE = 4096;
    /** Most bytes of request headers. */
    public static final int MAX_HEADERS = 8192;
    /** Largest request body; more is answered 413. */
    public static final int MAX_BODY = 64 * 1024;
    /** A connection with no traffic for this long is closed. */
    public static final int IDLE_SECONDS = 60;

    private final ApiContext context;
    private final Dispatcher dispatcher;
    private final Dispatcher loopbackDashboard;
    private final Duration idle;

    public RestApi(ApiContext context) {
        this(context, Duration.ofSeconds(IDLE_SECONDS));
    }

    RestApi(ApiContext context, Duration idle) {
        this.context = Objects.requireNonNull(context, "context");
        Router router = Endpoints.router(context);
        this.dispatcher = new Dispatcher(router, context.tokens(), context.certificates(), context.audit(),
                context.clock());
        this.loopbackDashboard = new Dispatcher(router.only("/ui", "/favicon.ico"), context.tokens(),
                context.certificates(), context.audit(), context.clock(), r -> RequestGuard.refusalOfLoopbackHost(
                        r.header(HttpHeaderNames.HOST)).map(ApiException::forbidden).orElse(null));
        this.idle = idle;
    }

    /**
     * Adds {@link HttpServerCodec} (bounded: initial line {@value #MAX_INITIAL_LINE}, headers {@value #MAX_HEADERS}),
     * an aggregator ({@value #MAX_BODY} bytes, more is 413), an idle timeout ({@value #IDLE_SECONDS} s) and the
     * handler, which runs every request on {@link ApiContext#blocking()}.
     */
    public void install(ChannelPipeline pipeline) {
        install(pipeline, new ApiChannelHandler(dispatcher, context.blocking()));
    }

    /**
     * Installs the web dashboard alone, for the plain-HTTP listener on a loopback address ({@code --dashboard-listen}):
     * the same handlers as {@link #install}, but only the {@code /ui} routes, only for a loopback {@code Host}
     * (403 otherwise), with the {@code http://} origin and a cookie without {@code Secure} (docs/DASHBOARD.md).
     */
    public void installLoopbackDashboard(ChannelPipeline pipeline) {
        install(pipeline, new ApiChannelHandler(loopbackDashboard, context.blocking(), true));
    }

    private void install(ChannelPipeline pipeline, ApiChannelHandler handler) {
        pipeline.addLast("api-idle", new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS));
        pipeline.addLast("api-codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADERS)));
        pipeline.addLast("api-aggregator", new BoundedAggregator(MAX_BODY));
        pipeline.addLast("api", handler);
    }
}
