package dev.warren.relay;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamHandler;
import io.netty.buffer.ByteBuf;

/**
 * The agent's side of a join: a stream lost with the agent's connection (killed, dropped, or gone with a goodbye)
 * ends as DEVICE_OFFLINE naming the device, in the session record and in the operator's RESET, rather than as an
 * unexplained "CANCELLED: session closed: connection closed".
 */
final class AgentSide implements StreamHandler {
    private final StreamHandler join;
    private final String deviceName;

    AgentSide(StreamHandler join, String deviceName) {
        this.join = join;
        this.deviceName = deviceName;
    }

    @Override
    public void onData(MuxStream stream, ByteBuf data) {
        join.onData(stream, data);
    }

    @Override
    public void onRemoteClose(MuxStream stream) {
        join.onRemoteClose(stream);
    }

    @Override
    public void onWritable(MuxStream stream) {
        join.onWritable(stream);
    }

    @Override
    public void onClosed(MuxStream stream, ErrorCode code, String reason) {
        if (code == ErrorCode.CANCELLED && !stream.session().isReady()) {
            join.onClosed(stream, ErrorCode.DEVICE_OFFLINE, "device '" + deviceName + "' disconnected (" + reason + ")");
        } else {
            join.onClosed(stream, code, reason);
        }
    }
}
