package dev.warren.transport;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamHandler;
import io.netty.buffer.ByteBuf;

/**
 * The far side's service of the transport tests: writes back what it reads, returns the credit once written, and ends
 * its half when the peer ends theirs; how the stream ends otherwise is left to the test.
 */
final class EchoHandler implements StreamHandler {
    @Override
    public void onData(MuxStream s, ByteBuf data) {
        int n = data.readableBytes();
        s.write(data).addListener(f -> s.consumed(n));
    }

    @Override
    public void onRemoteClose(MuxStream s) {
        s.closeWrite();
    }

    @Override
    public void onClosed(MuxStream s, ErrorCode code, String reason) {}
}
