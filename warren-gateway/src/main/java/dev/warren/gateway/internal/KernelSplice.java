package dev.warren.gateway.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A tunnel whose bytes never enter the JVM: each direction moves socket → pipe → socket with {@code splice(2)}, on the
 * event loop both channels were on. The kernel hands the received pages on instead of copying them into a buffer and
 * back (measured: about half the CPU per byte of a copying relay, docs/BENCHMARKS.md).
 *
 * <p>Netty's own {@code spliceTo} is not used: it is deprecated, and it reports the end of input as soon as the peer's
 * FIN is seen, even while more bytes than its pipe holds are still unread (the end would then overtake them). Here,
 * once the tunnel is set up, this class takes both descriptors' epoll events over from Netty ({@link SpliceableEpoll}).
 * It reads a direction only while that direction's pipe is empty, so a splice that moves nothing after a hang-up was
 * seen is the end of input, never a full pipe. The end of one direction becomes a shutdown
 * of the other socket's output once everything before it has left the pipe; when both have ended, or on any error,
 * both channels close (their close futures carry on: the decision log line, the connection count).
 */
final class KernelSplice {
    /** {@code -Dwarren.gateway.splice=false} copies through the JVM instead (the NIO transport always does). */
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("warren.gateway.splice"));
    /** As much as a pipe takes per call: the pipe, not this number, is the limit. */
    private static final int CHUNK = 1 << 20;
    /** A read below this is taken to have emptied the socket (one page: an interactive message, not a stream). */
    private static final int SMALL = 4096;
    /** Splices per direction per event, so that one busy tunnel cannot hold the loop (Netty reads 16 times too). */
    private static final int ROUNDS = 16;
    /** EPOLLHUP (Linux's value on every architecture; Netty's Native does not name it). */
    private static final int EPOLLHUP = 0x010;
    private static final int HANG_UP = Native.EPOLLRDHUP | EPOLLHUP | Native.EPOLLERR;
    /** What a side waits for when it needs nothing (an empty set would leave epoll). */
    private static final EpollIoOps NOTHING = SpliceableEpoll.NOTHING;
    private static final EpollIoOps READ = EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLRDHUP);

    private final Side client;
    private final Side server;
    private final Direction up;
    private final Direction down;
    private boolean closed;

    private KernelSplice(EpollSocketChannel client, EpollSocketChannel server, LongAdder upBytes, LongAdder downBytes)
            throws IOException {
        this.client = new Side(client);
        this.server = new Side(server);
        FileDescriptor[] upPipe = SpliceableEpoll.pipe();
        FileDescriptor[] downPipe;
        try {
            downPipe = SpliceableEpoll.pipe();
        } catch (IOException e) {
            SpliceableEpoll.recycle(upPipe); // still empty
            throw e;
        }
        this.up = new Direction(this.client, this.server, upBytes, upPipe);
        this.down = new Direction(this.server, this.client, downBytes, downPipe);
    }

    /**
     * Whether the tunnel can be spliced from now on: both channels on one of the gateway's epoll loops (this is called
     * on it), both open both ways, and nothing Netty read before left to write (else it stays with the copying path).
     */
    static boolean usable(Channel client, Channel server) {
        return ENABLED && clean(client) && clean(server) && client.eventLoop() == server.eventLoop()
                && SpliceableEpoll.registrationOf(client) != null && SpliceableEpoll.registrationOf(server) != null;
    }

    private static boolean clean(Channel ch) {
        ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        return ch instanceof EpollSocketChannel e && e.isActive() && !e.isInputShutdown() && !e.isOutputShutdown()
                && out != null && out.isEmpty();
    }

    /** Takes both descriptors over (see {@link #usable}); returns false, having changed nothing, if it cannot. */
    static boolean start(Channel client, Channel server, LongAdder up, LongAdder down) {
        SpliceableEpoll.Registration c = SpliceableEpoll.registrationOf(client);
        SpliceableEpoll.Registration s = SpliceableEpoll.registrationOf(server);
        KernelSplice tunnel;
        try {
            tunnel = new KernelSplice((EpollSocketChannel) client, (EpollSocketChannel) server, up, down);
        } catch (IOException e) {
            return false; // no pipes (out of descriptors): copy instead
        }
        tunnel.client.registration = c;
        tunnel.server.registration = s;
        c.takeOver(tunnel.client);
        s.takeOver(tunnel.server);
        // a close from elsewhere (the idle timer, the gateway's shutdown) ends the tunnel too
        client.closeFuture().addListener(f -> tunnel.close());
        server.closeFuture().addListener(f -> tunnel.close());
        // bytes may already wait in either socket: the level-triggered interest reports them at once
        tunnel.interest();
        return true;
    }

    /** One direction: what its pipe holds and whether its source has ended. */
    private static final class Direction {
        final Side from;
        final Side to;
        final LongAdder bytes;
        final FileDescriptor[] pipe;
        final FileDescriptor pipeOut;
        final FileDescriptor pipeIn;
        /** Bytes in the pipe: exactly what was spliced in and not yet out. */
        int pending;
        boolean ended;
        boolean done;

        Direction(Side from, Side to, LongAdder bytes, FileDescriptor[] pipe) {
            this.from = from;
            this.to = to;
            this.bytes = bytes;
            this.pipe = pipe;
            this.pipeOut = pipe[0];
            this.pipeIn = pipe[1];
        }

        boolean reading() {
            return !ended && pending == 0;
        }
    }

    /** One socket, registered with the event loop by this class. */
    private final class Side implements EpollIoHandle {
        final EpollSocketChannel channel;
        final FileDescriptor fd;
        SpliceableEpoll.Registration registration;
        EpollIoOps ops;
        boolean hungUp;

        Side(EpollSocketChannel channel) {
            this.channel = channel;
            this.fd = channel.fd();
        }

        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            if (closed) {
                return;
            }
            int ready = ((EpollIoEvent) event).ops().value();
            if ((ready & HANG_UP) != 0) {
                hungUp = true;
            }
            try {
                Direction outOf = this == client ? up : down;
                Direction into = this == client ? down : up;
                if ((ready & (Native.EPOLLIN | HANG_UP)) != 0) {
                    pump(outOf);
                }
                if ((ready & (Native.EPOLLOUT | HANG_UP)) != 0 && !closed) {
                    pump(into);
                }
                if (!closed) {
                    interest();
                }
            } catch (IOException e) {
                close();
            }
        }

        @Override
        public void close() {
            KernelSplice.this.close();
        }
    }

    /** Moves what it can: out of the pipe first, then in and out again while the destination takes it all. */
    private void pump(Direction d) throws IOException {
        boolean small = false;
        for (int round = 0; round < ROUNDS && !d.done; round++) {
            if (d.pending > 0) {
                d.pending -= Native.splice(d.pipeOut.intValue(), -1, d.to.fd.intValue(), -1, d.pending);
                if (d.pending > 0) {
                    return; // the destination is full: it reports when it can take more
                }
            }
            if (small && !d.from.hungUp) {
                // a small read almost always emptied the socket: ask epoll again rather than make a splice that
                // moves nothing (a system call less per message each way for interactive traffic)
                return;
            }
            if (d.ended) {
                finish(d);
                return;
            }
            // the pipe is empty here, so moving nothing means "nothing yet", or the end once a hang-up was seen
            int in = Native.splice(d.from.fd.intValue(), -1, d.pipeIn.intValue(), -1, CHUNK);
            if (in > 0) {
                d.pending = in;
                d.bytes.add(in);
                small = in < SMALL;
            } else if (d.from.hungUp) {
                d.ended = true;
            } else {
                return;
            }
        }
    }

    /** The direction's source ended and all it sent went out: pass the end on, or close once both have ended. */
    private void finish(Direction d) throws IOException {
        d.done = true;
        Direction other = d == up ? down : up;
        if (other.done) {
            close();
        } else {
            ((Socket) d.to.fd).shutdown(false, true);
        }
    }

    /** What each side waits for now: input while its direction reads, output while bytes wait for it. */
    private void interest() {
        submit(client, up, down);
        submit(server, down, up);
    }

    private static void submit(Side side, Direction outOf, Direction into) {
        EpollIoOps ops = outOf.reading() ? READ : NOTHING;
        if (into.pending > 0) {
            ops = ops == NOTHING ? EpollIoOps.EPOLLOUT : ops.with(EpollIoOps.EPOLLOUT);
        }
        if (!ops.equals(side.ops)) {
            side.registration.own(ops);
            side.ops = ops;
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.channel.close(); // which ends its registration
        server.channel.close();
        for (Direction d : new Direction[] {up, down}) {
            if (d.pending == 0) {
                SpliceableEpoll.recycle(d.pipe); // empty: another tunnel may use it
            } else {
                SpliceableEpoll.closeQuietly(d.pipe); // what it holds is lost with the tunnel
            }
        }
    }
}
