package dev.warren.protocol.frame;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * What one side of a session tells the other in HELLO. Unknown setting ids are ignored on receipt, so a setting can
 * be added without a new protocol version.
 */
public record Settings(int maxFrameSize, int initialWindow, int maxStreams, int keepaliveMillis) {
    public static final int MIN_FRAME_SIZE = 16_384;
    public static final int MAX_FRAME_SIZE = 0xFF_FFFF;
    public static final Settings DEFAULTS = new Settings(65_536, 256 * 1024, 1024, 5_000);

    static final int ID_MAX_FRAME_SIZE = 1;
    static final int ID_INITIAL_WINDOW = 2;
    static final int ID_MAX_STREAMS = 3;
    static final int ID_KEEPALIVE_MS = 4;

    public Settings {
        if (maxFrameSize < MIN_FRAME_SIZE || maxFrameSize > MAX_FRAME_SIZE) {
            throw new IllegalArgumentException(
                    "maxFrameSize: " + maxFrameSize + " (expected: " + MIN_FRAME_SIZE + ".." + MAX_FRAME_SIZE + ")");
        }
        if (initialWindow < 1) {
            throw new IllegalArgumentException("initialWindow: " + initialWindow + " (expected: > 0)");
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams: " + maxStreams + " (expected: > 0)");
        }
        if (keepaliveMillis < 1) {
            throw new IllegalArgumentException("keepaliveMillis: " + keepaliveMillis + " (expected: > 0)");
        }
    }

    void encode(ByteBuf out) {
        out.writeShort(4);
        out.writeShort(ID_MAX_FRAME_SIZE).writeInt(maxFrameSize);
        out.writeShort(ID_INITIAL_WINDOW).writeInt(initialWindow);
        out.writeShort(ID_MAX_STREAMS).writeInt(maxStreams);
        out.writeShort(ID_KEEPALIVE_MS).writeInt(keepaliveMillis);
    }

    static Settings decode(ByteBuf in) {
        Wire.need(in, 2, "settings count");
        int count = in.readUnsignedShort();
        Wire.need(in, count * 6, "settings");
        int frame = DEFAULTS.maxFrameSize;
        int window = DEFAULTS.initialWindow;
        int streams = DEFAULTS.maxStreams;
        int keepalive = DEFAULTS.keepaliveMillis;
        for (int i = 0; i < count; i++) {
            int id = in.readUnsignedShort();
            long value = in.readUnsignedInt();
            switch (id) {
                case ID_MAX_FRAME_SIZE -> frame = (int) Math.min(value, Integer.MAX_VALUE);
                case ID_INITIAL_WINDOW -> window = (int) Math.min(value, Integer.MAX_VALUE);
                case ID_MAX_STREAMS -> streams = (int) Math.min(value, Integer.MAX_VALUE);
                case ID_KEEPALIVE_MS -> keepalive = (int) Math.min(value, Integer.MAX_VALUE);
                default -> { } // a newer peer's setting: ignore
            }
        }
        try {
            return new Settings(frame, window, streams, keepalive);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "settings: " + e.getMessage());
        }
    }

    public Settings withInitialWindow(int window) {
        return new Settings(maxFrameSize, window, maxStreams, keepaliveMillis);
    }

    public Settings withMaxStreams(int streams) {
        return new Settings(maxFrameSize, initialWindow, streams, keepaliveMillis);
    }

    public Settings withKeepaliveMillis(int millis) {
        return new Settings(maxFrameSize, initialWindow, maxStreams, millis);
    }

    public Settings withMaxFrameSize(int size) {
        return new Settings(size, initialWindow, maxStreams, keepaliveMillis);
    }
}
