package dev.warren.protocol.frame;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Strings and attribute maps as the protocol encodes them (u16 length + UTF-8; u16 count + pairs). */
final class Wire {
    static final int MAX_STRING = 0xFFFF;

    private Wire() {}

    static void writeString(ByteBuf out, String s) {
        int lengthIndex = out.writerIndex();
        out.writeShort(0);
        int written = ByteBufUtil.writeUtf8(out, s);
        if (written > MAX_STRING) {
            throw new IllegalArgumentException("string of " + written + " bytes (expected: <= " + MAX_STRING + ")");
        }
        out.setShort(lengthIndex, written);
    }

    static String readString(ByteBuf in, String what) {
        need(in, 2, what);
        int length = in.readUnsignedShort();
        need(in, length, what);
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    static void writeAttributes(ByteBuf out, Map<String, String> attributes) {
        if (attributes.size() > 0xFFFF) {
            throw new IllegalArgumentException("attributes: " + attributes.size() + " (expected: <= 65535)");
        }
        out.writeShort(attributes.size());
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    static Map<String, String> readAttributes(ByteBuf in) {
        need(in, 2, "attribute count");
        int count = in.readUnsignedShort();
        if (count == 0) {
            return Map.of();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = readString(in, "attribute key");
            String value = readString(in, "attribute value");
            if (attributes.put(key, value) != null) {
                throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "attribute '" + key + "' repeated");
            }
        }
        return Collections.unmodifiableMap(attributes);
    }

    static void need(ByteBuf in, int bytes, String what) {
        if (in.readableBytes() < bytes) {
            throw new ProtocolException(
                    ErrorCode.PROTOCOL_ERROR,
                    "truncated " + what + ": " + in.readableBytes() + " bytes left (expected: >= " + bytes + ")");
        }
    }

    /** Attributes whose values are secrets print as ****. */
    static String show(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(isSecret(e.getKey()) ? "****" : e.getValue());
        }
        return sb.append('}').toString();
    }

    static boolean isSecret(String key) {
        return key.contains("token") || key.contains("secret") || key.contains("password");
    }

    static Map<String, String> copy(Map<String, String> attributes) {
        return attributes == null || attributes.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
