package dev.warren.transport;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamHandler;
import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins two streams of different sessions: what the relay does between an operator and an agent. Credit is per hop:
 * bytes from one side are written to the other and the credit returns to the sender only once they were written, so
 * the join holds at most one window per direction whatever the peers do. END_STREAM and RESET pass through.
 *
 * <p>The two sessions usually share an event loop (the relay moves an operator's session to its agent's loop); when
 * they do not, each direction hands bytes over in batches: whatever arrived during one read on the sending side
 * crosses to the receiving side's loop in one task, and the credit for what was written crosses back in one task,
 * instead of two thread hand-offs per frame. A session may move while bytes cross: bytes that arrive then queue behind
 * the ones still crossing, so a stream's bytes keep their order.
 */
public final class StreamJoin {
    private static final Logger log = LoggerFactory.getLogger(StreamJoin.class);

    /** Told once, when the joined stream is over. */
    public interface Ending {
        void ended(ErrorCode code, String reason);
    }

    /** The crossing queues' first chunk and their bound (never reached: flow control bounds what is in flight). */
    private static final int CROSSING_CHUNK = 16;
    private static final int CROSSING_MAX = 1 << 30;

    private final Side first = new Side();
    private final Side second = new Side();
    private final Ending ending;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean firstClosed;
    private volatile boolean secondClosed;

    public StreamJoin(Ending ending) {
        this.ending = ending;
        first.other = second;
        second.other = first;
    }

    /** The handler for the first stream (e.g. the operator's). */
    public StreamHandler firstHandler() {
        return first;
    }

    /** The handler for the second stream (e.g. the agent's). */
    public StreamHandler secondHandler() {
        return second;
    }

    /** Binds the streams; call before either can deliver data to the join. */
    public void bind(MuxStream firstStream, MuxStream secondStream) {
        first.stream = firstStream;
        second.stream = secondStream;
    }

    /** Aborts both streams with the code and reason (an admin cut, an expired grant). */
    public void abort(ErrorCode code, String reason) {
        if (first.stream != null) {
            first.stream.reset(code, reason);
        }
        if (second.stream != null) {
            second.stream.reset(code, reason);
        }
    }

    private void sideClosed(Side side, ErrorCode code, String reason) {
        if (side == first) {
            firstClosed = true;
        } else {
            secondClosed = true;
        }
        if (code != ErrorCode.NO_ERROR) {
            // one side aborted: abort the other with the same reason, and report it now
            side.other.stream.reset(code, reason);
            finish(code, reason);
        } else if (firstClosed && secondClosed) {
            finish(ErrorCode.NO_ERROR, "closed");
        }
    }

    private void finish(ErrorCode code, String reason) {
        if (ended.compareAndSet(false, true)) {
            try {
                ending.ended(code, reason);
            } catch (RuntimeException e) {
                log.error("stream join ending callback failed", e);
            }
        }
    }

    /**
     * One stream of the join and the direction that starts there: bytes it receives go to the other stream, and the
     * credit for them comes back once written.
     */
    private final class Side implements StreamHandler {
        /**
         * Bytes from this side waiting to cross to the other side's loop. It starts small and grows in chunks only when
         * used (the two sessions of a join usually share a loop and never use it): Netty's default MPSC queue allocates
         * a first chunk of 1,024 slots, two per join, 3 % of the relay's event loop in a stream-setup storm.
         */
        private final Queue<ByteBuf> crossing = PlatformDependent.newMpscQueue(CROSSING_CHUNK, CROSSING_MAX);
        /**
         * A delivery is scheduled or running: set before the task is sent, cleared only when it has handed over
         * everything it took. While it is set, new bytes queue behind, even when both streams now share a loop (a
         * session moved meanwhile): written straight, they would overtake the ones still crossing.
         */
        private final AtomicBoolean delivering = new AtomicBoolean();
        /** Bytes written on the other side whose credit has not reached this side's loop yet. */
        private final AtomicLong written = new AtomicLong();
        private final AtomicBoolean creditScheduled = new AtomicBoolean();
        private final Runnable deliver = this::deliver;
        private final Runnable returnCredit = this::returnCredit;
        volatile MuxStream stream;
        Side other;
        private volatile boolean endPending;

        @Override
        public void onData(MuxStream from, ByteBuf data) {
            if (!delivering.get() && sameLoop()) {
                write(data);
                return;
            }
            crossing.offer(data);
            scheduleDelivery();
        }

        @Override
        public void onRemoteClose(MuxStream from) {
            if (!delivering.get() && sameLoop()) {
                other.stream.closeWrite();
                return;
            }
            endPending = true; // after the bytes already queued
            scheduleDelivery();
        }

        @Override
        public void onClosed(MuxStream from, ErrorCode code, String reason) {
            sideClosed(this, code, reason);
            if (code != ErrorCode.NO_ERROR && !crossing.isEmpty()) {
                // the other side's loop is the queue's only consumer: it drains it (writes to a reset stream release)
                scheduleDelivery();
            }
        }

        private boolean sameLoop() {
            return stream.session().eventLoop() == other.stream.session().eventLoop();
        }

        private void scheduleDelivery() {
            if (delivering.compareAndSet(false, true)) {
                other.stream.session().eventLoop().execute(deliver);
            }
        }

        /**
         * On the other side's loop (as it was when scheduled): hands everything that crossed to the other stream one
         * buffer at a time, in order, then END_STREAM if it came. The stream's own hand-over keeps that order should
         * its session have moved since.
         */
        private void deliver() {
            do {
                for (ByteBuf b; (b = crossing.poll()) != null; ) {
                    write(b);
                }
                if (endPending && crossing.isEmpty()) {
                    endPending = false;
                    other.stream.closeWrite();
                }
                delivering.set(false);
                // bytes offered while this ran found the flag set and left them to us
            } while ((!crossing.isEmpty() || endPending) && delivering.compareAndSet(false, true));
        }

        private void write(ByteBuf data) {
            int bytes = data.readableBytes();
            other.stream.forward(data).addListener(f -> {
                if (f.isSuccess()) {
                    credit(bytes);
                }
            });
        }

        /** On the other side's loop, once bytes were written there: their credit goes back to this side. */
        private void credit(int bytes) {
            if (sameLoop()) {
                stream.consumed(bytes);
                return;
            }
            written.addAndGet(bytes);
            if (creditScheduled.compareAndSet(false, true)) {
                stream.session().eventLoop().execute(returnCredit);
            }
        }

        private void returnCredit() {
            creditScheduled.set(false);
            long bytes = written.getAndSet(0);
            while (bytes > 0) {
                int chunk = (int) Math.min(bytes, Integer.MAX_VALUE);
                stream.consumed(chunk);
                bytes -= chunk;
            }
        }
    }
}
