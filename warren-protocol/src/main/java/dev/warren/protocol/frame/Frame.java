package dev.warren.protocol.frame;

import io.netty.buffer.ByteBuf;

/** One protocol frame. {@link FrameType} is the registry of the kinds and how each is decoded. */
public sealed interface Frame permits Hello, Open, OpenResult, DataFrame, WindowUpdate, Reset, Ping, GoAway {

    FrameType type();

    /** 0 for connection frames (HELLO, PING, GOAWAY). */
    int streamId();

    default int flags() {
        return 0;
    }

    /** Writes the payload (not the header). DATA is written by the encoder without copying. */
    void encodePayload(ByteBuf out);
}
