package dev.warren.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** The gateway's answers, as the bytes that go out: the one for a tunnel made once, refusals as they happen. */
final class Responses {
    private static final byte[] ESTABLISHED_BYTES =
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Direct, so epoll sends it as it is (a heap buffer would be copied into a direct one per connection). */
    private static final ByteBuf ESTABLISHED = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(ESTABLISHED_BYTES.length, ESTABLISHED_BYTES.length).writeBytes(ESTABLISHED_BYTES));

    private Responses() {}

    /** {@code 200 Connection established}: a view of the one buffer made at start (never released, never written to). */
    static ByteBuf established() {
        return ESTABLISHED.duplicate();
    }

    /** A refusal: {@code status}, {@code body} as text, one more header line if not null, and the connection closes. */
    static ByteBuf refusal(HttpResponseStatus status, String body, String header) {
        byte[] text = (body + "\n").getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(160).append("HTTP/1.1 ").append(status.code()).append(' ')
                .append(status.reasonPhrase()).append("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ")
                .append(text.length).append("\r\n");
        if (header != null) {
            head.append(header).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return Unpooled.wrappedBuffer(head.toString().getBytes(StandardCharsets.US_ASCII), text);
    }
}
