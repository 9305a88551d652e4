package dev.warren.transport.websocket;

import dev.warren.protocol.ProtocolVersion;
import dev.warren.protocol.frame.FrameDecoder;

/** The fixed names of the WebSocket binding. */
public final class TunnelPath {
    /** Where the relay accepts the upgrade. */
    public static final String PATH = "/api/v1/tunnel";
    /** The WebSocket subprotocol: the Warren protocol version. */
    public static final String SUBPROTOCOL = ProtocolVersion.ALPN;

    private TunnelPath() {}

    /** The largest message payload accepted: one Warren frame of the largest size, header included. */
    public static int maxMessage(int maxFrameSize) {
        return maxFrameSize + FrameDecoder.HEADER_SIZE;
    }
}
