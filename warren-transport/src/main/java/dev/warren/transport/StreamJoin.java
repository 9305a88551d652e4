package dev.warren.transport;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamHandler;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins two streams of different sessions: what the relay does between an operator and an agent. Credit is per hop:
 * bytes from one side are written to the other and the credit returns to the sender only once they were written, so
 * the join holds at most one window per direction whatever the peers do. END_STREAM and RESET pass through.
 *
 * <p>The two sessions may run on different event loops; every call into a stream hands over to its loop.
 */
public final class StreamJoin {
    private static final Logger log = LoggerFactory.getLogger(StreamJoin.class);

    /** Told once, when the joined stream is over. */
    public interface Ending {
        void ended(ErrorCode code, String reason);
    }

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

    private final class Side implements StreamHandler {
        volatile MuxStream stream;
        Side other;

        @Override
        public void onData(MuxStream from, ByteBuf data) {
            int bytes = data.readableBytes();
            other.stream.write(data).addListener(f -> {
                if (f.isSuccess()) {
                    from.consumed(bytes);
                }
            });
        }

        @Override
        public void onRemoteClose(MuxStream from) {
            other.stream.closeWrite();
        }

        @Override
        public void onClosed(MuxStream from, ErrorCode code, String reason) {
            sideClosed(this, code, reason);
        }
    }
}
