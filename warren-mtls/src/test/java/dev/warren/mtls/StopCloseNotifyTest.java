package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.net.EventLoops;
import dev.warren.common.tls.TlsContexts;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.pki.Pem;
import dev.warren.pki.PkiDirectory;
import dev.warren.testing.net.EchoServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reverse tunnel that stops ends its TLS connections with a close_notify, not a bare close: {@code MtlsProxy.close}
 * closes them while its event loops still run (a Netty 4.2 loop that shuts down closes its channels outright first).
 */
class StopCloseNotifyTest {
    @TempDir
    Path dir;

    @Test
    void aTlsConnectionOpenAtTheStopGetsItsCloseNotify() throws Exception {
        PkiDirectory pki = Pair.pki(dir);
        SslContext clientTls = TlsContexts.client(TlsIdentity.load(pki.certificateFile("node-fwd"), pki.keyFile("node-fwd")),
                TrustPolicy.Cas.of(Pem.readCertificates(java.nio.file.Files.readString(pki.dir().resolve("ca.crt")))
                        .toArray(java.security.cert.X509Certificate[]::new)));
        EventLoopGroup client = EventLoops.group(1, "test-tls-client");
        try (EchoServer echo = EchoServer.start()) {
            for (int round = 0; round < 10; round++) {
                MtlsProxy reverse = MtlsProxy.start(new MtlsConfig(List.of(Pair.reverse(pki, Endpoint.parse("127.0.0.1:0"),
                        Endpoint.parse("127.0.0.1:" + echo.port()), false, "node-fwd")), null, Duration.ofSeconds(60), 1));
                try {
                    Endpoint.Tcp at = (Endpoint.Tcp) reverse.listenAddress("rev");
                    CompletableFuture<Void> echoed = new CompletableFuture<>();
                    CompletableFuture<Boolean> ended = new CompletableFuture<>();
                    Channel ch = new Bootstrap().group(client).channel(EventLoops.socketChannel())
                            .handler(new ChannelInitializer<>() {
                                @Override
                                protected void initChannel(Channel c) {
                                    boolean[] closeNotify = new boolean[1];
                                    c.pipeline().addLast(TlsContexts.clientHandler(clientTls, c.alloc(), "rev.test",
                                            at.address().port(), true), new ChannelInboundHandlerAdapter() {
                                        @Override
                                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                            ((ByteBuf) msg).release();
                                            echoed.complete(null);
                                        }

                                        @Override
                                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                            if (evt instanceof SslCloseCompletionEvent e && e.isSuccess()) {
                                                closeNotify[0] = true;
                                            }
                                            ctx.fireUserEventTriggered(evt);
                                        }

                                        @Override
                                        public void channelInactive(ChannelHandlerContext ctx) {
                                            ended.complete(closeNotify[0]);
                                        }

                                        @Override
                                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                            ctx.close();
                                        }
                                    });
                                }
                            }).connect(at.address().host(), at.address().port()).sync().channel();
                    ch.writeAndFlush(Unpooled.copiedBuffer("ping\n", StandardCharsets.US_ASCII));
                    echoed.get(10, TimeUnit.SECONDS);
                    reverse.close();
                    assertThat(ended.completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
                            .as("round %d: the connection ended (null: not at all) with the tunnel's close_notify", round)
                            .isEqualTo(true);
                } finally {
                    reverse.close();
                }
            }
        } finally {
            client.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
