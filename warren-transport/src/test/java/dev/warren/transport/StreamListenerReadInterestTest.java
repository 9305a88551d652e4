package dev.warren.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HalfCloseSafeEpoll;
import dev.warren.common.net.HostPort;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.protocol.session.SessionListener;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that speaks first has its stream opened from the read of its first bytes, so the accepted socket's read
 * interest, once set, stays set: opened from a later task, Netty would clear it after that read and the open would
 * set it again, two {@code epoll_ctl} per stream for nothing.
 */
class StreamListenerReadInterestTest {
    /** The read interests each registration of the local loop was given, in order of registration. */
    private static final List<List<Boolean>> READ_INTEREST = new ArrayList<>();

    private EventLoopGroup local;
    private final EventLoopGroup remote = EventLoops.group(1, "interest-remote");
    private Channel server;
    private StreamListener listener;

    @BeforeEach
    void connect() throws Exception {
        Assumptions.assumeTrue(EventLoops.epoll(), "epoll only");
        local = HalfCloseSafeEpoll.group(1, "interest-local", Recording::new);
        SessionConfig config = SessionConfig.DEFAULTS;
        server = TcpSessions.listen(remote, remote, config, Role.RELAY, new SessionListener() {
            @Override
            public void onOpen(MuxStream stream, Open open) {
                stream.accept(new EchoHandler(), Map.of());
            }
        });
        MuxSession session = TcpSessions.dial(local, config, Role.OPERATOR, server.localAddress(),
                new SessionListener() { });
        listener = StreamListener.start(local, new HostPort("127.0.0.1", 0),
                () -> local.next().newSucceededFuture(session), "dev", "echo", (code, reason) -> { });
    }

    @AfterEach
    void stop() {
        if (local == null) {
            return;
        }
        listener.close();
        server.close();
        local.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        remote.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void theReadInterestOfAClientThatSpeaksFirstIsNeverWithdrawnBeforeItsStreamFlows() throws Exception {
        byte[] line = "ping\n".getBytes(StandardCharsets.US_ASCII);
        int before;
        synchronized (READ_INTEREST) {
            before = READ_INTEREST.size();
        }
        // the loop is held while the client connects and writes, so its first look at the new socket finds the bytes
        local.next().submit(() -> {
            Thread.sleep(200);
            return null;
        });
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(line);
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(line.length)).isEqualTo(line);
            List<Boolean> accepted;
            synchronized (READ_INTEREST) {
                assertThat(READ_INTEREST).hasSize(before + 1);
                accepted = List.copyOf(READ_INTEREST.get(before));
            }
            assertThat(accepted).contains(true);
            assertThat(accepted.subList(accepted.indexOf(true), accepted.size())).doesNotContain(false);
        }
    }

    /** The local loop's epoll handler, recording the read interest submitted for each registration. */
    private static final class Recording extends HalfCloseSafeEpoll.Handler {
        Recording(IoHandler delegate) {
            super(delegate);
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            IoRegistration registration = super.register(handle);
            List<Boolean> reads = new ArrayList<>();
            synchronized (READ_INTEREST) {
                READ_INTEREST.add(reads);
            }
            return new IoRegistration() {
                @Override
                public <T> T attachment() {
                    return registration.attachment();
                }

                @Override
                public long submit(IoOps ops) {
                    synchronized (READ_INTEREST) {
                        reads.add(((EpollIoOps) ops).contains(EpollIoOps.EPOLLIN));
                    }
                    return registration.submit(ops);
                }

                @Override
                public boolean isValid() {
                    return registration.isValid();
                }

                @Override
                public boolean cancel() {
                    return registration.cancel();
                }
            };
        }
    }
}
