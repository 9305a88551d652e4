package dev.warren.gateway.internal;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SocketTuning;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads one CONNECT request and decides: source, then credentials (407), then destination by name (403), then the
 * resolved addresses against the deny list (403); connects to an address it checked (never re-resolving), answers 200
 * and turns the connection into a {@link Splice} pair. Anything else is answered and the connection closed.
 */
public final class ConnectHandler extends ChannelInboundHandlerAdapter {
    private final GatewayContext gw;
    private final long start = System.nanoTime();
    private ScheduledFuture<?> headerTimer;
    private boolean decided;
    private InetSocketAddress source;
    private String user;
    private String destination;

    public ConnectHandler(GatewayContext gw) {
        this.gw = gw;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        source = (InetSocketAddress) ctx.channel().remoteAddress();
        headerTimer = ctx.executor().schedule(() -> {
            if (!decided) {
                refuse(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "request headers not received in "
                        + gw.headerTimeout().toMillis() + " ms");
            }
        }, gw.headerTimeout().toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        if (!decided) {
            decided = true;
            Decision.refused(source, user, destination, 0, gw.stopping().get() ? "gateway stopped"
                    : "client closed before a complete request", start);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RequestHead.Unreadable unreadable) {
            refuse(ctx, unreadable.status(), unreadable.reason());
        } else if (msg instanceof RequestHead.Request request) {
            if (!decided) {
                request(ctx, request);
            }
        } else {
            ctx.fireChannelRead(msg); // bytes behind the request head, on their way to the tunnel
        }
    }

    private void request(ChannelHandlerContext ctx, RequestHead.Request request) {
        ctx.channel().config().setAutoRead(false);
        destination = request.target();
        if (!"CONNECT".equals(request.method())) {
            send(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "only CONNECT is allowed", "Allow: CONNECT",
                    "method " + Decision.printable(request.method()) + " not allowed");
            return;
        }
        if (!gw.policy().sourceAllowed(source.getAddress())) {
            refuse(ctx, HttpResponseStatus.FORBIDDEN, "source not allowed");
            return;
        }
        HostPort target;
        try {
            target = HostPort.parse(request.target(), -1);
        } catch (IllegalArgumentException e) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "CONNECT target is not host:port");
            return;
        }
        String[] credentials = basic(request.proxyAuthorization());
        if (credentials == null) {
            challenge(ctx, "no credentials");
            return;
        }
        user = credentials[0];
        String password = credentials[1];
        Boolean quick = gw.authenticator().quickCheck(user, password);
        if (quick != null) {
            authenticated(ctx, quick, target);
            return;
        }
        try {
            gw.bcrypt().execute(() -> {
                boolean ok = gw.authenticator().check(user, password);
                ctx.executor().execute(() -> authenticated(ctx, ok, target));
            });
        } catch (RejectedExecutionException e) {
            refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many password checks queued");
        }
    }

    private void authenticated(ChannelHandlerContext ctx, boolean ok, HostPort target) {
        if (decided) {
            return;
        }
        if (!ok) {
            challenge(ctx, "wrong user or password");
            return;
        }
        InetAddress literal = literal(target.host());
        if (literal != null) {
            if (!gw.policy().literalAllowed(literal, target.port()) && !gw.policy().nameAllowed(target.host(), target.port())) {
                refuse(ctx, HttpResponseStatus.FORBIDDEN, "destination not allowed");
            } else if (gw.policy().addressDenied(literal)) {
                refuse(ctx, HttpResponseStatus.FORBIDDEN, "destination address denied");
            } else {
                connect(ctx, List.of(literal), target.port(), 0);
            }
            return;
        }
        if (!gw.policy().nameAllowed(target.host(), target.port())) {
            refuse(ctx, HttpResponseStatus.FORBIDDEN, "destination not allowed");
            return;
        }
        gw.dns().execute(() -> {
            List<InetAddress> usable = new ArrayList<>();
            String failure = null;
            try {
                for (InetAddress a : InetAddress.getAllByName(target.host())) {
                    if (!gw.policy().addressDenied(a)) {
                        usable.add(a);
                    }
                }
                if (usable.isEmpty()) {
                    failure = "destination address denied";
                }
            } catch (UnknownHostException e) {
                failure = "destination name does not resolve";
            }
            String f = failure;
            ctx.executor().execute(() -> {
                if (f != null) {
                    refuse(ctx, f.contains("denied") ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.BAD_GATEWAY, f);
                } else {
                    connect(ctx, usable, target.port(), 0);
                }
            });
        });
    }

    /** Connects to the checked addresses in turn; the address connected to is one of them, not a new lookup. */
    private void connect(ChannelHandlerContext ctx, List<InetAddress> addresses, int port, int index) {
        if (decided) {
            return;
        }
        if (!ctx.channel().isActive()) {
            return;
        }
        Channel client = ctx.channel();
        Bootstrap b = SocketTuning.client(new Bootstrap())
                .group(client.eventLoop())
                .channel(EventLoops.socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) gw.connectTimeout().toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {}
                });
        InetSocketAddress remote = new InetSocketAddress(addresses.get(index), port);
        b.connect(remote).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                if (index + 1 < addresses.size()) {
                    connect(ctx, addresses, port, index + 1);
                } else {
                    refuse(ctx, HttpResponseStatus.BAD_GATEWAY, "cannot connect to destination");
                }
                return;
            }
            if (decided || !client.isActive()) {
                f.channel().close();
                return;
            }
            established(ctx, f.channel(), remote);
        });
    }

    private void established(ChannelHandlerContext ctx, Channel server, InetSocketAddress remote) {
        decided = true;
        cancelTimer();
        Channel client = ctx.channel();
        LongAdder up = new LongAdder();
        LongAdder down = new LongAdder();
        String via = remote.getAddress().getHostAddress() + ":" + remote.getPort();
        String who = user;
        String dst = destination;
        client.closeFuture().addListener(x -> {
            server.close();
            Decision.tunnel(source, who, dst, via, up.sum(), down.sum(), start);
        });
        server.closeFuture().addListener(x -> {
            if (client.isActive()) {
                client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        });
        server.pipeline().addLast(new Splice(client, down));
        // the splice first: bytes the client sent after its request head leave the codec, when it is removed,
        // as plain buffers that must reach the destination before anything else
        client.pipeline().addLast(new Splice(server, up));
        client.pipeline().remove(ConnectRequestDecoder.class);
        client.pipeline().remove(this);
        client.writeAndFlush(Responses.established()).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                TunnelActivity.closeWhenIdle(client, server, gw.idleTimeout(), () -> up.sum() + down.sum());
                // as a task: this listener may run inside Netty's handling of an event for one of the two sockets,
                // which must be over before the kernel splice takes the sockets
                client.eventLoop().execute(() -> carry(client, server, up, down));
            } else {
                client.close();
            }
        });
    }

    /**
     * From here on the tunnel only carries bytes: spliced by the kernel where it can, else copied. Until here both
     * sides read only to see an early end (auto-read is off), and what that read is already on its way by copy.
     */
    private static void carry(Channel client, Channel server, LongAdder up, LongAdder down) {
        if (!client.isActive() || !server.isActive()) {
            client.close();
            return;
        }
        if (KernelSplice.usable(client, server)) {
            client.pipeline().remove(Splice.class);
            server.pipeline().remove(Splice.class);
            if (KernelSplice.start(client, server, up, down)) {
                return;
            }
            server.pipeline().addLast(new Splice(client, down));
            client.pipeline().addLast(new Splice(server, up));
        }
        client.config().setAutoRead(true);
        server.config().setAutoRead(true);
    }

    private void challenge(ChannelHandlerContext ctx, String reason) {
        send(ctx, HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED, "proxy authentication required",
                "Proxy-Authenticate: Basic realm=\"" + gw.realm() + "\", charset=\"UTF-8\"", reason);
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        send(ctx, status, reason, null, reason);
    }

    /** Answers {@code status} (with {@code body} and one more header line, if any), logs the decision and closes. */
    private void send(ChannelHandlerContext ctx, HttpResponseStatus status, String body, String header, String reason) {
        if (decided) {
            return;
        }
        decided = true;
        cancelTimer();
        Decision.refused(source, user, destination, status.code(), reason, start);
        if (ctx.pipeline().get(ConnectRequestDecoder.class) == null) {
            ctx.close(); // the tunnel had begun: no more HTTP on this connection
            return;
        }
        ctx.writeAndFlush(Responses.refusal(status, body, header)).addListener(ChannelFutureListener.CLOSE);
    }

    /** {@code Basic base64(user:password)} to {user, password}; null if absent or not Basic. */
    static String[] basic(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static InetAddress literal(String host) {
        if (!Cidr.looksLikeCidr(host) || host.contains("/")) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private void cancelTimer() {
        if (headerTimer != null) {
            headerTimer.cancel(false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!decided) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "malformed request");
        } else {
            ctx.close();
        }
    }
}
