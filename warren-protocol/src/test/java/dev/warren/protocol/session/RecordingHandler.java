package dev.warren.protocol.session;

import dev.warren.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

/** Collects a stream's bytes; consumes them at once unless {@code consume} is false (a slow reader). */
class RecordingHandler implements StreamHandler {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    boolean consume = true;
    long unconsumed;
    boolean remoteClosed;
    int writableEvents;
    ErrorCode closedCode;
    String closedReason;
    MuxStream stream;

    @Override
    public void onData(MuxStream s, ByteBuf data) {
        stream = s;
        int n = data.readableBytes();
        byte[] bytes = new byte[n];
        data.readBytes(bytes);
        received.writeBytes(bytes);
        data.release();
        if (consume) {
            s.consumed(n);
        } else {
            unconsumed += n;
        }
    }

    void consumeBacklog() {
        long n = unconsumed;
        unconsumed = 0;
        stream.consumed((int) n);
    }

    @Override
    public void onRemoteClose(MuxStream s) {
        remoteClosed = true;
    }

    @Override
    public void onWritable(MuxStream s) {
        writableEvents++;
    }

    @Override
    public void onClosed(MuxStream s, ErrorCode code, String reason) {
        closedCode = code;
        closedReason = reason;
    }

    String text() {
        return received.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
