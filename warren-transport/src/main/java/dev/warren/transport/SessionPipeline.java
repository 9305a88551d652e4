package dev.warren.transport;

import dev.warren.protocol.frame.FrameDecoder;
import dev.warren.protocol.frame.FrameEncoder;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.SessionConfig;
import io.netty.channel.ChannelPipeline;

/** Puts the Warren protocol on a channel whose transport (TLS, WebSocket) is already in place. */
public final class SessionPipeline {
    private SessionPipeline() {}

    public static void install(ChannelPipeline pipeline, SessionConfig config, MuxSession session) {
        pipeline.addLast("frame-decoder", new FrameDecoder(config.settings().maxFrameSize()));
        pipeline.addLast("frame-encoder", FrameEncoder.INSTANCE);
        pipeline.addLast("session", session);
    }
}
