package dev.warren.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.protocol.session.SessionListener;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream that ends in failure resets the local TCP connection bridged to it: the program there reads ECONNRESET,
 * not the clean end of stream a complete answer ends with (a short echo cut off by a keep-alive timeout once looked
 * complete). A stream that ends well still ends with FIN.
 */
class AbortedStreamResetsItsSocketTest {
    private final EventLoopGroup local = EventLoops.group(1, "reset-local");
    private final EventLoopGroup remote = EventLoops.group(1, "reset-remote");
    private final CompletableFuture<MuxSession> remoteSession = new CompletableFuture<>();
    private final CompletableFuture<MuxStream> remoteStream = new CompletableFuture<>();
    private Channel server;
    private StreamListener listener;
    private StreamListener refusedListener;

    @BeforeEach
    void connect() throws Exception {
        SessionConfig config = SessionConfig.DEFAULTS;
        // the far side echoes what it gets and leaves the ending to the test
        SessionListener far = new SessionListener() {
            @Override
            public void onReady(MuxSession s, Hello h) {
                remoteSession.complete(s);
            }

            @Override
            public void onOpen(MuxStream stream, Open open) {
                if (open.service().equals("missing")) {
                    stream.reject(ErrorCode.NO_SUCH_SERVICE, "no service 'missing'");
                    return;
                }
                stream.accept(new EchoHandler(), Map.of());
                remoteStream.complete(stream);
            }
        };
        server = TcpSessions.listen(remote, remote, config, Role.RELAY, far);
        MuxSession session = TcpSessions.dial(local, config, Role.OPERATOR, server.localAddress(),
                new SessionListener() { });
        listener = StreamListener.start(local, new HostPort("127.0.0.1", 0),
                () -> local.next().newSucceededFuture(session), "dev", "echo", (code, reason) -> { });
        refusedListener = StreamListener.start(local, new HostPort("127.0.0.1", 0),
                () -> local.next().newSucceededFuture(session), "dev", "missing", (code, reason) -> { });
    }

    @AfterEach
    void stop() {
        listener.close();
        refusedListener.close();
        server.close();
        local.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        remote.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void aStreamResetByThePeerResetsTheLocalConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(5_000);
            InputStream in = echoOnce(socket);
            remoteStream.get(5, TimeUnit.SECONDS).reset(ErrorCode.ADMIN_ACTION, "cut by an admin");
            assertThatThrownBy(() -> in.read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void aLostSessionResetsTheLocalConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(5_000);
            InputStream in = echoOnce(socket);
            remoteSession.get(5, TimeUnit.SECONDS).close(ErrorCode.KEEPALIVE_TIMEOUT, "nothing received");
            assertThatThrownBy(() -> in.read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void aRefusedStreamResetsTheLocalConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", refusedListener.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // not an empty answer, which a clean end of stream would look like
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void aStreamThatEndsWellEndsWithFin() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(5_000);
            InputStream in = echoOnce(socket);
            socket.shutdownOutput();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** Writes a line and reads its echo: the stream is open end to end. */
    private static InputStream echoOnce(Socket socket) throws Exception {
        byte[] line = "ping\n".getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(line);
        InputStream in = socket.getInputStream();
        assertThat(in.readNBytes(line.length)).isEqualTo(line);
        return in;
    }
}
