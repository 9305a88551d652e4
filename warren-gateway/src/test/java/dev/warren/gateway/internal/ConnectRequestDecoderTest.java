package dev.warren.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectRequestDecoderTest {
    private static final String AUTH = "Basic d2FycmVuLWdhdGV3YXk6c2VjcmV0";

    private final EmbeddedChannel channel = new EmbeddedChannel(new ConnectRequestDecoder(8192));

    @AfterEach
    void releaseWhatIsLeft() {
        channel.finishAndReleaseAll();
    }

    private Object feed(String... parts) {
        for (String p : parts) {
            channel.writeInbound(Unpooled.copiedBuffer(p, StandardCharsets.ISO_8859_1));
        }
        return channel.readInbound();
    }

    private static RequestHead.Unreadable unreadable(Object o, HttpResponseStatus status) {
        assertThat(o).isInstanceOf(RequestHead.Unreadable.class);
        RequestHead.Unreadable u = (RequestHead.Unreadable) o;
        assertThat(u.status()).isEqualTo(status);
        return u;
    }

    @Test
    void aConnectHeadGivesItsMethodTargetAndCredentials() {
        Object head = feed("CONNECT relay.example.com:443 HTTP/1.1\r\nHost: relay.example.com:443\r\n"
                + "proxy-authorization:  " + AUTH + " \r\nUser-Agent: x\r\n\r\n");
        assertThat(head).isEqualTo(new RequestHead.Request("CONNECT", "relay.example.com:443", AUTH));
        assertThat(head.toString()).doesNotContain(AUTH).contains("****");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aHeadInPiecesAndWithBareLineFeedsIsReadOnce() {
        String head = "CONNECT 10.0.0.1:22 HTTP/1.0\nProxy-Authorization: " + AUTH + "\n\n";
        for (int i = 0; i < head.length() - 1; i++) {
            assertThat(feed(head.substring(i, i + 1))).isNull();
        }
        assertThat(feed(head.substring(head.length() - 1)))
                .isEqualTo(new RequestHead.Request("CONNECT", "10.0.0.1:22", AUTH));
        assertThat(feed("CONNECT a:1 HTTP/1.1\r\n\r\n")).as("one head per connection").isNull();
    }

    @Test
    void bytesBehindTheHeadStayInOrderUntilTheTunnelTakesThem() {
        Object head = feed("CONNECT a:1 HTTP/1.1\r\n\r\nfirst ", "second");
        assertThat(head).isEqualTo(new RequestHead.Request("CONNECT", "a:1", null));
        assertThat((Object) channel.readInbound()).isNull();
        channel.pipeline().remove(ConnectRequestDecoder.class);
        ByteBuf rest = channel.readInbound();
        assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo("first second");
        rest.release();
    }

    @Test
    void otherMethodsAreReadForTheHandlerToRefuse() {
        assertThat(feed("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n"))
                .isEqualTo(new RequestHead.Request("GET", "http://a/", null));
    }

    @Test
    void malformedHeadsAre400() {
        String[] bad = {
            "CONNECT\r\n\r\n",
            "CONNECT a:1\r\n\r\n",
            "CONNECT  a:1 HTTP/1.1\r\n\r\n",
            "CONNECT a:1 HTTP/1.1 x\r\n\r\n",
            "CONNECT a:1 HTTP/2.0\r\n\r\n",
            "CONNECT a:1 http/1.1\r\n\r\n",
            "CON(NECT a:1 HTTP/1.1\r\n\r\n",
            "CONNECT a:\u00011 HTTP/1.1\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\nHost : a\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\nno colon\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\n: empty name\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\nX: a\u0000b\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\nX: a\rb\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\nProxy-Authorization: " + AUTH + "\r\nProxy-Authorization: Basic eDp5\r\n\r\n",
            "\r\nCONNECT a:1 HTTP/1.1\r\n\r\n",
        };
        for (String b : bad) {
            EmbeddedChannel ch = new EmbeddedChannel(new ConnectRequestDecoder(8192));
            ch.writeInbound(Unpooled.copiedBuffer(b, StandardCharsets.ISO_8859_1));
            RequestHead.Unreadable u = unreadable(ch.readInbound(), HttpResponseStatus.BAD_REQUEST);
            assertThat(u.reason()).as(b).startsWith("malformed request: ").doesNotContain(AUTH);
            assertThat(ch.finish()).as(b).isFalse();
        }
    }

    @Test
    void somethingThatIsNotHttpIsRefusedAtItsFirstByte() {
        // a TLS ClientHello sent to the proxy port: no line end will ever come
        unreadable(feed("\u0016\u0003\u0001\u0002\u0000"), HttpResponseStatus.BAD_REQUEST);
        assertThat(feed("more")).isNull(); // and what follows is dropped, not kept
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aRequestLineOrHeadPastItsBoundIs431BeforeItEnds() {
        assertThat(unreadable(feed("GET /" + "a".repeat(5000)), HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
                .reason()).isEqualTo("request line too long");
        EmbeddedChannel big = new EmbeddedChannel(new ConnectRequestDecoder(1024));
        big.writeInbound(Unpooled.copiedBuffer("CONNECT a:1 HTTP/1.1\r\nX: " + "b".repeat(3000), StandardCharsets.US_ASCII));
        assertThat(unreadable(big.readInbound(), HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE).reason())
                .isEqualTo("request headers too large");
        EmbeddedChannel complete = new EmbeddedChannel(new ConnectRequestDecoder(1024));
        complete.writeInbound(Unpooled.copiedBuffer("CONNECT a:1 HTTP/1.1\r\nX: " + "b".repeat(1100) + "\r\n\r\n",
                StandardCharsets.US_ASCII));
        unreadable(complete.readInbound(), HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
        assertThat(big.finishAndReleaseAll()).isFalse();
        assertThat(complete.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anInputThatEndsInsideTheHeadIs400() {
        assertThat(feed("CONNECT a:1 HTTP/1.1\r\nHost: a\r\n")).isNull();
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(unreadable(channel.readInbound(), HttpResponseStatus.BAD_REQUEST).reason())
                .isEqualTo("request head cut short");
    }
}
