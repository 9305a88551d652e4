package dev.warren.client;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SocketTuning;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamRefusedException;
import dev.warren.transport.DialException;
import dev.warren.transport.StreamBridge;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code warren connect DEVICE SERVICE --listen ADDR}: every connection to the local port becomes one stream to the
 * device's service, over the client's one session. Bytes the local program sends before the device answers travel
 * with the open (no extra round trip).
 */
public final class LocalForwarder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalForwarder.class);

    private final OperatorClient client;
    private final String device;
    private final String service;
    private final Consumer<Refusal> refusals;
    private final Channel server;

    private LocalForwarder(OperatorClient client, HostPort listen, String device, String service,
            Consumer<Refusal> refusals) throws InterruptedException {
        this.client = client;
        this.device = device;
        this.service = service;
        this.refusals = refusals;
        ServerBootstrap bootstrap = SocketTuning.server(new ServerBootstrap())
                .group(client.group(), client.group())
                .channel(EventLoops.serverSocketChannel())
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("open", new OpenOnConnect());
                    }
                });
        this.server = bootstrap.bind(listen.host(), listen.port()).sync().channel();
    }

    /**
     * Listens on {@code listen}; {@code refusals} hears of every refused stream (the CLI exits on permanent ones).
     */
    public static LocalForwarder start(OperatorClient client, HostPort listen, String device, String service,
            Consumer<Refusal> refusals) throws InterruptedException {
        return new LocalForwarder(client, listen, device, service, refusals);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
    }

    private final class OpenOnConnect extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel local = ctx.channel();
            // the bridge listens from the start, so an EOF that arrives before the stream exists is kept
            StreamBridge bridge = new StreamBridge(local, (code, reason) -> {
                if (code != ErrorCode.NO_ERROR) {
                    log.info("{}/{}: stream ended: {}: {}", device, service, code, reason);
                }
            });
            ctx.pipeline().replace(this, "bridge", bridge);
            client.session().addListener(f -> {
                if (!f.isSuccess()) {
                    String why = f.cause() instanceof DialException d ? d.getMessage() : String.valueOf(f.cause());
                    refuse(local, new Refusal(ErrorCode.CANCELLED, why));
                    return;
                }
                MuxSession session = (MuxSession) f.getNow();
                session.eventLoop().execute(() -> open(session, local, bridge));
            });
        }
    }

    private void open(MuxSession session, Channel local, StreamBridge bridge) {
        if (!local.isActive()) {
            return;
        }
        MuxStream stream;
        try {
            stream = session.openNow(device, service, Map.of(), bridge);
        } catch (StreamRefusedException e) {
            refuse(local, new Refusal(e.code(), e.reason()));
            return;
        }
        bridge.start(stream);
        stream.openFuture().addListener(f -> {
            if (!f.isSuccess()) {
                StreamRefusedException e = (StreamRefusedException) f.cause();
                refuse(local, new Refusal(e.code(), e.reason()));
            }
        });
    }

    private void refuse(Channel local, Refusal refusal) {
        log.warn("{}/{}: refused: {}", device, service, refusal);
        local.close();
        refusals.accept(refusal);
    }
}
