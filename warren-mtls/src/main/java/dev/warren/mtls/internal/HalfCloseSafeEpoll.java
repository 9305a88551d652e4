package dev.warren.mtls.internal;

import dev.warren.common.net.EventLoops;
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

/**
 * Event loops for the double proxy. With epoll, each registration is wrapped so that a channel's interest set never
 * becomes empty: Netty 4.2.18's epoll removes the descriptor from epoll when it does (after a half-close: input shut,
 * nothing to write), but then answers the next interest (EPOLLOUT, when a write to that half-closed socket does not go
 * out at once) with epoll_ctl MOD, which fails with ENOENT and kills the connection mid-transfer.
 *
 * <p>The descriptor stays registered for errors and hang-ups only, <em>edge-triggered</em>: Netty's epoll is
 * level-triggered, and the kernel reports a hang-up whatever is asked, so a level-triggered registration of a socket
 * whose peer has gone would wake the loop on every turn until the channel closes. A Unix socket reports that hang-up as
 * soon as its client closes, so every connection whose client closed before the other direction finished kept an
 * event loop spinning (measured: about half the forward side's CPU in epoll_wait, docs/BENCHMARKS.md). Edge-triggered,
 * the hang-up or error is reported once, which is all there is to learn about a socket nobody reads or writes.
 */
public final class HalfCloseSafeEpoll {
    private HalfCloseSafeEpoll() {}

    public static EventLoopGroup group(int threads, String name) {
        if (!EventLoops.epoll()) {
            return EventLoops.group(threads, name);
        }
        IoHandlerFactory epoll = EpollIoHandler.newFactory();
        IoHandlerFactory safe = executor -> new Handler(epoll.newHandler(executor));
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), safe);
    }

    private record Handler(IoHandler delegate) implements IoHandler {
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

    /** What is registered instead of an empty interest set: errors and hang-ups, reported once each. */
    static final EpollIoOps ERRORS_ONCE = EpollIoOps.EPOLLERR.with(EpollIoOps.EPOLLET);

    record Registration(IoRegistration delegate) implements IoRegistration {
        @Override
        public <T> T attachment() {
            return delegate.attachment();
        }

        @Override
        public long submit(IoOps ops) {
            boolean none = ops instanceof EpollIoOps e && e.value() == EpollIoOps.NONE.value();
            return delegate.submit(none ? ERRORS_ONCE : ops);
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
