package dev.warren.protocol.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;

/**
 * Fairness between the streams of one session when its connection is full: streams with bytes they could not send
 * wait their turn in a queue and, once the connection drains, send one frame each in turn, so a bulk stream cannot
 * starve an interactive one; producers that found their stream unwritable wait to be told it is writable again.
 * Event loop only; the session flushes.
 */
final class WriteTurns {
    private final ArrayDeque<MuxStream> queue = new ArrayDeque<>(2);
    private final ArrayList<MuxStream> waiters = new ArrayList<>(2);

    /** Sends what {@code s} has queued, unless it already waits its turn; what is left makes it wait its turn. */
    void send(MuxStream s) {
        if (!s.inWriteQueue) {
            s.sendPending(Long.MAX_VALUE);
            if (s.hasSendable()) {
                s.inWriteQueue = true;
                queue.add(s);
            }
        }
    }

    /** Tells the producer of {@code s}, if it waits, that it may write again (when it may). */
    void notifyIfWaiting(MuxStream s) {
        if (s.inWaiterList && s.notifyIfWritable()) {
            s.inWaiterList = false;
            waiters.remove(s);
        }
    }

    void waitForWritable(MuxStream s) {
        waiters.add(s);
    }

    /** The connection drained: the waiting streams send one frame of at most {@code maxFrame} bytes each, in turn. */
    void serve(MuxSession session, int maxFrame) {
        while (session.channelWritable() && !queue.isEmpty()) {
            MuxStream s = queue.poll();
            s.inWriteQueue = false;
            s.sendPending(maxFrame);
            if (s.hasSendable()) {
                s.inWriteQueue = true;
                queue.add(s);
            }
        }
    }

    /** Tells every waiting producer whose stream is writable again. */
    void notifyWaiters() {
        for (Iterator<MuxStream> it = waiters.iterator(); it.hasNext(); ) {
            MuxStream s = it.next();
            if (s.notifyIfWritable()) {
                s.inWaiterList = false;
                it.remove();
            }
        }
    }

    /** {@code s} is gone. */
    void remove(MuxStream s) {
        if (s.inWriteQueue) {
            queue.remove(s);
            s.inWriteQueue = false;
        }
    }

    /** The session closed. */
    void clear() {
        queue.clear();
        waiters.clear();
    }
}
