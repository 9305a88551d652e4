package dev.warren.common.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Function;

/**
 * Netty's epoll event loops with each registration wrapped so that a channel's interest set never becomes empty
 * ({@link EventLoops#group} and warren-mtls use them as they are; warren-gateway's {@code SpliceableEpoll} extends
 * {@link Handler}).
 *
 * <p>Why: Netty 4.2.18's epoll removes a descriptor from epoll when its interest becomes empty (after a half-close:
 * input shut, nothing to write), then answers the next interest with epoll_ctl MOD, which fails with ENOENT and kills
 * the connection mid-transfer. So errors and hang-ups stay registered instead, <em>edge-triggered</em>: the kernel
 * reports a hang-up whatever is asked, and a level-triggered registration of a socket whose peer has gone would wake
 * the loop on every turn until the channel closes (a Unix socket hangs up as soon as its client closes: about half the
 * mtls forward side's CPU, docs/BENCHMARKS.md). Remove this when Netty fixes {@code DefaultEpollIoRegistration.submit}.
 */
public final class HalfCloseSafeEpoll {
    /** What is registered instead of an empty interest set: errors and hang-ups, reported once each. */
    public static final EpollIoOps ERRORS_ONCE = EpollIoOps.EPOLLERR.with(EpollIoOps.EPOLLET);

    private HalfCloseSafeEpoll() {}

    /** Half-close-safe epoll loops, or plain NIO loops where epoll is not used. */
    public static EventLoopGroup group(int threads, String name) {
        return group(threads, name, Handler::new);
    }

    /** As {@link #group(int, String)}, each loop's epoll handler wrapped by {@code handler}. */
    public static EventLoopGroup group(int threads, String name, Function<IoHandler, ? extends Handler> handler) {
        if (!EventLoops.epoll()) {
            return EventLoops.group(threads, name);
        }
        IoHandlerFactory epoll = EpollIoHandler.newFactory();
        IoHandlerFactory wrapped = executor -> handler.apply(epoll.newHandler(executor));
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), wrapped);
    }

    /** The interest to submit for {@code ops}: {@link #ERRORS_ONCE} instead of none. */
    public static IoOps safe(IoOps ops) {
        boolean none = ops instanceof EpollIoOps e && e.value() == EpollIoOps.NONE.value();
        return none ? ERRORS_ONCE : ops;
    }

    /**
     * An epoll handler passing everything on to Netty's, whose registrations submit only {@link #safe} interest.
     * A subclass that wraps registrations itself must pass their interest through {@link #safe} too.
     */
    public static class Handler implements IoHandler {
        protected final IoHandler delegate;

        protected Handler(IoHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public void initialize() {
            delegate.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
            return delegate.run(context);
        }

        @Override
        public void prepareToDestroy() {
            delegate.prepareToDestroy();
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            return new Registration(delegate.register(handle));
        }

        @Override
        public void wakeup() {
            delegate.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return delegate.isCompatible(handleType);
        }
    }

    private record Registration(IoRegistration delegate) implements IoRegistration {
        @Override
        public <T> T attachment() {
            return delegate.attachment();
        }

        @Override
        public long submit(IoOps ops) {
            return delegate.submit(safe(ops));
        }

        @Override
        public boolean isValid() {
            return delegate.isValid();
        }

        @Override
        public boolean cancel() {
            return delegate.cancel();
        }
    }
}
