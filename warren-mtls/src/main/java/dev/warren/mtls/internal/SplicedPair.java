package dev.warren.mtls.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two channels joined byte for byte, on one event loop. Half-close: when one side's input ends, the other side's
 * output is shut with a FIN once what was read before has been written; when both inputs have ended both channels
 * close (a TLS side then sends its close_notify). A reset or error on either side closes both.
 *
 * <p>Why a bare FIN and not close_notify for a half-close: Netty's OpenSSL engine treats its own close_notify as the
 * end of both directions (every later unwrap reports CLOSED), and a received close_notify closes its outbound side
 * too, so with BoringSSL a close_notify cannot mean "this direction only". A FIN can, and every TLS stack Warren meets
 * here (Netty, HAProxy, stunnel) passes it on as the end of that direction.
 */
final class SplicedPair {
    private static final Logger log = LoggerFactory.getLogger(SplicedPair.class);

    private final String tunnel;
    private final Channel listenSide;
    private final Channel connectSide;
    private boolean listenInputEnded;
    private boolean connectInputEnded;

    private SplicedPair(String tunnel, Channel listenSide, Channel connectSide) {
        this.tunnel = tunnel;
        this.listenSide = listenSide;
        this.connectSide = connectSide;
    }

    /** Joins the two (both must be on the same event loop, auto-read off), then lets them read. */
    static SplicedPair join(String tunnel, Channel listenSide, Channel connectSide, TunnelMetrics metrics) {
        SplicedPair pair = new SplicedPair(tunnel, listenSide, connectSide);
        listenSide.pipeline().addLast("splice", new Splice(pair, connectSide, metrics.bytes(true)));
        connectSide.pipeline().addLast("splice", new Splice(pair, listenSide, metrics.bytes(false)));
        autoRead(listenSide, true);
        autoRead(connectSide, true);
        return pair;
    }

    /** Turns reading on or off, except on a channel whose input has ended (epoll has dropped it from its interest set). */
    static void autoRead(Channel channel, boolean on) {
        if (channel instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
            return;
        }
        if (channel.isOpen()) {
            channel.config().setAutoRead(on);
        }
    }

    void inputEnded(Channel from) {
        boolean listen = from == listenSide;
        if (listen ? listenInputEnded : connectInputEnded) {
            return; // close_notify and then FIN: once is enough
        }
        if (listen) {
            listenInputEnded = true;
        } else {
            connectInputEnded = true;
        }
        Channel to = other(from);
        log.debug("tunnel {}: {} side's input ended, shutting the other side's output", tunnel, listen ? "listen" : "connect");
        // everything read so far goes first, then the end
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> shutdownOutput(to));
    }

    private void shutdownOutput(Channel to) {
        if (listenInputEnded && connectInputEnded) {
            closeBoth();
        } else if (to instanceof DuplexChannel duplex && to.isActive()) {
            duplex.shutdownOutput();
        }
    }

    void closed(Channel which) {
        // the other side may still have bytes to write: flush them, then close
        Channel to = other(which);
        if (to.isActive()) {
            to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    void failed(Channel which, Throwable cause) {
        log.debug("tunnel {}: {} side failed: {}", tunnel, which == listenSide ? "listen" : "connect", cause.toString(), log.isTraceEnabled() ? cause : null);
        closeBoth();
    }

    private void closeBoth() {
        listenSide.close();
        connectSide.close();
    }

    private Channel other(Channel c) {
        return c == listenSide ? connectSide : listenSide;
    }
}
