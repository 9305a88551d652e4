package dev.warren.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SocketTuning;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.protocol.session.SessionListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Half-close through two bridged sockets, whichever end closes first: a local client on a {@link StreamListener}, a
 * stream, and on the far side a socket to a target server, joined by a {@link StreamBridge} as the agent does. Every
 * byte sent after the other direction ended still arrives, both programs read a clean end of stream (FIN: a reset would
 * fail the read), and the stream ends with NO_ERROR.
 */
@Timeout(30)
class BridgedHalfCloseTest {
    private final EventLoopGroup local = EventLoops.group(1, "halfclose-local");
    private final EventLoopGroup remote = EventLoops.group(1, "halfclose-remote");
    private final CompletableFuture<ErrorCode> farEnd = new CompletableFuture<>();
    private ServerSocket target;
    private Channel server;
    private StreamListener listener;

    @BeforeEach
    void connect() throws Exception {
        target = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        SessionConfig config = SessionConfig.DEFAULTS;
        Bootstrap dialTarget = SocketTuning.client(new Bootstrap()).group(remote).channel(EventLoops.socketChannel())
                .option(ChannelOption.AUTO_READ, false).option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new ChannelInboundHandlerAdapter());
        // the far side connects each stream to the target, as an agent connects a service
        SessionListener far = new SessionListener() {
            @Override
            public void onOpen(MuxStream stream, Open open) {
                ChannelFuture connect = dialTarget.connect(target.getLocalSocketAddress());
                connect.addListener(f -> {
                    StreamBridge bridge = new StreamBridge(connect.channel(), (code, reason) -> farEnd.complete(code));
                    stream.accept(bridge, Map.of());
                    bridge.start(stream);
                });
            }
        };
        server = TcpSessions.listen(remote, remote, config, Role.AGENT, far);
        MuxSession session = TcpSessions.dial(local, config, Role.OPERATOR, server.localAddress(),
                new SessionListener() { });
        listener = StreamListener.start(local, new HostPort("127.0.0.1", 0),
                () -> local.next().newSucceededFuture(session), "dev", "svc", (code, reason) -> { });
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        server.close();
        target.close();
        local.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        remote.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void theClientEndsFirstAndTheTargetStillAnswers() throws Exception {
        try (Socket client = new Socket("127.0.0.1", listener.port())) {
            client.setSoTimeout(5_000);
            client.getOutputStream().write(ascii("question"));
            client.shutdownOutput();
            try (Socket served = target.accept()) {
                served.setSoTimeout(5_000);
                assertThat(served.getInputStream().readAllBytes()).isEqualTo(ascii("question")); // up to the EOF
                served.getOutputStream().write(ascii("answer after your end"));
            } // closes: the far bridge's output is shut down, so this EOF closes its socket
            assertThat(client.getInputStream().readAllBytes()).isEqualTo(ascii("answer after your end"));
        }
        assertThat(farEnd.get(5, TimeUnit.SECONDS)).isEqualTo(ErrorCode.NO_ERROR);
    }

    @Test
    void theTargetEndsFirstAndTheClientStillSends() throws Exception {
        try (Socket client = new Socket("127.0.0.1", listener.port())) {
            client.setSoTimeout(5_000);
            client.getOutputStream().write(ascii("hello"));
            try (Socket served = target.accept()) {
                served.setSoTimeout(5_000);
                InputStream in = served.getInputStream();
                assertThat(in.readNBytes(5)).isEqualTo(ascii("hello"));
                served.getOutputStream().write(ascii("greeting, then my end"));
                served.shutdownOutput();
                InputStream back = client.getInputStream();
                assertThat(back.readAllBytes()).isEqualTo(ascii("greeting, then my end"));
                client.getOutputStream().write(ascii("late words"));
                client.shutdownOutput(); // the local bridge's input ended first: this END_STREAM closes it
                assertThat(in.readAllBytes()).isEqualTo(ascii("late words"));
            }
        }
        assertThat(farEnd.get(5, TimeUnit.SECONDS)).isEqualTo(ErrorCode.NO_ERROR);
    }

    @Test
    void aClientThatEndedFirstStillGetsALargeAnswerItReadsSlowly() throws Exception {
        byte[] answer = new byte[8 << 20];
        new java.util.Random(7).nextBytes(answer);
        try (Socket client = new Socket("127.0.0.1", listener.port())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(ascii("send me a lot"));
            client.shutdownOutput();
            try (Socket served = target.accept()) {
                served.setSoTimeout(10_000);
                assertThat(served.getInputStream().readAllBytes()).isEqualTo(ascii("send me a lot"));
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        served.getOutputStream().write(answer);
                        served.close();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                Thread.sleep(500); // every buffer on the way fills: the bridges must wait to write, input shut
                assertThat(client.getInputStream().readAllBytes()).isEqualTo(answer);
                writer.join(10_000);
            }
        }
        assertThat(farEnd.get(5, TimeUnit.SECONDS)).isEqualTo(ErrorCode.NO_ERROR);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
