package dev.warren.api;

import dev.warren.api.audit.AuditWriter;
import dev.warren.api.auth.CertificateAuthenticator;
import dev.warren.api.auth.TokenAuthenticator;
import dev.warren.common.net.EventLoops;
import dev.warren.pki.CertificateAuthority;
import dev.warren.store.WarrenStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A real Netty server on 127.0.0.1 with the REST API installed, plain or behind TLS. */
final class ApiServer implements AutoCloseable {
    static final Duration DEVICE_CERT_VALIDITY = Duration.ofDays(30);

    final MutableClock clock = new MutableClock();
    final FakeRelay relay = new FakeRelay();
    final TokenAuthenticator tokens;
    final AuditWriter audit;
    final ApiContext context;
    final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final EventLoopGroup group = EventLoops.group(2, "api-test");
    private final Channel channel;

    ApiServer(WarrenStore store, CertificateAuthority ca, SslContext tls) throws InterruptedException {
        this(store, ca, tls, Duration.ofSeconds(RestApi.IDLE_SECONDS));
    }

    ApiServer(WarrenStore store, CertificateAuthority ca, SslContext tls, Duration idle) throws InterruptedException {
        this(store, ca, tls, idle, null);
    }

    /** {@code auditFile}: where the JSON-lines audit goes; null: the store only. */
    ApiServer(WarrenStore store, CertificateAuthority ca, SslContext tls, Duration idle, java.nio.file.Path auditFile)
            throws InterruptedException {
        this(store, ca, tls, idle, auditFile, false);
    }

    /** The dashboard alone, as the relay's plain-HTTP loopback listener ({@code --dashboard-listen}) serves it. */
    static ApiServer loopbackDashboard(WarrenStore store, CertificateAuthority ca) throws InterruptedException {
        return new ApiServer(store, ca, null, Duration.ofSeconds(RestApi.IDLE_SECONDS), null, true);
    }

    private ApiServer(WarrenStore store, CertificateAuthority ca, SslContext tls, Duration idle,
            java.nio.file.Path auditFile, boolean loopbackDashboard) throws InterruptedException {
        this.tokens = new TokenAuthenticator(store, clock);
        this.audit = AuditWriter.open(store, auditFile);
        this.context = new ApiContext(store, ca, relay, relay, tokens, new CertificateAuthenticator(store, clock), audit,
                blocking, clock, DEVICE_CERT_VALIDITY, "1.2.3-test");
        RestApi api = new RestApi(context, idle);
        channel = new ServerBootstrap()
                .group(group)
                .channel(EventLoops.serverSocketChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        if (loopbackDashboard) {
                            api.installLoopbackDashboard(ch.pipeline());
                        } else {
                            api.install(ch.pipeline());
                        }
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
        audit.close();
    }
}
