package dev.warren.protocol.session;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolException;
import dev.warren.protocol.ProtocolVersion;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.DataFrame;
import dev.warren.protocol.frame.FrameDecoder;
import dev.warren.protocol.frame.Frame;
import dev.warren.protocol.frame.GoAway;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.frame.OpenResult;
import dev.warren.protocol.frame.Ping;
import dev.warren.protocol.frame.Reset;
import dev.warren.protocol.frame.Settings;
import dev.warren.protocol.frame.WindowUpdate;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Warren session: the last handler of a pipeline whose transport already delivers {@link Frame}s
 * ({@code FrameDecoder}/{@code FrameEncoder} over TLS or WebSocket). It runs the HELLO exchange, the streams and their
 * flow control, keep-alives and GOAWAY, and tells a {@link SessionListener} what happens.
 *
 * <p>All state is confined to the channel's event loop; public methods may be called from any thread.
 */
public final class MuxSession extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(MuxSession.class);

    public enum Side {
        DIALER,
        ACCEPTOR
    }

    private enum Phase {
        NEW,
        AWAITING_HELLO,
        DECIDING,
        READY,
        CLOSED
    }

    /** TLS's largest record payload. */
    private static final int TLS_RECORD = 16_384;

    private final Side side;
    private final Role localRole;
    private final SessionConfig config;
    private final Map<String, String> helloAttributes;
    private final SessionListener listener;
    private final IntObjectMap<MuxStream> streams = new IntObjectHashMap<>(4);
    private final WriteTurns turns = new WriteTurns();
    private final StreamIds ids;
    private final RoundTrip roundTrip = new RoundTrip();
    private final Runnable flushTask = this::flushNow;
    private final OrderedHandOver handOver = new OrderedHandOver(this::eventLoop);

    private ChannelHandlerContext ctx;
    private Phase phase = Phase.NEW;
    private Hello peerHello;
    private Settings peerSettings = Settings.DEFAULTS;
    private Object attachment;
    private boolean flushScheduled;
    /** Frames were written since the last flush: a flush with nothing to send still costs a TLS wrap call. */
    private boolean unflushed;
    private boolean closing;
    private boolean goAwaySent;
    private GoAway goAwayReceived;
    private ErrorCode closeCode;
    private String closeReason;
    private final Keepalive keepalive;
    private ScheduledFuture<?> timer;

    private MuxSession(Side side, Role localRole, SessionConfig config, Map<String, String> helloAttributes,
            SessionListener listener) {
        this.side = side;
        this.localRole = localRole;
        this.config = config;
        this.helloAttributes = helloAttributes == null ? Map.of() : Map.copyOf(helloAttributes);
        this.listener = listener;
        this.ids = new StreamIds(side);
        this.keepalive = new Keepalive(config.keepaliveInterval(), config.helloTimeout());
    }

    /** The side that opened the connection: it sends HELLO first. */
    public static MuxSession dialer(Role role, SessionConfig config, Map<String, String> helloAttributes,
            SessionListener listener) {
        return new MuxSession(Side.DIALER, role, config, helloAttributes, listener);
    }

    /** The side that accepted the connection: it answers the peer's HELLO after {@link SessionListener#onHello}. */
    public static MuxSession acceptor(Role role, SessionConfig config, SessionListener listener) {
        return new MuxSession(Side.ACCEPTOR, role, config, Map.of(), listener);
    }

    // ---- public API ----

    /**
     * Opens a stream to {@code service} of {@code device}. The future completes when the peer accepts, or fails with
     * {@link StreamRefusedException}; once it has completed, {@code handler} hears of the stream's ending. Bytes may be
     * written before the answer (within the initial window); they are dropped if the open is refused.
     */
    public Future<MuxStream> open(String device, String service, Map<String, String> attributes,
            StreamHandler handler) {
        Promise<MuxStream> promise = eventLoop().newPromise();
        run(() -> openStream(device, service, attributes, handler, promise));
        return promise;
    }

    /**
     * Event loop only: like {@link #open} but returns the stream at once, so that its owner can write before the
     * answer arrives; {@link MuxStream#openFuture()} tells the outcome.
     *
     * @throws StreamRefusedException when the stream cannot even be sent (limits, session closing)
     */
    public MuxStream openNow(String device, String service, Map<String, String> attributes, StreamHandler handler)
            throws StreamRefusedException {
        if (!eventLoop().inEventLoop()) {
            throw new IllegalStateException("openNow must run on the session's event loop");
        }
        Promise<MuxStream> promise = eventLoop().newPromise();
        MuxStream stream = openStream(device, service, attributes, handler, promise);
        if (stream == null) {
            throw (StreamRefusedException) promise.cause();
        }
        return stream;
    }

    private MuxStream openStream(String device, String service, Map<String, String> attributes,
            StreamHandler handler, Promise<MuxStream> promise) {
        ErrorCode refusal = null;
        String why = null;
        if (phase != Phase.READY || closing) {
            refusal = ErrorCode.CANCELLED;
            why = "session is " + (closing ? "closing" : phase.name().toLowerCase(java.util.Locale.ROOT));
        } else if (goAwayReceived != null) {
            refusal = ErrorCode.SHUTTING_DOWN;
            why = "peer is going away: " + goAwayReceived.reason();
        } else if (streams.size() >= peerSettings.maxStreams()) {
            refusal = ErrorCode.STREAM_LIMIT;
            why = "peer accepts at most " + peerSettings.maxStreams() + " streams";
        } else if (ids.exhausted()) {
            refusal = ErrorCode.SHUTTING_DOWN;
            why = "stream ids exhausted: reconnect";
        }
        if (refusal != null) {
            promise.tryFailure(new StreamRefusedException(refusal, why));
            return null;
        }
        int id = ids.next();
        Open open = new Open(id, device, service, attributes);
        MuxStream stream = new MuxStream(this, id, open, handler, MuxStream.State.OPEN_SENT,
                peerSettings.initialWindow(), config.settings().initialWindow(), config.maxWindow(), promise);
        streams.put(id, stream);
        writeFrame(open);
        scheduleFlush();
        return stream;
    }

    /** Announces that this side takes no new streams; open streams continue. */
    public void goAway(ErrorCode code, String reason, int retryAfterMillis) {
        run(() -> {
            if (phase == Phase.CLOSED || goAwaySent) {
                return;
            }
            goAwaySent = true;
            writeFrame(new GoAway(ids.highestPeer(), code, reason, retryAfterMillis));
            scheduleFlush();
        });
    }

    /**
     * Closes the session now: GOAWAY with the code and reason, then the connection. The future completes once the
     * connection is closed: whoever shuts the session's event loop down afterwards must wait for it first, since a
     * Netty loop that shuts down closes its connections before it runs the tasks queued for it (this close among them):
     * the GOAWAY would never leave, and the peer would see a dropped connection.
     */
    public ChannelFuture close(ErrorCode code, String reason) {
        run(() -> closeWith(code, reason, false));
        return ctx.channel().closeFuture();
    }

    public Channel channel() {
        return ctx.channel();
    }

    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    public SocketAddress remoteAddress() {
        return ctx == null ? null : ctx.channel().remoteAddress();
    }

    public Side side() {
        return side;
    }

    /** The peer's HELLO, once the exchange completed. */
    public Hello peerHello() {
        return peerHello;
    }

    public boolean isReady() {
        return phase == Phase.READY && !closing;
    }

    /** The application object the acceptor attached when it admitted the peer (e.g. its identity). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object object) {
        this.attachment = object;
    }

    /** Streams currently open; event loop only for an exact figure. */
    public int activeStreams() {
        return streams.size();
    }

    /** The smoothed round-trip time from PINGs, 0 before the first answer. */
    public long smoothedRttNanos() {
        return roundTrip.smoothedNanos();
    }

    /** The GOAWAY the peer sent, if any (its retry-after tells a dialer when to come back). */
    public GoAway goAwayReceived() {
        return goAwayReceived;
    }

    @Override
    public String toString() {
        return "session " + remoteAddress() + " (" + side + ", " + phase + ")";
    }

    // ---- pipeline events ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (phase != Phase.NEW) {
            return;
        }
        phase = Phase.AWAITING_HELLO;
        scheduleTicks();
        if (side == Side.DIALER) {
            writeFrame(new Hello(ProtocolVersion.MIN, ProtocolVersion.MAX, localRole, config.settings(),
                    helloAttributes));
            flushIfWritten();
        }
    }

    /** Keep-alive ticks, with a fixed delay: a loop that was paused runs one late tick, not a burst (see Keepalive). */
    private void scheduleTicks() {
        long tick = keepalive.tickMillis();
        timer = ctx.executor().scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Moves this session's connection to another event loop (of the same transport), e.g. the loop of the session
     * it will exchange most bytes with, so that no bytes cross threads. Completes once the connection runs there.
     * Calls made meanwhile, on any thread, wait and then run on the new loop in the order they were made.
     */
    public Future<Void> moveTo(EventLoop target) {
        Promise<Void> moved = target.newPromise();
        run(() -> {
            if (phase == Phase.CLOSED || eventLoop() == target) {
                moved.trySuccess(null);
                return;
            }
            Channel channel = ctx.channel();
            handOver.moving();
            channel.deregister().addListener(d -> {
                if (!d.isSuccess()) {
                    handOver.moved();
                    moved.tryFailure(d.cause());
                    return;
                }
                target.register(channel).addListener(r -> {
                    if (!r.isSuccess()) {
                        channel.close();
                    }
                    handOver.moved(); // before the future: what was handed over runs ahead of its listeners
                    if (r.isSuccess()) {
                        moved.trySuccess(null);
                    } else {
                        moved.tryFailure(r.cause());
                    }
                });
            });
        });
        return moved;
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        // after a move the keep-alive timer still belongs to the old loop: start it again here
        if (timer != null && phase != Phase.CLOSED) {
            timer.cancel(false);
            scheduleTicks();
        }
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        keepalive.heard();
        try {
            dispatch(frame);
        } catch (ProtocolException e) {
            connectionError(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("{}: failed to handle {}", this, frame.type(), e);
            connectionError(ErrorCode.INTERNAL_ERROR, "internal error handling " + frame.type());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushIfWritten();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            serveWriteQueue();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        if (timer != null) {
            timer.cancel(false);
        }
        ErrorCode code = closeCode != null ? closeCode : ErrorCode.CANCELLED;
        String reason = closeReason != null ? closeReason : "connection closed";
        if (closeCode == null && goAwayReceived != null) {
            // the peer said goodbye (GOAWAY NO_ERROR, e.g. "agent stopping") and then closed: a clean end, with its
            // reason, not an unexplained drop
            code = ErrorCode.NO_ERROR;
            reason = "peer went away: " + goAwayReceived.reason();
        }
        ErrorCode streamCode = code == ErrorCode.NO_ERROR ? ErrorCode.CANCELLED : code;
        for (MuxStream s : new ArrayList<>(streams.values())) {
            s.terminate(streamCode, "session closed: " + reason);
        }
        turns.clear();
        try {
            listener.onClosed(this, code, reason);
        } catch (RuntimeException e) {
            log.error("{}: listener failed on close", this, e);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ProtocolException protocolError = findCause(cause, ProtocolException.class);
        if (protocolError != null) {
            connectionError(protocolError.code(), protocolError.getMessage());
        } else if (findCause(cause, java.io.IOException.class) != null) {
            log.debug("{}: connection error", this, cause);
            if (closeCode == null) {
                closeCode = ErrorCode.CANCELLED;
                closeReason = "connection error: " + cause.getMessage();
            }
            ctx.close();
        } else {
            log.warn("{}: unexpected error", this, cause);
            connectionError(ErrorCode.INTERNAL_ERROR, "internal error");
        }
    }

    // ---- frames ----

    private void dispatch(Frame frame) {
        switch (phase) {
            case READY -> dispatchReady(frame);
            case AWAITING_HELLO -> {
                if (frame instanceof Hello hello) {
                    onHello(hello);
                } else if (frame instanceof GoAway refusal && side == Side.DIALER) {
                    onRefused(refusal);
                } else {
                    ReferenceCountUtil.release(frame);
                    connectionError(ErrorCode.PROTOCOL_ERROR, "expected HELLO first, got " + frame.type());
                }
            }
            case DECIDING -> {
                ReferenceCountUtil.release(frame);
                connectionError(ErrorCode.PROTOCOL_ERROR, frame.type() + " before the HELLO exchange completed");
            }
            default -> ReferenceCountUtil.release(frame);
        }
    }

    private void dispatchReady(Frame frame) {
        if (closing) {
            ReferenceCountUtil.release(frame);
            return;
        }
        switch (frame) {
            case DataFrame data -> onData(data);
            case WindowUpdate update -> {
                MuxStream s = existing(update.streamId(), "WINDOW_UPDATE");
                if (s != null) {
                    s.onWindowUpdate(update.increment());
                }
            }
            case Open open -> onOpen(open);
            case OpenResult result -> onOpenResult(result);
            case Reset reset -> {
                MuxStream s = existing(reset.streamId(), "RESET");
                if (s != null) {
                    s.terminate(reset.code(), reset.reason());
                }
            }
            case Ping ping -> onPing(ping);
            case GoAway goAway -> onGoAway(goAway);
            case Hello ignored -> connectionError(ErrorCode.PROTOCOL_ERROR, "second HELLO");
        }
    }

    private void onHello(Hello hello) {
        if (side == Side.DIALER) {
            if (hello.minVersion() != hello.maxVersion() || hello.minVersion() < ProtocolVersion.MIN
                    || hello.minVersion() > ProtocolVersion.MAX) {
                connectionError(ErrorCode.UNSUPPORTED_VERSION, "peer chose version " + hello.minVersion() + ".."
                        + hello.maxVersion() + " (expected one of " + ProtocolVersion.MIN + ".." + ProtocolVersion.MAX + ")");
                return;
            }
            becomeReady(hello);
            return;
        }
        int version = ProtocolVersion.negotiate(hello.minVersion(), hello.maxVersion());
        if (version < 0) {
            closeWith(ErrorCode.UNSUPPORTED_VERSION, "this side speaks protocol versions " + ProtocolVersion.MIN + ".."
                    + ProtocolVersion.MAX + ", peer offered " + hello.minVersion() + ".." + hello.maxVersion(), true);
            return;
        }
        phase = Phase.DECIDING;
        CompletionStage<HelloDecision> decision;
        try {
            decision = listener.onHello(this, hello);
        } catch (RuntimeException e) {
            log.error("{}: deciding on HELLO failed", this, e);
            closeWith(ErrorCode.INTERNAL_ERROR, "internal error", true);
            return;
        }
        decision.whenComplete((d, error) -> run(() -> decided(hello, version, d, error)));
    }

    private void decided(Hello hello, int version, HelloDecision decision, Throwable error) {
        if (phase != Phase.DECIDING) {
            return; // closed meanwhile
        }
        if (error != null) {
            log.error("{}: deciding on HELLO failed", this, error);
            closeWith(ErrorCode.INTERNAL_ERROR, "internal error", true);
        } else if (!decision.accepted()) {
            closeWith(decision.code(), decision.reason(), false);
        } else {
            attachment = decision.attachment();
            writeFrame(new Hello(version, version, localRole, config.settings(), decision.attributes()));
            becomeReady(hello);
            flushIfWritten();
        }
    }

    private void becomeReady(Hello hello) {
        peerHello = hello;
        peerSettings = hello.settings();
        phase = Phase.READY;
        sendPing(); // the first RTT sample, for window auto-tuning
        scheduleFlush();
        try {
            listener.onReady(this, hello);
        } catch (RuntimeException e) {
            log.error("{}: listener failed when ready", this, e);
            connectionError(ErrorCode.INTERNAL_ERROR, "internal error");
        }
    }

    private void onRefused(GoAway refusal) {
        goAwayReceived = refusal;
        closeCode = refusal.code();
        closeReason = refusal.reason();
        closing = true;
        ctx.close();
    }

    private void onOpen(Open open) {
        int id = open.streamId();
        String badId = ids.acceptPeer(id);
        if (badId != null) {
            connectionError(ErrorCode.PROTOCOL_ERROR, badId);
            return;
        }
        if (goAwaySent) {
            writeFrame(new OpenResult(id, ErrorCode.SHUTTING_DOWN, "going away: open no new streams", Map.of()));
            return;
        }
        if (streams.size() >= config.settings().maxStreams()) {
            writeFrame(new OpenResult(id, ErrorCode.STREAM_LIMIT,
                    streams.size() + " streams open (limit: " + config.settings().maxStreams() + ")", Map.of()));
            return;
        }
        MuxStream stream = new MuxStream(this, id, open, null, MuxStream.State.OPEN_RECEIVED,
                peerSettings.initialWindow(), config.settings().initialWindow(), config.maxWindow(), null);
        streams.put(id, stream);
        try {
            listener.onOpen(stream, open);
        } catch (RuntimeException e) {
            log.error("{}: listener failed on {}", this, open, e);
            stream.reject(ErrorCode.INTERNAL_ERROR, "internal error");
        }
    }

    private void onOpenResult(OpenResult result) {
        MuxStream s = existing(result.streamId(), "OPEN_RESULT");
        if (s == null) {
            return;
        }
        if (!s.awaitingOpenResult()) {
            connectionError(ErrorCode.PROTOCOL_ERROR, "OPEN_RESULT for stream " + s.id() + " that awaits none");
            return;
        }
        s.onOpenResult(result);
    }

    private void onData(DataFrame data) {
        MuxStream s = streams.get(data.streamId());
        if (s == null) {
            data.release();
            if (!ids.isKnownClosed(data.streamId())) {
                connectionError(ErrorCode.PROTOCOL_ERROR, "DATA on stream " + data.streamId() + " never opened");
            }
            return;
        }
        if (s.awaitingOpenResult()) {
            data.release();
            connectionError(ErrorCode.PROTOCOL_ERROR, "DATA on stream " + s.id() + " before its OPEN_RESULT");
            return;
        }
        s.onData(data);
    }

    private void onPing(Ping ping) {
        if (!ping.ack()) {
            writeFrame(new Ping(ping.payload(), true));
            return;
        }
        roundTrip.answered(ping.payload(), nanoTime());
    }

    private void onGoAway(GoAway goAway) {
        goAwayReceived = goAway;
        if (goAway.code() != ErrorCode.NO_ERROR) {
            closeCode = goAway.code();
            closeReason = goAway.reason();
        }
        // streams this side opened above the peer's last id were never seen there: end them so callers can retry
        for (MuxStream s : new ArrayList<>(streams.values())) {
            if (ids.isLocal(s.id()) && s.id() > goAway.lastStreamId()) {
                s.terminate(ErrorCode.SHUTTING_DOWN, "peer is going away: " + goAway.reason());
            }
        }
        try {
            listener.onGoAway(this, goAway);
        } catch (RuntimeException e) {
            log.error("{}: listener failed on GOAWAY", this, e);
        }
    }

    /** The stream a frame names; null (and maybe a connection error) when there is none. */
    private MuxStream existing(int id, String what) {
        MuxStream s = streams.get(id);
        if (s == null && !ids.isKnownClosed(id)) {
            connectionError(ErrorCode.PROTOCOL_ERROR, what + " on stream " + id + " never opened");
        }
        return s;
    }

    // ---- keep-alive ----

    private void tick() {
        if (phase == Phase.CLOSED || closing || !ctx.executor().inEventLoop()) {
            return; // (a tick of the old loop after a move: the new loop has its own timer)
        }
        if (phase == Phase.AWAITING_HELLO) {
            if (keepalive.helloOverdue()) {
                connectionError(ErrorCode.TIMEOUT, "no HELLO within " + config.helloTimeout().toMillis() + " ms");
            }
            return;
        }
        if (phase != Phase.READY) {
            return;
        }
        switch (keepalive.tick()) {
            case DEAD -> connectionError(ErrorCode.KEEPALIVE_TIMEOUT, "nothing received for " + keepalive.silence());
            case PING -> {
                sendPing();
                flushIfWritten();
            }
            case QUIET -> { }
        }
    }

    private void sendPing() {
        writeFrame(new Ping(roundTrip.pingAt(nanoTime()), false));
    }

    /** The event loop's clock (a mock one in tests), for round-trip times. */
    private long nanoTime() {
        return ctx.executor().ticker().nanoTime();
    }

    // ---- closing ----

    /** The peer broke the protocol (or went silent): GOAWAY with the reason, close, log it once. */
    void connectionError(ErrorCode code, String reason) {
        if (code == ErrorCode.KEEPALIVE_TIMEOUT || code == ErrorCode.TIMEOUT) {
            log.info("{} closed: {}: {}", this, code, reason);
        } else if (!closing) {
            log.warn("{} closed: {}: {}", this, code, reason);
        }
        closeWith(code, reason, false);
    }

    private void closeWith(ErrorCode code, String reason, boolean logIt) {
        if (closing || phase == Phase.CLOSED) {
            return;
        }
        if (logIt) {
            log.info("{} refused: {}: {}", this, code, reason);
        }
        closing = true;
        closeCode = code;
        closeReason = reason;
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new GoAway(ids.highestPeer(), code, reason, 0))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    // ---- writing, for streams ----

    /** Runs {@code task} on the session's loop, after every task handed over before it (see {@link OrderedHandOver}). */
    void run(Runnable task) {
        handOver.run(task);
    }

    /** True when {@link #run} would run a task at once: a caller may then skip making one (no allocation per write). */
    boolean runsNow() {
        return handOver.runsNow();
    }

    ChannelPromise newPromise() {
        return ctx.newPromise();
    }

    void writeFrame(Frame frame) {
        unflushed = true;
        ctx.write(frame, ctx.voidPromise());
    }

    void writeFrame(Frame frame, ChannelPromise promise) {
        unflushed = true;
        ctx.write(frame, promise);
    }

    /** Flushes what this session wrote since its last flush, and nothing when it wrote nothing. */
    private void flushIfWritten() {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    boolean channelWritable() {
        return ctx.channel().isWritable();
    }

    /**
     * The largest DATA payload to send: the peer's maximum frame size, less the header, rounded so that header and
     * payload fill whole 16 KiB TLS records (65,527 bytes for 64 KiB frames). A full frame then leaves as whole
     * records, and a relay that forwards it with its header in place ({@link MuxStream#forward}) sends it on with no
     * copy: the TLS handler joins pieces smaller than a record by copying them.
     */
    int dataPayloadLimit() {
        return dataPayloadLimit(peerSettings.maxFrameSize());
    }

    static int dataPayloadLimit(int maxFrameSize) {
        int records = (maxFrameSize + FrameDecoder.HEADER_SIZE) / TLS_RECORD;
        return records == 0 ? maxFrameSize : Math.min(maxFrameSize, records * TLS_RECORD - FrameDecoder.HEADER_SIZE);
    }

    /** Coalesces flushes: one per turn of the event loop, after the writes queued before it. */
    void scheduleFlush() {
        if (!flushScheduled && phase != Phase.CLOSED) {
            flushScheduled = true;
            ctx.executor().execute(flushTask);
        }
    }

    private void flushNow() {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(flushTask); // the session moved since this flush was scheduled
            return;
        }
        flushScheduled = false;
        flushIfWritten();
    }

    /** Sends what a stream has queued, unless streams are already waiting their turn for writability. */
    void drain(MuxStream s) {
        if (phase == Phase.CLOSED) {
            return;
        }
        turns.send(s);
        scheduleFlush();
        turns.notifyIfWaiting(s);
    }

    void waitForWritable(MuxStream s) {
        turns.waitForWritable(s);
    }

    /** The connection drained: streams send in turn, one frame each, so a bulk stream cannot starve the rest. */
    private void serveWriteQueue() {
        turns.serve(this, dataPayloadLimit());
        flushIfWritten();
        turns.notifyWaiters();
    }

    java.util.Collection<MuxStream> streamsForTest() {
        return streams.values();
    }

    void removeStream(MuxStream s) {
        streams.remove(s.id());
        turns.remove(s);
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
