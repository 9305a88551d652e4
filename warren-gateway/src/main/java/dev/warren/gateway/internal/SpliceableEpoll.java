package dev.warren.gateway.internal;

import dev.warren.common.net.HalfCloseSafeEpoll;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEvent;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * The gateway's event loops: Netty's epoll, with every registration wrapped so that a tunnel can take a channel's
 * descriptor over at once, on the loop, without leaving epoll and joining it again (Netty's deregister is
 * asynchronous, and in between it would still read). Once taken, the descriptor's events go to the taker, and the
 * interest Netty's channel asks for is ignored; closing the channel ends the registration as usual. Netty's own
 * interest is made half-close-safe as on every other epoll loop of Warren's ({@link HalfCloseSafeEpoll}).
 */
public final class SpliceableEpoll {
    /** What a taker registers when it needs nothing: errors and hang-ups, reported once (never an empty set). */
    static final EpollIoOps NOTHING = HalfCloseSafeEpoll.ERRORS_ONCE;

    /** The handler of the loop running on this thread (set when the loop starts). */
    private static final ThreadLocal<Handler> LOOP = new ThreadLocal<>();

    private SpliceableEpoll() {}

    /** Epoll loops as above, or plain NIO loops where epoll is not used (tunnels are then copied). */
    public static EventLoopGroup group(int threads, String name) {
        return HalfCloseSafeEpoll.group(threads, name, Handler::new);
    }

    /** The registration of {@code channel}'s descriptor, when called on its loop and that loop is one of these. */
    static Registration registrationOf(Channel channel) {
        Handler handler = LOOP.get();
        if (handler == null || !(channel instanceof UnixChannel unix)) {
            return null;
        }
        return handler.registrations.get(unix.fd().intValue());
    }

    /** Empty pipes kept per loop for the next tunnels: making and closing two per tunnel was ~5 % of a setup's CPU. */
    private static final int SPARE_PIPES = 64;

    /** A pipe ({read end, write end}): an empty one from this loop's spares, else a new one. */
    static FileDescriptor[] pipe() throws IOException {
        Handler handler = LOOP.get();
        FileDescriptor[] spare = handler == null ? null : handler.spares.poll();
        return spare != null ? spare : FileDescriptor.pipe();
    }

    /** Takes back a pipe its user knows to be empty, or closes it when there are spares enough (or no loop). */
    static void recycle(FileDescriptor[] pipe) {
        Handler handler = LOOP.get();
        if (handler != null && handler.spares.size() < SPARE_PIPES) {
            handler.spares.push(pipe);
        } else {
            closeQuietly(pipe);
        }
    }

    static void closeQuietly(FileDescriptor[] pipe) {
        for (FileDescriptor fd : pipe) {
            try {
                fd.close();
            } catch (IOException ignored) {
                // a pipe nobody else holds: nothing to report
            }
        }
    }

    private static final class Handler extends HalfCloseSafeEpoll.Handler {
        final IntObjectMap<Registration> registrations = new IntObjectHashMap<>();
        final ArrayDeque<FileDescriptor[]> spares = new ArrayDeque<>();

        Handler(IoHandler delegate) {
            super(delegate);
        }

        @Override
        public void initialize() {
            LOOP.set(this);
            super.initialize();
        }

        @Override
        public void destroy() {
            super.destroy();
            for (FileDescriptor[] pipe : spares) {
                closeQuietly(pipe);
            }
            spares.clear();
            LOOP.remove();
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            Registration r = new Registration(this, (EpollIoHandle) handle);
            r.delegate = delegate.register(r);
            registrations.put(r.fd, r);
            return r;
        }
    }

    /** Between Netty's epoll and a channel: passes both ways until a tunnel takes the descriptor. */
    static final class Registration implements IoRegistration, EpollIoHandle {
        private final Handler handler;
        private final EpollIoHandle channelHandle;
        final int fd;
        IoRegistration delegate;
        private EpollIoHandle taker;

        Registration(Handler handler, EpollIoHandle channelHandle) {
            this.handler = handler;
            this.channelHandle = channelHandle;
            this.fd = channelHandle.fd().intValue();
        }

        /** From now on this descriptor's events go to {@code taker}, which sets the interest with {@link #own}. */
        void takeOver(EpollIoHandle taker) {
            this.taker = taker;
        }

        /** The taker's interest. */
        void own(IoOps ops) {
            delegate.submit(ops);
        }

        // what Netty's channel calls

        @Override
        public long submit(IoOps ops) {
            if (taker != null) {
                return 0;
            }
            return delegate.submit(HalfCloseSafeEpoll.safe(ops));
        }

        @Override
        public boolean isValid() {
            return delegate.isValid();
        }

        @Override
        public boolean cancel() {
            return delegate.cancel(); // Netty's epoll then calls unregistered(), on the loop
        }

        @Override
        public <T> T attachment() {
            return delegate.attachment();
        }

        // what Netty's epoll calls

        @Override
        public FileDescriptor fd() {
            return channelHandle.fd();
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            if (taker != null) {
                taker.handle(this, event);
            } else {
                channelHandle.handle(this, event);
            }
        }

        @Override
        public void registered() {
            channelHandle.registered();
        }

        @Override
        public void unregistered() {
            if (handler.registrations.get(fd) == this) {
                handler.registrations.remove(fd);
            }
            channelHandle.unregistered();
        }

        @Override
        public void close() throws Exception {
            if (taker != null) {
                taker.close();
            }
            channelHandle.close();
        }
    }
}
