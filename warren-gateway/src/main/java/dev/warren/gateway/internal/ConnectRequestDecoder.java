package dev.warren.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the one request head of a CONNECT exchange, strictly and within bounds, and passes on one {@link RequestHead}:
 * the method, the target and the Proxy-Authorization value (every other header is checked for form, then dropped), or
 * why the head cannot be read: {@code 431} past the bounds, {@code 400} for anything that is not an HTTP/1.x request
 * head. The bytes behind the head stay here, in order, until the tunnel takes them: removing this handler passes them
 * on. A client that sends nothing more is left to the header timeout.
 *
 * <p>Netty's HTTP codec did this job before; for a two-line exchange it made a request object, a header map and a
 * response encoder per connection, code that the JIT was still compiling during the benchmark's measured setups
 * (docs/BENCHMARKS.md). Lines end in CRLF or a bare LF (RFC 9112 2.2); folded header lines, whitespace before a colon,
 * control characters and a repeated Proxy-Authorization header are refused.
 */
public final class ConnectRequestDecoder extends ByteToMessageDecoder {
    private static final HttpResponseStatus TOO_LARGE = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    private static final String PROXY_AUTHORIZATION = "Proxy-Authorization";

    private final int maxLine;
    private final int maxHeaders;
    /** Bytes from the reader index already searched for the head's end (a relative offset: the buffer may move). */
    private int searched;
    private boolean decoded;
    private boolean failed;

    /** {@code maxHeaderBytes}: bound of the header lines; the request line gets at most 4096 of it. */
    public ConnectRequestDecoder(int maxHeaderBytes) {
        this.maxLine = Math.min(4096, maxHeaderBytes);
        this.maxHeaders = maxHeaderBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes()); // answered and closing: nothing more is kept
            return;
        }
        if (decoded || !in.isReadable()) {
            return; // what came behind the head: kept for the tunnel
        }
        int end = headEnd(in);
        if (end < 0) {
            RequestHead.Unreadable early = early(in);
            if (early != null) {
                fail(in, out, early);
            }
            return;
        }
        String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
        RequestHead result = parse(head);
        if (result instanceof RequestHead.Unreadable unreadable) {
            fail(in, out, unreadable);
            return;
        }
        in.readerIndex(end);
        decoded = true;
        out.add(result);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!decoded && !failed && in.isReadable() && ctx.channel().isActive()) {
            // the client's input ended (a half-close) in the middle of a head: it will never be complete (a closed
            // connection is logged as such by the handler)
            fail(in, out, new RequestHead.Unreadable(HttpResponseStatus.BAD_REQUEST, "request head cut short"));
        }
    }

    private void fail(ByteBuf in, List<Object> out, RequestHead.Unreadable why) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(why);
    }

    /** The index just past the empty line that ends the head, or -1 when it has not arrived yet. */
    private int headEnd(ByteBuf in) {
        int from = in.readerIndex() + searched;
        int limit = in.writerIndex();
        while (from < limit) {
            int lf = in.indexOf(from, limit, (byte) '\n');
            if (lf < 0) {
                from = limit;
                break;
            }
            if (lf + 1 >= limit) {
                from = lf; // what follows this line end decides: look again from here
                break;
            }
            byte next = in.getByte(lf + 1);
            if (next == '\n') {
                return lf + 2;
            }
            if (next == '\r') {
                if (lf + 2 >= limit) {
                    from = lf;
                    break;
                }
                if (in.getByte(lf + 2) == '\n') {
                    return lf + 3;
                }
            }
            from = lf + 1;
        }
        searched = from - in.readerIndex();
        return -1;
    }

    /** Refusals that need no complete head: not HTTP at all, a request line or a head past its bound. */
    private RequestHead.Unreadable early(ByteBuf in) {
        int readable = in.readableBytes();
        if (!token(in.getByte(in.readerIndex()))) {
            return new RequestHead.Unreadable(HttpResponseStatus.BAD_REQUEST, "malformed request: not an HTTP request");
        }
        if (readable > maxLine + 1 && in.indexOf(in.readerIndex(), in.readerIndex() + maxLine + 2, (byte) '\n') < 0) {
            return new RequestHead.Unreadable(TOO_LARGE, "request line too long");
        }
        if (readable > maxLine + maxHeaders + 4) {
            return new RequestHead.Unreadable(TOO_LARGE, "request headers too large");
        }
        return null;
    }

    /** A complete head (up to and with its empty line) to the request, or the reason it is none. */
    private RequestHead parse(String head) {
        int eol = head.indexOf('\n');
        String line = withoutCr(head, 0, eol);
        if (line.length() > maxLine) {
            return new RequestHead.Unreadable(TOO_LARGE, "request line too long");
        }
        if (head.length() - (eol + 1) > maxHeaders) {
            return new RequestHead.Unreadable(TOO_LARGE, "request headers too large");
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 <= sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0 || !tokens(line, 0, sp1)
                || !visible(line, sp1 + 1, sp2) || !version(line, sp2 + 1)) {
            return malformed("request line is not METHOD TARGET HTTP/1.x");
        }
        String authorization = null;
        for (int pos = eol + 1; pos < head.length(); ) {
            int next = head.indexOf('\n', pos);
            String field = withoutCr(head, pos, next);
            pos = next + 1;
            if (field.isEmpty()) {
                break; // the empty line: the end of the head
            }
            int colon = field.indexOf(':');
            if (colon <= 0 || !tokens(field, 0, colon)) {
                return malformed("header line is not NAME: VALUE");
            }
            int from = colon + 1;
            int to = field.length();
            while (from < to && ows(field.charAt(from))) {
                from++;
            }
            while (to > from && ows(field.charAt(to - 1))) {
                to--;
            }
            if (!fieldValue(field, from, to)) {
                return malformed("control character in a header value");
            }
            if (colon == PROXY_AUTHORIZATION.length() && field.regionMatches(true, 0, PROXY_AUTHORIZATION, 0, colon)) {
                if (authorization != null) {
                    return malformed("more than one Proxy-Authorization header");
                }
                authorization = field.substring(from, to);
            }
        }
        return new RequestHead.Request(line.substring(0, sp1), line.substring(sp1 + 1, sp2), authorization);
    }

    private static RequestHead.Unreadable malformed(String what) {
        return new RequestHead.Unreadable(HttpResponseStatus.BAD_REQUEST, "malformed request: " + what);
    }

    private static String withoutCr(String s, int from, int lf) {
        return s.substring(from, lf > from && s.charAt(lf - 1) == '\r' ? lf - 1 : lf);
    }

    private static boolean version(String s, int from) {
        return s.regionMatches(from, "HTTP/1.", 0, 7) && s.length() == from + 8
                && (s.charAt(from + 7) == '1' || s.charAt(from + 7) == '0');
    }

    /** RFC 9110 tchar: what a method or a header name is made of. */
    private static boolean token(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static boolean tokens(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!token(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean ows(char c) {
        return c == ' ' || c == '\t';
    }

    /** Visible characters, spaces, tabs and obs-text (bytes 0x80-0xff); no other control character (CR, NUL ...). */
    private static boolean fieldValue(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
