package dev.warren.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.net.EventLoops;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.protocol.session.SessionListener;
import dev.warren.protocol.session.StreamHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session moved to another event loop mid-stream keeps its bytes, their order, and its keep-alive: also when bytes
 * are handed to it from other threads during the move, and when it is one half of a {@link StreamJoin}.
 */
class SessionMoveTest {
    /**
     * Keep-alives short enough to see them work after a move within seconds, long enough that a loaded machine (a
     * loop thread not scheduled for a few hundred ms) does not end a healthy session; the busy tests use the defaults.
     */
    private static final Duration KEEPALIVE = Duration.ofSeconds(1);
    /** The bound of every wait for something that should happen: generous, since a loaded machine is slow. */
    private static final long WAIT_SECONDS = 30;
    private SessionConfig config = SessionConfig.DEFAULTS.withKeepalive(KEEPALIVE);
    private final EventLoopGroup group = EventLoops.group(4, "move-test");
    private final List<Channel> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void bytesKeepFlowingInOrderAcrossAMove() throws Exception {
        Collector received = new Collector();
        Pair pair = connect(received);

        MuxStream stream = pair.dialer.open("d", "s", Map.of(), new Collector()).get(WAIT_SECONDS, TimeUnit.SECONDS);
        byte[] payload = random(8 << 20, 1);
        int half = payload.length / 2;
        stream.write(Unpooled.wrappedBuffer(payload, 0, half));
        EventLoop old = pair.relaySide.eventLoop();
        EventLoop target = otherLoop(old, pair.dialer.eventLoop()); // so that blocking those two leaves it free
        pair.relaySide.moveTo(target).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(pair.relaySide.eventLoop()).isSameAs(target);
        stream.write(Unpooled.wrappedBuffer(payload, half, payload.length - half));
        stream.closeWrite();
        byte[] got = received.done.get(WAIT_SECONDS * 2, TimeUnit.SECONDS);
        assertThat(got.length).isEqualTo(payload.length);
        assertThat(Arrays.mismatch(got, payload)).as("first byte out of order").isEqualTo(-1);

        // an idle session stays up for more than a keep-alive timeout (three intervals): its pings are answered
        long idleUntil = System.nanoTime() + KEEPALIVE.multipliedBy(4).toNanos();
        for (int i = 0; i < 1_000 && System.nanoTime() < idleUntil; i++) {
            assertThat(pair.relayClosed).as("closed while idle").isNotDone();
            Thread.sleep(10);
        }
        assertThat(pair.relaySide.isReady()).isTrue();
        assertThat(pair.dialer.isReady()).isTrue();

        // the keep-alive runs on the new loop: with the peer's loop and the old loop both held, only ticks on the new
        // loop can find the peer silent and end the session
        CountDownLatch release = new CountDownLatch(1);
        try {
            pair.dialer.eventLoop().execute(() -> await(release, WAIT_SECONDS * 2));
            old.execute(() -> await(release, WAIT_SECONDS * 2));
            assertThat(pair.relayClosed.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(ErrorCode.KEEPALIVE_TIMEOUT);
        } finally {
            release.countDown();
        }
    }

    /**
     * A write handed to the session while its move is under way, and one made once the move is done, leave in the
     * order they were made: the first no longer waits on the old loop (here held busy) while the second goes straight
     * to the new one.
     */
    @Test
    void aWriteHandedOverDuringAMoveStaysAheadOfOneMadeAfterIt() throws Exception {
        config = SessionConfig.DEFAULTS;
        Pair pair = connect(new Collector());
        Collector received = new Collector();
        pair.dialer.open("d", "s", Map.of(), received).get(5, TimeUnit.SECONDS);
        MuxStream relayStream = pair.accepted.get(5, TimeUnit.SECONDS);
        byte[] first = random(40_000, 2);
        byte[] second = random(40_000, 3);

        EventLoop old = pair.relaySide.eventLoop();
        EventLoop target = otherLoop(old);
        CountDownLatch moveStarted = new CountDownLatch(1);
        CountDownLatch releaseMove = new CountDownLatch(1);
        CountDownLatch releaseOldLoop = new CountDownLatch(1);
        AtomicReference<io.netty.util.concurrent.Future<Void>> move = new AtomicReference<>();
        old.execute(() -> {
            move.set(pair.relaySide.moveTo(target)); // on its loop: starts at once, the deregistration is queued
            moveStarted.countDown();
            await(releaseMove);
        });
        assertThat(moveStarted.await(5, TimeUnit.SECONDS)).isTrue();
        old.execute(() -> await(releaseOldLoop)); // the old loop stays busy after the move
        relayStream.write(Unpooled.wrappedBuffer(first)); // handed over while the session still belongs to the old loop
        releaseMove.countDown();
        move.get().get(5, TimeUnit.SECONDS);
        assertThat(pair.relaySide.eventLoop()).isSameAs(target);
        relayStream.write(Unpooled.wrappedBuffer(second));
        received.awaitBytes(first.length + second.length, Duration.ofSeconds(1));
        releaseOldLoop.countDown();
        relayStream.closeWrite();
        byte[] got = received.done.get(5, TimeUnit.SECONDS);
        assertThat(got.length).isEqualTo(first.length + second.length);
        assertThat(Arrays.mismatch(got, concat(first, second))).as("first byte out of order").isEqualTo(-1);
    }

    /**
     * A join between an operator's session on one loop and an agent's on another: bytes from the agent cross to the
     * operator's loop; the operator's session then moves onto the agent's loop, and bytes that arrive there after the
     * move queue behind the ones still crossing (held up on the old loop here) instead of being written straight.
     */
    @Test
    void bytesThatArriveAfterAMoveOntoTheirLoopQueueBehindTheOnesStillCrossing() throws Exception {
        config = SessionConfig.DEFAULTS;
        StreamJoin join = new StreamJoin((code, reason) -> { });
        Pair operatorPair = connect(join.firstHandler());
        Collector atOperator = new Collector();
        operatorPair.dialer.open("dev", "echo", Map.of(), atOperator).get(5, TimeUnit.SECONDS);
        MuxStream operatorStream = operatorPair.accepted.get(5, TimeUnit.SECONDS);
        MuxSession operatorSide = operatorPair.relaySide;

        CompletableFuture<MuxSession> agentSideReady = new CompletableFuture<>();
        java.net.SocketAddress relay = listen(new SessionListener() {
            @Override
            public void onReady(MuxSession s, Hello h) {
                agentSideReady.complete(s);
            }
        }).localAddress();
        dial(relay, Role.AGENT, new SessionListener() {
            @Override
            public void onOpen(MuxStream stream, Open open) {
                stream.accept(new Collector(), Map.of());
            }
        });
        MuxSession agentSide = agentSideReady.get(5, TimeUnit.SECONDS);
        EventLoop old = operatorSide.eventLoop();
        EventLoop agentLoop = otherLoop(old);
        agentSide.moveTo(agentLoop).get(5, TimeUnit.SECONDS);
        MuxStream agentStream = agentLoop.submit(() -> agentSide.openNow("", "echo", Map.of(), join.secondHandler()))
                .get(5, TimeUnit.SECONDS);
        agentStream.openFuture().get(5, TimeUnit.SECONDS);
        join.bind(operatorStream, agentStream);
        byte[] first = random(30_000, 4);
        byte[] second = random(30_000, 5);

        CountDownLatch moveStarted = new CountDownLatch(1);
        CountDownLatch releaseMove = new CountDownLatch(1);
        CountDownLatch releaseOldLoop = new CountDownLatch(1);
        AtomicReference<io.netty.util.concurrent.Future<Void>> move = new AtomicReference<>();
        old.execute(() -> {
            move.set(operatorSide.moveTo(agentLoop)); // the deregistration is queued behind this task
            moveStarted.countDown();
            await(releaseMove);
        });
        assertThat(moveStarted.await(5, TimeUnit.SECONDS)).isTrue();
        old.execute(() -> await(releaseOldLoop)); // the old loop stays busy after the move
        // bytes from the agent while the operator's session still belongs to the old loop: they cross to it
        agentLoop.submit(() -> join.secondHandler().onData(agentStream, Unpooled.wrappedBuffer(first)))
                .get(5, TimeUnit.SECONDS);
        releaseMove.countDown();
        move.get().get(5, TimeUnit.SECONDS);
        assertThat(operatorSide.eventLoop()).isSameAs(agentLoop);
        // both streams on one loop now, but the first bytes have not crossed yet
        agentLoop.submit(() -> join.secondHandler().onData(agentStream, Unpooled.wrappedBuffer(second)))
                .get(5, TimeUnit.SECONDS);
        atOperator.awaitBytes(first.length + second.length, Duration.ofMillis(500)); // (written straight: arrived)
        releaseOldLoop.countDown();
        agentLoop.execute(() -> join.secondHandler().onRemoteClose(agentStream));
        byte[] got = atOperator.done.get(5, TimeUnit.SECONDS);
        assertThat(got.length).isEqualTo(first.length + second.length);
        assertThat(Arrays.mismatch(got, concat(first, second))).as("first byte out of order").isEqualTo(-1);
    }

    /**
     * The relay's case: operator streams joined to agent streams, the operator's session moving between loops (onto
     * the agent's and off it again) while many streams carry bytes both ways, written from many threads. Every echo
     * comes back whole and in order.
     */
    @Test
    void joinedStreamsKeepTheirOrderWhileTheOperatorsSessionMovesBetweenLoops() throws Exception {
        config = SessionConfig.DEFAULTS;
        MiniRelay relay = new MiniRelay();
        MuxSession agent = dial(relay.address, Role.AGENT, new SessionListener() {
            @Override
            public void onOpen(MuxStream stream, Open open) {
                stream.accept(new EchoHandler(), Map.of());
            }
        });
        MuxSession agentSide = relay.agent.get(5, TimeUnit.SECONDS);
        MuxSession operator = dial(relay.address, Role.OPERATOR, new SessionListener() { });
        MuxSession operatorSide = relay.operator.get(5, TimeUnit.SECONDS);
        assertThat(agent.isReady()).isTrue();

        int streams = 16;
        List<byte[]> payloads = new ArrayList<>();
        List<Collector> echoes = new ArrayList<>();
        CountDownLatch opened = new CountDownLatch(streams);
        List<MuxStream> open = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            payloads.add(random(300_000 + i * 7_919, 10 + i));
            echoes.add(new Collector());
        }
        ExecutorService writers = Executors.newFixedThreadPool(streams);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                int n = i;
                done.add(writers.submit(() -> {
                    MuxStream s = operator.open("dev", "echo", Map.of(), echoes.get(n)).get(5, TimeUnit.SECONDS);
                    opened.countDown();
                    await(go);
                    byte[] p = payloads.get(n);
                    Random sizes = new Random(n);
                    for (int at = 0; at < p.length; ) {
                        int len = Math.min(p.length - at, 1 + sizes.nextInt(9_000));
                        s.write(Unpooled.wrappedBuffer(p, at, len));
                        at += len;
                        if (sizes.nextInt(8) == 0) {
                            Thread.yield();
                        }
                    }
                    s.closeWrite();
                    return null;
                }));
            }
            assertThat(opened.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            // bounce the operator's session between the loops while the bytes flow: bounded in count and time
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            EventLoop[] loops = loops();
            for (int m = 0; m < 400 && System.nanoTime() < deadline && !allDone(echoes); m++) {
                EventLoop to = m % 2 == 0 ? agentSide.eventLoop() : loops[m / 2 % loops.length];
                operatorSide.moveTo(to).get(5, TimeUnit.SECONDS);
                Thread.sleep(0, 200_000);
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
            for (int i = 0; i < streams; i++) {
                byte[] echoed = echoes.get(i).done.get(20, TimeUnit.SECONDS);
                assertThat(echoed.length).as("stream %d length", i).isEqualTo(payloads.get(i).length);
                assertThat(Arrays.mismatch(echoed, payloads.get(i))).as("stream %d: first byte out of order", i)
                        .isEqualTo(-1);
            }
        } finally {
            writers.shutdownNow();
        }
    }

    // ---- the parts ----

    /** {@code relayClosed}: the code the acceptor's session ended with. */
    private record Pair(MuxSession dialer, MuxSession relaySide, CompletableFuture<MuxStream> accepted,
            CompletableFuture<ErrorCode> relayClosed) {}

    /** A dialer and the acceptor it reached; the acceptor accepts streams with {@code handler}. */
    private Pair connect(StreamHandler handler) throws Exception {
        CompletableFuture<MuxSession> acceptorReady = new CompletableFuture<>();
        CompletableFuture<MuxStream> accepted = new CompletableFuture<>();
        CompletableFuture<ErrorCode> closed = new CompletableFuture<>();
        Channel server = listen(new SessionListener() {
            @Override
            public void onReady(MuxSession s, Hello h) {
                acceptorReady.complete(s);
            }

            @Override
            public void onClosed(MuxSession s, ErrorCode code, String reason) {
                closed.complete(code);
            }

            @Override
            public void onOpen(MuxStream stream, Open open) {
                stream.accept(handler, Map.of());
                accepted.complete(stream);
            }
        });
        MuxSession dialer = dial(server.localAddress(), Role.OPERATOR, new SessionListener() { });
        return new Pair(dialer, acceptorReady.get(WAIT_SECONDS, TimeUnit.SECONDS), accepted, closed);
    }

    private Channel listen(SessionListener listener) throws InterruptedException {
        Channel server = TcpSessions.listen(group.next(), group, config, Role.RELAY, listener);
        servers.add(server);
        return server;
    }

    private MuxSession dial(java.net.SocketAddress address, Role role, SessionListener listener) throws Exception {
        return TcpSessions.dial(group.next(), config, role, address, listener);
    }

    /**
     * The relay in miniature: an operator's stream is joined to a new stream on the agent's session, as
     * {@code StreamRouter} does (early bytes passed on, accepted when the agent accepts).
     */
    private final class MiniRelay {
        final CompletableFuture<MuxSession> agent = new CompletableFuture<>();
        final CompletableFuture<MuxSession> operator = new CompletableFuture<>();
        final java.net.SocketAddress address;

        MiniRelay() throws InterruptedException {
            address = listen(new SessionListener() {
                @Override
                public void onReady(MuxSession s, Hello h) {
                    (h.role() == Role.AGENT ? agent : operator).complete(s);
                }

                @Override
                public void onOpen(MuxStream stream, Open open) {
                    MuxSession agentSession = agent.join();
                    agentSession.eventLoop().execute(() -> join(stream, agentSession));
                }
            }).localAddress();
        }

        private void join(MuxStream operatorStream, MuxSession agentSession) {
            StreamJoin join = new StreamJoin((code, reason) -> { });
            MuxStream agentStream;
            try {
                agentStream = agentSession.openNow("", "echo", Map.of(), join.secondHandler());
            } catch (dev.warren.protocol.session.StreamRefusedException e) {
                operatorStream.reject(e.code(), e.reason());
                return;
            }
            join.bind(operatorStream, agentStream);
            operatorStream.passEarlyData(join.firstHandler());
            agentStream.openFuture().addListener(f -> {
                if (f.isSuccess()) {
                    operatorStream.accept(join.firstHandler(), Map.of());
                } else {
                    operatorStream.reject(ErrorCode.CONNECT_FAILED, f.cause().toString());
                }
            });
        }
    }

    /** Collects a stream's bytes until the peer half-closes. */
    static final class Collector implements StreamHandler {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();

        @Override
        public void onData(MuxStream s, ByteBuf data) {
            int n = data.readableBytes();
            byte[] b = new byte[n];
            data.readBytes(b);
            data.release();
            synchronized (bytes) {
                bytes.writeBytes(b);
                bytes.notifyAll();
            }
            s.consumed(n);
        }

        /** Waits until {@code count} bytes arrived or {@code limit} passed. */
        void awaitBytes(int count, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            synchronized (bytes) {
                while (bytes.size() < count && System.nanoTime() < deadline) {
                    bytes.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            }
        }

        @Override
        public void onRemoteClose(MuxStream s) {
            synchronized (bytes) {
                done.complete(bytes.toByteArray());
            }
        }

        @Override
        public void onClosed(MuxStream s, ErrorCode code, String reason) {
            if (code != ErrorCode.NO_ERROR) {
                done.completeExceptionally(new AssertionError(code + ": " + reason));
            }
        }
    }

    /** A loop of the group that is none of {@code these}. */
    private EventLoop otherLoop(EventLoop... these) {
        for (EventLoop l : loops()) {
            if (!Arrays.asList(these).contains(l)) {
                return l;
            }
        }
        throw new AssertionError("no loop but " + Arrays.toString(these));
    }

    private EventLoop[] loops() {
        List<EventLoop> all = new ArrayList<>();
        group.forEach(e -> all.add((EventLoop) e));
        return all.toArray(EventLoop[]::new);
    }

    private static boolean allDone(List<Collector> collectors) {
        return collectors.stream().allMatch(c -> c.done.isDone());
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static void await(CountDownLatch latch) {
        await(latch, 10);
    }

    private static void await(CountDownLatch latch, long seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
