package dev.warren.protocol.session;

import dev.warren.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;

/** What the application does with one stream. Every callback runs on the session's event loop. */
public interface StreamHandler {

    /**
     * Bytes from the peer. The handler owns {@code data} (release or pass it on) and must call
     * {@link MuxStream#consumed(int)} once the bytes have left it: that is what returns credit to the sender. The bytes
     * before {@code data}'s reader index are the frame header they came with, also the handler's:
     * {@link MuxStream#forward} reuses them.
     */
    void onData(MuxStream stream, ByteBuf data);

    /** The peer half-closed: it sends no more data. */
    default void onRemoteClose(MuxStream stream) {}

    /** The stream can take writes again after {@link MuxStream#isWritable()} returned false. */
    default void onWritable(MuxStream stream) {}

    /**
     * The stream is gone, exactly once: both halves closed ({@link ErrorCode#NO_ERROR}), reset by either side, refused
     * when it was opened, or lost with its session.
     */
    void onClosed(MuxStream stream, ErrorCode code, String reason);
}
