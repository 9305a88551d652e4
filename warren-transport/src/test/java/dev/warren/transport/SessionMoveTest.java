package dev.warren.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.net.EventLoops;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.protocol.session.SessionListener;
import dev.warren.protocol.session.StreamHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A session moved to another event loop mid-stream keeps its bytes, their order, and its keep-alive. */
class SessionMoveTest {
    private final EventLoopGroup group = EventLoops.group(3, "move-test");

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void bytesKeepFlowingInOrderAcrossAMove() throws Exception {
        SessionConfig config = SessionConfig.DEFAULTS.withKeepalive(Duration.ofMillis(100));
        Collector received = new Collector();
        CompletableFuture<MuxSession> acceptorReady = new CompletableFuture<>();
        SessionListener acceptor = new SessionListener() {
            @Override
            public void onReady(MuxSession s, dev.warren.protocol.frame.Hello h) {
                acceptorReady.complete(s);
            }

            @Override
            public void onOpen(MuxStream stream, Open open) {
                stream.accept(received, Map.of());
            }
        };
        Channel server = new ServerBootstrap().group(group.next(), group.next()).channel(EventLoops.serverSocketChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SessionPipeline.install(ch.pipeline(), config, MuxSession.acceptor(Role.RELAY, config, acceptor));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        CompletableFuture<MuxSession> dialerReady = new CompletableFuture<>();
        MuxSession dialer = MuxSession.dialer(Role.OPERATOR, config, Map.of(), new SessionListener() {
            @Override
            public void onReady(MuxSession s, dev.warren.protocol.frame.Hello h) {
                dialerReady.complete(s);
            }
        });
        new Bootstrap().group(group.next()).channel(EventLoops.socketChannel()).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                SessionPipeline.install(ch.pipeline(), config, dialer);
            }
        }).connect(server.localAddress()).sync();
        MuxSession relaySide = acceptorReady.get(5, TimeUnit.SECONDS);
        dialerReady.get(5, TimeUnit.SECONDS);

        MuxStream stream = dialer.open("d", "s", Map.of(), new Collector()).get(5, TimeUnit.SECONDS);
        byte[] payload = new byte[8 << 20];
        new Random(1).nextBytes(payload);
        int half = payload.length / 2;
        stream.write(Unpooled.wrappedBuffer(payload, 0, half));
        EventLoop before = relaySide.eventLoop();
        EventLoop target = group.next() == before ? group.next() : group.next();
        while (target == before) {
            target = group.next();
        }
        relaySide.moveTo(target).get(5, TimeUnit.SECONDS);
        assertThat(relaySide.eventLoop()).isSameAs(target);
        stream.write(Unpooled.wrappedBuffer(payload, half, payload.length - half));
        stream.closeWrite();
        assertThat(received.done.get(10, TimeUnit.SECONDS)).isEqualTo(payload);

        // the keep-alive now runs on the new loop: an idle session stays up for several intervals
        Thread.sleep(600);
        assertThat(relaySide.isReady()).isTrue();
        assertThat(dialer.isReady()).isTrue();
        server.close();
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
            }
            s.consumed(n);
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
}
