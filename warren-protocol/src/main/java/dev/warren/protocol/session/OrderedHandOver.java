package dev.warren.protocol.session;

import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a session's work on the event loop that owns its connection, in the order it was handed over, also while the
 * connection moves to another loop ({@link MuxSession#moveTo}).
 *
 * <p>Work from another thread goes into one queue at once, so two calls keep their order whatever loop each was made
 * on. A call on the owning loop runs at once only when nothing handed over is still waiting and no move is under way;
 * otherwise it queues behind. (Handing work to "the loop of the moment" instead lets a task sent to the old loop just
 * before a move be sent on from there after a later call went straight to the new loop: a stream's bytes overtook
 * each other.)
 */
final class OrderedHandOver {
    private static final Logger log = LoggerFactory.getLogger(OrderedHandOver.class);

    private final Queue<Runnable> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainScheduled;
    private final Supplier<EventLoop> owner;
    /** Set on the old loop when a move starts, cleared on the new loop once the connection is registered there. */
    private volatile boolean moving;

    /** @param owner the loop the connection is registered with now */
    OrderedHandOver(Supplier<EventLoop> owner) {
        this.owner = owner;
    }

    void run(Runnable task) {
        if (runsNow()) {
            task.run();
            return;
        }
        queue.offer(task);
        scheduleDrain();
    }

    /** True when a task handed over now would run at once (on the owning loop, nothing waiting, no move). */
    boolean runsNow() {
        return !moving && queue.isEmpty() && owner.get().inEventLoop();
    }

    /** Owning loop only: from now until {@link #moved}, every task waits in the queue. */
    void moving() {
        moving = true;
    }

    /** The move ended (or failed): what waited runs on the loop that owns the connection now. */
    void moved() {
        moving = false;
        // a drain sent to the old loop may sit behind its other work: what is offered from now on gets one here
        drainScheduled.set(false);
        if (owner.get().inEventLoop()) {
            drain();
        } else {
            scheduleDrain();
        }
    }

    boolean isMoving() {
        return moving;
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            owner.get().execute(drainTask);
        }
    }

    private void drainScheduled() {
        drainScheduled.set(false);
        if (moving) {
            return; // the end of the move drains, on the new loop
        }
        if (!owner.get().inEventLoop()) {
            scheduleDrain(); // sent to a loop the connection has left since
            return;
        }
        drain();
    }

    private void drain() {
        // a task may start a move: what follows it waits for the move's end
        for (Runnable task; !moving && (task = queue.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("session task failed", e); // as the event loop would: the tasks behind it still run
            }
        }
    }
}
