package dev.warren.protocol.session;

import dev.warren.protocol.Role;
import dev.warren.protocol.frame.Frame;
import dev.warren.protocol.frame.FrameDecoder;
import dev.warren.protocol.frame.FrameEncoder;
import dev.warren.protocol.frame.FrameType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A dialer and an acceptor session on two EmbeddedChannels, with a pump that carries bytes between them. */
final class SessionPair implements AutoCloseable {
    final RecordingListener dialerListener = new RecordingListener();
    final RecordingListener acceptorListener = new RecordingListener();
    final MuxSession dialer;
    final MuxSession acceptor;
    final EmbeddedChannel dialerChannel;
    final EmbeddedChannel acceptorChannel;

    SessionPair() {
        this(SessionConfig.DEFAULTS, SessionConfig.DEFAULTS);
    }

    SessionPair(SessionConfig dialerConfig, SessionConfig acceptorConfig) {
        this(dialerConfig, acceptorConfig, null);
    }

    /** @param ticker the clock both channels' loops run their scheduled tasks by (a mock one); null for the real one */
    SessionPair(SessionConfig dialerConfig, SessionConfig acceptorConfig, Ticker ticker) {
        dialer = MuxSession.dialer(Role.OPERATOR, dialerConfig, Map.of("token", "t"), dialerListener);
        acceptor = MuxSession.acceptor(Role.RELAY, acceptorConfig, acceptorListener);
        acceptorChannel = channel(acceptorConfig, acceptor, ticker);
        dialerChannel = channel(dialerConfig, dialer, ticker);
    }

    static EmbeddedChannel channel(SessionConfig config, MuxSession session) {
        return channel(config, session, null);
    }

    static EmbeddedChannel channel(SessionConfig config, MuxSession session, Ticker ticker) {
        EmbeddedChannel.Builder builder = EmbeddedChannel.builder()
                .handlers(new FrameDecoder(config.settings().maxFrameSize()), FrameEncoder.INSTANCE, session);
        return (ticker == null ? builder : builder.ticker(ticker)).build();
    }

    /** Moves bytes both ways (running queued tasks) until nothing moves. */
    SessionPair pump() {
        for (int i = 0; i < 10_000; i++) {
            dialerChannel.runPendingTasks();
            acceptorChannel.runPendingTasks();
            boolean moved = move(dialerChannel, acceptorChannel) | move(acceptorChannel, dialerChannel);
            if (!moved) {
                return this;
            }
        }
        throw new AssertionError("pump did not settle");
    }

    static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (Object o; (o = from.readOutbound()) != null; ) {
            moved = true;
            if (to.isActive()) {
                to.writeInbound(o);
            } else {
                ((ByteBuf) o).release();
            }
        }
        return moved;
    }

    /**
     * Reads what {@code from} wrote since the last read, hands it on to {@code to} (null: releases it) and returns the
     * types of the frames it carried.
     */
    static List<FrameType> frameTypes(EmbeddedChannel from, EmbeddedChannel to) {
        EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(1 << 20));
        for (Object o; (o = from.readOutbound()) != null; ) {
            if (to == null) {
                decoder.writeInbound(o);
            } else {
                decoder.writeInbound(((ByteBuf) o).retainedDuplicate());
                to.writeInbound(o);
            }
        }
        List<FrameType> types = new ArrayList<>();
        for (Object f; (f = decoder.readInbound()) != null; ) {
            types.add(((Frame) f).type());
            ReferenceCountUtil.release(f);
        }
        decoder.finishAndReleaseAll();
        return types;
    }

    @Override
    public void close() {
        dialerChannel.finishAndReleaseAll();
        acceptorChannel.finishAndReleaseAll();
    }
}
