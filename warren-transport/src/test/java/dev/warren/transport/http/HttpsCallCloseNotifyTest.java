package dev.warren.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TlsContexts;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.CertificateProfile;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A caller that shuts its event loops down as soon as {@link HttpsCall} answers (as {@code warren admin} and
 * enrollment do) still ends the connection with a TLS close_notify: the server here answers and keeps the connection
 * open, and records whether the client's close_notify came before the connection's end.
 */
class HttpsCallCloseNotifyTest {
    @Test
    void theConnectionEndsWithCloseNotifyEvenWhenTheCallerShutsItsLoopDownAtOnce() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test", KeyAlgorithm.EC_P256, Duration.ofDays(1));
        IssuedCertificate leaf = ca.issue(CertificateProfile.server("localhost", List.of("localhost"),
                List.of("127.0.0.1"), Duration.ofDays(1)), KeyAlgorithm.EC_P256);
        SslContext serverTls = TlsContexts.server(new TlsIdentity(leaf.privateKey(), List.of(leaf.certificate())),
                List.of(), ClientAuth.NONE);
        SslContext clientTls = TlsContexts.client(null, TrustPolicy.Cas.of(ca.certificate()));
        AtomicReference<CompletableFuture<Boolean>> ended = new AtomicReference<>();
        EventLoopGroup serverGroup = EventLoops.group(1, "test-server");
        try {
            Channel listener = new ServerBootstrap().group(serverGroup).channel(EventLoops.serverSocketChannel())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            CompletableFuture<Boolean> end = ended.get();
                            boolean[] closeNotify = new boolean[1];
                            ch.pipeline().addLast(TlsContexts.serverHandler(serverTls, ch.alloc()), new HttpServerCodec(),
                                    new HttpObjectAggregator(1 << 16), new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                            var r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                                    Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
                                            HttpUtil.setContentLength(r, 2);
                                            ctx.writeAndFlush(r); // and stays open: the client closes
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
                                            end.complete(closeNotify[0]);
                                        }

                                        @Override
                                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                            ctx.close();
                                        }
                                    });
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            HostPort server = new HostPort("localhost", ((InetSocketAddress) listener.localAddress()).getPort());
            int rounds = 40;
            int withCloseNotify = 0;
            for (int round = 0; round < rounds; round++) {
                CompletableFuture<Boolean> end = new CompletableFuture<>();
                ended.set(end);
                EventLoopGroup group = EventLoops.group(1, "test-client");
                HttpsCall.Response response = HttpsCall.send(group, server, clientTls, true, HttpMethod.GET, "/",
                        Map.of(), null).get(10, TimeUnit.SECONDS);
                assertThat(response.status()).isEqualTo(200);
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                if (end.get(10, TimeUnit.SECONDS)) {
                    withCloseNotify++;
                }
            }
            assertThat(withCloseNotify).as("connections that ended with the client's close_notify").isEqualTo(rounds);
        } finally {
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
