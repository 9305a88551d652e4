package dev.warren.protocol.frame;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolException;
import dev.warren.protocol.Role;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/** First frame of each side: versions, role, settings, attributes (the operator's token among them). */
public record Hello(int minVersion, int maxVersion, Role role, Settings settings, Map<String, String> attributes)
        implements Frame {

    public Hello {
        if (minVersion < 1 || maxVersion < minVersion || maxVersion > 0xFFFF) {
            throw new IllegalArgumentException(
                    "versions: " + minVersion + ".." + maxVersion + " (expected: 1 <= min <= max <= 65535)");
        }
        if (role == null || settings == null) {
            throw new IllegalArgumentException("role and settings are required");
        }
        attributes = Wire.copy(attributes);
    }

    @Override
    public FrameType type() {
        return FrameType.HELLO;
    }

    @Override
    public int streamId() {
        return 0;
    }

    public String attribute(String key) {
        return attributes.get(key);
    }

    @Override
    public void encodePayload(ByteBuf out) {
        out.writeShort(minVersion).writeShort(maxVersion).writeByte(role.code());
        settings.encode(out);
        Wire.writeAttributes(out, attributes);
    }

    static Hello decode(ByteBuf in) {
        Wire.need(in, 5, "HELLO");
        int min = in.readUnsignedShort();
        int max = in.readUnsignedShort();
        Role role = Role.of(in.readUnsignedByte());
        Settings settings = Settings.decode(in);
        Map<String, String> attributes = Wire.readAttributes(in);
        try {
            return new Hello(min, max, role, settings, attributes);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "HELLO " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "HELLO(v" + minVersion + ".." + maxVersion + ", " + role + ", " + settings + ", " + Wire.show(attributes)
                + ")";
    }
}
