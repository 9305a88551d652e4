package dev.warren.protocol.frame;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/** Opens a stream to one service. From an operator it names the device; towards an agent the device is empty. */
public record Open(int streamId, String device, String service, Map<String, String> attributes) implements Frame {

    public Open {
        FrameType.requireStream(streamId);
        if (device == null || service == null) {
            throw new IllegalArgumentException("device and service must not be null");
        }
        attributes = Wire.copy(attributes);
    }

    @Override
    public FrameType type() {
        return FrameType.OPEN;
    }

    @Override
    public void encodePayload(ByteBuf out) {
        Wire.writeString(out, device);
        Wire.writeString(out, service);
        Wire.writeAttributes(out, attributes);
    }

    static Open decode(int streamId, ByteBuf in) {
        String device = Wire.readString(in, "OPEN device");
        String service = Wire.readString(in, "OPEN service");
        return new Open(streamId, device, service, Wire.readAttributes(in));
    }

    @Override
    public String toString() {
        return "OPEN(" + streamId + ", " + device + "/" + service + ", " + Wire.show(attributes) + ")";
    }
}
