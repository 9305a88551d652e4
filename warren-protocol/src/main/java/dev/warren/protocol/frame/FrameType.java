package dev.warren.protocol.frame;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * The frame-type registry: each kind's code, whether it lives on stream 0 or on a stream, and how its payload is
 * decoded. Adding a frame type means adding a constant here and a record implementing {@link Frame}.
 */
public enum FrameType {
    HELLO(0x0, true) {
        @Override
        Frame decode(int streamId, int flags, ByteBuf payload) {
            return Hello.decode(payload);
        }
    },
    OPEN(0x1, false) {
        @Override
        Frame decode(int streamId, int flags, ByteBuf payload) {
            return Open.decode(streamId, payload);
        }
    },
    OPEN_RESULT(0x2, false) {
        @Override
        Frame decode(int streamId, int flags, ByteBuf payload) {
            return OpenResult.decode(streamId, payload);
        }
    },
    DATA(0x3, false) {
        @Override
        Frame decode(int streamId, int flags, ByteBuf payload) {
            // the payload is handed on as a slice: no copy on the data path
            return new DataFrame(streamId, payload.readRetainedSlice(payload.readableBytes()),
                    (flags & DataFrame.FLAG_END_STREAM) != 0);
        }
    },
    WINDOW_UPDATE(0x4, false) {
        @Override
        Frame decode(int streamId, int flags, ByteBuf payload) {
            return WindowUpdate.decode(streamId, payload);
        }
    },
    RESET(0x5, false) {
        @Override
        Frame decode(int streamId, int flags, ByteBuf payload) {
            return Reset.decode(streamId, payload);
        }
    },
    PING(0x6, true) {
        @Override
        Frame decode(int streamId, int flags, ByteBuf payload) {
            return Ping.decode(flags, payload);
        }
    },
    GOAWAY(0x7, true) {
        @Override
        Frame decode(int streamId, int flags, ByteBuf payload) {
            return GoAway.decode(payload);
        }
    };

    private static final FrameType[] BY_CODE = new FrameType[8];

    static {
        for (FrameType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final boolean connectionScoped;

    FrameType(int code, boolean connectionScoped) {
        this.code = code;
        this.connectionScoped = connectionScoped;
    }

    public int code() {
        return code;
    }

    /** True for frames that must travel on stream 0. */
    public boolean connectionScoped() {
        return connectionScoped;
    }

    /** Decodes a payload whose bytes are exactly {@code payload}'s readable bytes. */
    abstract Frame decode(int streamId, int flags, ByteBuf payload);

    /** The kind with this code; an unknown code is a protocol error (versions, not skipping, evolve the protocol). */
    public static FrameType of(int code) {
        FrameType t = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (t == null) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, String.format("unknown frame type 0x%x", code));
        }
        return t;
    }

    static void requireStream(int streamId) {
        if (streamId <= 0) {
            throw new IllegalArgumentException("streamId: " + streamId + " (expected: > 0)");
        }
    }
}
