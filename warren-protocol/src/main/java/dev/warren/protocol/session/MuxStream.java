package dev.warren.protocol.session;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.frame.DataFrame;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.frame.OpenResult;
import dev.warren.protocol.frame.Reset;
import dev.warren.protocol.frame.WindowUpdate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One stream of a {@link MuxSession}. Its methods may be called from any thread; the state they touch lives on the
 * session's event loop, where calls from elsewhere are handed over.
 *
 * <p>Writes are queued per stream and leave as DATA frames while the peer's credit and the connection's writability
 * allow; the future of a write completes when its bytes are written to the connection.
 */
public final class MuxStream {

    enum State {
        OPEN_SENT,
        OPEN_RECEIVED,
        OPEN,
        CLOSED
    }

    /**
     * Queued bytes; {@code promise} is null when the writer asked for no future. {@code headerRoom}: the bytes before
     * {@code data}'s reader index are this write's (bytes forwarded from a received frame) and none of it left yet.
     */
    private static final class PendingWrite {
        final ByteBuf data;
        final ChannelPromise promise;
        boolean headerRoom;

        PendingWrite(ByteBuf data, ChannelPromise promise, boolean headerRoom) {
            this.data = data;
            this.promise = promise;
            this.headerRoom = headerRoom;
        }
    }

    private final MuxSession session;
    private final int id;
    private final Open open;
    private final ReceiveWindow receive;
    private final Promise<MuxStream> opened; // null for streams the peer opened
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>(2);
    private ArrayDeque<ByteBuf> inboundBeforeAccept;
    /** Hears DATA before the accept, when the owner passes it on meanwhile ({@link #passEarlyData}). */
    private StreamHandler early;
    /** Credit for early bytes that left before the accept: returned with it. */
    private int consumedBeforeAccept;
    private StreamHandler handler;
    private State state;
    private int sendCredit;
    private long pendingBytes;
    private boolean endAfterPending;
    private boolean localClosed;
    private boolean remoteClosed;
    private boolean waitingForWritable;
    boolean inWriteQueue;
    boolean inWaiterList;
    private long bytesSent;
    private long bytesReceived;
    private Map<String, String> resultAttributes = Map.of();
    /** Accepted with the answer held ({@link #accept(StreamHandler, Map, Duration)}): the OPEN_RESULT not sent yet. */
    private OpenResult heldAnswer;
    private ScheduledFuture<?> heldAnswerTimer;

    MuxStream(MuxSession session, int id, Open open, StreamHandler handler, State state, int sendCredit,
            int receiveWindow, int maxReceiveWindow, Promise<MuxStream> opened) {
        this.session = session;
        this.id = id;
        this.open = open;
        this.handler = handler;
        this.state = state;
        this.sendCredit = sendCredit;
        this.receive = new ReceiveWindow(receiveWindow, maxReceiveWindow, System.nanoTime());
        this.opened = opened;
    }

    public int id() {
        return id;
    }

    public MuxSession session() {
        return session;
    }

    /** The OPEN that created this stream: the peer's request, or the one this side sent. */
    public Open open() {
        return open;
    }

    /**
     * For a stream this side opened: completes when the peer accepts, fails with {@link StreamRefusedException}
     * otherwise. For a stream the peer opened: already complete.
     */
    public io.netty.util.concurrent.Future<MuxStream> openFuture() {
        return opened != null ? opened : session.eventLoop().newSucceededFuture(this);
    }

    /** Attributes the peer put in its OPEN_RESULT (for streams this side opened). */
    public Map<String, String> resultAttributes() {
        return resultAttributes;
    }

    /** DATA bytes sent so far (not counting what is still queued). */
    public long bytesSent() {
        return bytesSent;
    }

    /** DATA bytes received so far. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /**
     * Queues bytes for the peer (ownership passes to the stream). The future completes when they were written to the
     * connection, and fails if the stream ends first.
     */
    public ChannelFuture write(ByteBuf data) {
        return write(data, false);
    }

    /**
     * Like {@link #write}, for bytes this side received on another stream ({@link StreamHandler#onData}), which keep
     * their frame's header in front of them: the DATA frame that carries them whole reuses those bytes for its own
     * header, so a relayed frame leaves as one buffer.
     */
    public ChannelFuture forward(ByteBuf received) {
        return write(received, DataFrame.hasHeaderRoom(received));
    }

    private ChannelFuture write(ByteBuf data, boolean headerRoom) {
        ChannelPromise promise = session.newPromise();
        if (session.runsNow()) {
            doWrite(data, promise, headerRoom);
        } else {
            session.run(() -> doWrite(data, promise, headerRoom));
        }
        return promise;
    }

    /**
     * Like {@link #write} without a future, for a producer that paces itself with {@link #isWritable} and
     * {@link StreamHandler#onWritable} (a bridged socket): no promise per write.
     */
    public void send(ByteBuf data) {
        if (session.runsNow()) {
            doWrite(data, null, false);
        } else {
            session.run(() -> doWrite(data, null, false));
        }
    }

    /**
     * Event loop only. True when a write now would leave at once; when false, {@link StreamHandler#onWritable} follows
     * once it becomes true. A producer reads its source only while this holds.
     */
    public boolean isWritable() {
        boolean writable = state != State.CLOSED && !localClosed && !endAfterPending && pendingBytes == 0
                && sendCredit > 0 && session.channelWritable();
        if (!writable && state != State.CLOSED) {
            waitingForWritable = true;
            if (!inWaiterList) {
                inWaiterList = true;
                session.waitForWritable(this);
            }
        }
        return writable;
    }

    /** Sends what was written so far without waiting for more. */
    public void flush() {
        session.run(session::scheduleFlush);
    }

    /** Half-closes this side after the queued bytes: END_STREAM. */
    public void closeWrite() {
        session.run(() -> {
            if (state == State.CLOSED || localClosed || endAfterPending) {
                return;
            }
            endAfterPending = true;
            session.drain(this);
        });
    }

    /** Aborts the stream in both directions and tells the peer why. */
    public void reset(ErrorCode code, String reason) {
        session.run(() -> {
            if (state == State.CLOSED) {
                return;
            }
            sendHeldAnswer();
            session.writeFrame(new Reset(id, code, reason));
            session.scheduleFlush();
            terminate(code, reason);
        });
    }

    /** Bytes the handler received have left this side: returns credit to the peer (batched). */
    public void consumed(int bytes) {
        if (bytes <= 0) {
            return;
        }
        session.run(() -> returnCredit(bytes));
    }

    private void returnCredit(int bytes) {
        if (state == State.CLOSED || remoteClosed) {
            return;
        }
        if (state == State.OPEN_RECEIVED) {
            consumedBeforeAccept += bytes; // nothing may precede our OPEN_RESULT
            return;
        }
        int increment = receive.onConsumed(bytes, System.nanoTime(), session.smoothedRttNanos());
        if (increment > 0) {
            sendHeldAnswer();
            session.writeFrame(new WindowUpdate(id, increment));
            session.scheduleFlush();
        }
    }

    /**
     * Before answering a stream the peer opened: hands the DATA that came with the OPEN, and what follows until the
     * answer, to {@code handler} at once instead of holding it, so that a relay can pass the opener's first bytes on to
     * the far side together with its own OPEN (they reach the service as soon as it is connected, not a round trip
     * later). The credit for them returns after {@link #accept}; END_STREAM waits for it. If the stream is refused,
     * the handler hears nothing more; what it passed on is the far side's to drop.
     */
    public void passEarlyData(StreamHandler handler) {
        session.run(() -> {
            if (state != State.OPEN_RECEIVED) {
                return;
            }
            early = handler;
            ArrayDeque<ByteBuf> held = inboundBeforeAccept;
            inboundBeforeAccept = null;
            if (held != null) {
                for (ByteBuf b; (b = held.poll()) != null; ) {
                    handler.onData(this, b);
                }
            }
        });
    }

    /** Accepts a stream the peer opened: OPEN_RESULT(accepted), then data flows to {@code streamHandler}. */
    public void accept(StreamHandler streamHandler, Map<String, String> attributes) {
        accept(streamHandler, attributes, Duration.ZERO);
    }

    /**
     * Accepts a stream the peer opened, holding the OPEN_RESULT for at most {@code hold}: it leaves with this stream's
     * first frame to the peer (DATA, END_STREAM, WINDOW_UPDATE or RESET), or when {@code hold} has passed. Here the
     * stream is open at once (bytes flow both ways); a service that answers at once (a banner, an echo) then has its
     * acceptance and its first bytes in one TLS record: one write here and one read at the peer instead of two, and on
     * a relay one read and one write less for the opener's side too. Nothing waits for the answer meanwhile: the peer
     * may send within its initial credit before it, and credit this side returns releases the answer first.
     */
    public void accept(StreamHandler streamHandler, Map<String, String> attributes, Duration hold) {
        session.run(() -> {
            if (state == State.CLOSED) {
                streamHandler.onClosed(this, ErrorCode.CANCELLED, "stream ended before it was accepted");
                return;
            }
            if (state != State.OPEN_RECEIVED) {
                throw new IllegalStateException("stream " + id + " is " + state + " (expected: OPEN_RECEIVED)");
            }
            handler = streamHandler;
            early = null;
            state = State.OPEN;
            OpenResult answer = new OpenResult(id, ErrorCode.NO_ERROR, "", attributes);
            if (hold.isZero() || hold.isNegative()) {
                session.writeFrame(answer);
                session.scheduleFlush();
            } else {
                heldAnswer = answer;
                // through run(): should the session move to another loop meanwhile, the answer follows it
                heldAnswerTimer = session.eventLoop().schedule(() -> session.run(this::sendHeldAnswer),
                        hold.toNanos(), TimeUnit.NANOSECONDS);
            }
            if (consumedBeforeAccept > 0) {
                int bytes = consumedBeforeAccept;
                consumedBeforeAccept = 0;
                returnCredit(bytes);
            }
            ArrayDeque<ByteBuf> early = inboundBeforeAccept;
            inboundBeforeAccept = null;
            if (early != null) {
                for (ByteBuf b; (b = early.poll()) != null; ) {
                    if (state == State.CLOSED) {
                        b.release();
                    } else {
                        handler.onData(this, b);
                    }
                }
            }
            if (remoteClosed && state != State.CLOSED) {
                handler.onRemoteClose(this);
            }
            session.drain(this);
            maybeFinish();
        });
    }

    /** Refuses a stream the peer opened, with a code and a reason for humans. */
    public void reject(ErrorCode code, String reason) {
        session.run(() -> {
            if (state != State.OPEN_RECEIVED) {
                return;
            }
            session.writeFrame(new OpenResult(id, code, reason, Map.of()));
            session.scheduleFlush();
            terminate(code, reason);
        });
    }

    // ---- called by the session, on its event loop ----

    void onData(DataFrame frame) {
        int length = frame.content().readableBytes();
        if (remoteClosed) {
            frame.release();
            sendHeldAnswer();
            session.writeFrame(new Reset(id, ErrorCode.PROTOCOL_ERROR, "DATA after END_STREAM"));
            terminate(ErrorCode.PROTOCOL_ERROR, "peer sent DATA after END_STREAM");
            return;
        }
        if (!receive.onReceived(length)) {
            frame.release();
            session.connectionError(ErrorCode.FLOW_CONTROL_ERROR,
                    "stream " + id + ": " + length + " bytes with " + receive.credit() + " credit");
            return;
        }
        bytesReceived += length;
        if (length > 0) {
            deliver(frame.content());
        } else {
            frame.release();
        }
        if (frame.endStream() && state != State.CLOSED) {
            remoteClosed = true;
            if (state != State.OPEN_RECEIVED) {
                handler.onRemoteClose(this);
            }
            maybeFinish();
        }
    }

    private void deliver(ByteBuf data) {
        if (state == State.OPEN_RECEIVED) {
            if (early != null) {
                early.onData(this, data);
                return;
            }
            if (inboundBeforeAccept == null) {
                inboundBeforeAccept = new ArrayDeque<>(2);
            }
            inboundBeforeAccept.add(data); // bounded by the initial window: no credit returns before acceptance
        } else {
            handler.onData(this, data);
        }
    }

    void onWindowUpdate(int increment) {
        long credit = (long) sendCredit + increment;
        if (credit > Integer.MAX_VALUE) {
            session.connectionError(ErrorCode.FLOW_CONTROL_ERROR,
                    "stream " + id + ": credit " + credit + " (expected: <= " + Integer.MAX_VALUE + ")");
            return;
        }
        sendCredit = (int) credit;
        session.drain(this);
    }

    void onOpenResult(OpenResult result) {
        if (result.accepted()) {
            state = State.OPEN;
            resultAttributes = result.attributes();
            if (opened != null) {
                opened.trySuccess(this);
            }
            session.drain(this);
            maybeFinish();
        } else {
            terminate(result.code(), result.reason());
        }
    }

    boolean awaitingOpenResult() {
        return state == State.OPEN_SENT;
    }

    private void doWrite(ByteBuf data, ChannelPromise promise, boolean headerRoom) {
        if (state == State.CLOSED || localClosed || endAfterPending) {
            data.release();
            if (promise != null) {
                promise.tryFailure(new StreamClosedException(ErrorCode.CANCELLED, "stream " + id + " is closed for writing"));
            }
            return;
        }
        if (!data.isReadable()) {
            data.release();
            if (promise != null) {
                promise.trySuccess();
            }
            return;
        }
        pending.add(new PendingWrite(data, promise, headerRoom));
        pendingBytes += data.readableBytes();
        session.drain(this);
    }

    /** Sends queued bytes while credit, writability and {@code budget} allow; returns the bytes sent. */
    long sendPending(long budget) {
        if (state == State.OPEN_RECEIVED || state == State.CLOSED) {
            return 0; // nothing may precede our OPEN_RESULT
        }
        long sent = 0;
        int maxPayload = session.dataPayloadLimit();
        if (heldAnswer != null && ((!pending.isEmpty() && sendCredit > 0) || (pending.isEmpty() && endAfterPending))) {
            sendHeldAnswer(); // ahead of this stream's first DATA or END_STREAM, in the same flush
        }
        while (!pending.isEmpty() && sendCredit > 0 && sent < budget && session.channelWritable()) {
            PendingWrite head = pending.peek();
            int readable = head.data.readableBytes();
            int n = (int) Math.min(Math.min(readable, sendCredit), Math.min(maxPayload, budget - sent));
            if (n == readable) {
                pending.poll();
                DataFrame frame = new DataFrame(id, head.data, false, head.headerRoom);
                if (head.promise != null) {
                    session.writeFrame(frame, head.promise);
                } else {
                    session.writeFrame(frame);
                }
            } else {
                head.headerRoom = false; // the bytes in front of the rest are the slice's, queued meanwhile
                session.writeFrame(new DataFrame(id, head.data.readRetainedSlice(n), false));
            }
            sendCredit -= n;
            pendingBytes -= n;
            bytesSent += n;
            sent += n;
        }
        if (pending.isEmpty() && endAfterPending && !localClosed) {
            localClosed = true;
            session.writeFrame(new DataFrame(id, Unpooled.EMPTY_BUFFER, true));
            maybeFinish();
        }
        return sent;
    }

    boolean hasSendable() {
        return !pending.isEmpty() && sendCredit > 0 && state != State.OPEN_RECEIVED && state != State.CLOSED;
    }

    /** Tells a waiting producer that it may write again; true when it was told (or is gone). */
    boolean notifyIfWritable() {
        if (!waitingForWritable || state == State.CLOSED) {
            return true;
        }
        if (localClosed || endAfterPending || pendingBytes > 0 || sendCredit <= 0 || !session.channelWritable()) {
            return false;
        }
        waitingForWritable = false;
        if (handler != null && state != State.OPEN_RECEIVED) {
            handler.onWritable(this);
        }
        return true;
    }

    /** Sends the held OPEN_RESULT, if any, now (before a frame of this stream, or when its hold has passed). */
    private void sendHeldAnswer() {
        OpenResult answer = heldAnswer;
        if (answer == null) {
            return;
        }
        cancelHeldAnswer();
        if (state != State.CLOSED) {
            session.writeFrame(answer);
            session.scheduleFlush();
        }
    }

    private void cancelHeldAnswer() {
        heldAnswer = null;
        ScheduledFuture<?> timer = heldAnswerTimer;
        if (timer != null) {
            heldAnswerTimer = null;
            timer.cancel(false);
        }
    }

    /** True while an accepted stream's OPEN_RESULT is held (tests). */
    boolean answerHeld() {
        return heldAnswer != null;
    }

    private void maybeFinish() {
        if (localClosed && remoteClosed && pending.isEmpty() && state == State.OPEN) {
            state = State.CLOSED;
            session.removeStream(this);
            handler.onClosed(this, ErrorCode.NO_ERROR, "closed");
        }
    }

    /** Ends the stream here without telling the peer (the caller did, or the peer told us). */
    void terminate(ErrorCode code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        State was = state;
        state = State.CLOSED;
        session.removeStream(this);
        cancelHeldAnswer(); // the peer learns the end from the RESET or the session's end
        StreamClosedException closed = new StreamClosedException(code, "stream " + id + " ended: " + reason);
        for (PendingWrite w; (w = pending.poll()) != null; ) {
            w.data.release();
            if (w.promise != null) {
                w.promise.tryFailure(closed);
            }
        }
        pendingBytes = 0;
        if (inboundBeforeAccept != null) {
            inboundBeforeAccept.forEach(ByteBuf::release);
            inboundBeforeAccept = null;
        }
        early = null;
        if (opened != null) {
            opened.tryFailure(new StreamRefusedException(code, reason));
        }
        if (handler != null && was == State.OPEN) {
            handler.onClosed(this, code, reason); // before OPEN the opener learns the outcome from its future
        }
    }

    StreamHandler handlerForTest() {
        return handler;
    }

    @Override
    public String toString() {
        return "stream " + id + " (" + open.device() + "/" + open.service() + ", " + state + ")";
    }
}
