package dev.warren.protocol.frame;

import dev.warren.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/** The answer to OPEN: accepted ({@link ErrorCode#NO_ERROR}) or refused with a code and a reason for humans. */
public record OpenResult(int streamId, ErrorCode code, String reason, Map<String, String> attributes) implements Frame {

    public OpenResult {
        FrameType.requireStream(streamId);
        if (code == null || reason == null) {
            throw new IllegalArgumentException("code and reason must not be null");
        }
        attributes = Wire.copy(attributes);
    }

    public boolean accepted() {
        return code == ErrorCode.NO_ERROR;
    }

    @Override
    public FrameType type() {
        return FrameType.OPEN_RESULT;
    }

    @Override
    public void encodePayload(ByteBuf out) {
        out.writeShort(code.code());
        Wire.writeString(out, reason);
        Wire.writeAttributes(out, attributes);
    }

    static OpenResult decode(int streamId, ByteBuf in) {
        Wire.need(in, 2, "OPEN_RESULT code");
        ErrorCode code = ErrorCode.of(in.readUnsignedShort());
        String reason = Wire.readString(in, "OPEN_RESULT reason");
        return new OpenResult(streamId, code, reason, Wire.readAttributes(in));
    }

    @Override
    public String toString() {
        return "OPEN_RESULT(" + streamId + ", " + code + ", '" + reason + "', " + Wire.show(attributes) + ")";
    }
}
