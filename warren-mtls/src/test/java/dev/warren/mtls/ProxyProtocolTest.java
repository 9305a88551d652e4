package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxySSLTLV;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target learns who connected: address, TLS version and cipher, CN, and the SPIFFE ID, before the first byte. */
class ProxyProtocolTest {
    @TempDir
    Path dir;

    @Test
    void theTargetGetsAProxyV2HeaderWithThePeersIdentity() throws Exception {
        var pki = Pair.pki(dir);
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             MtlsProxy reverse = MtlsProxy.start(new MtlsConfig(List.of(Pair.reverse(pki, Endpoint.parse("127.0.0.1:0"),
                     Endpoint.parse("127.0.0.1:" + target.getLocalPort()), true, "node-fwd")), null, null, 1));
             MtlsProxy forward = MtlsProxy.start(new MtlsConfig(List.of(Pair.forward(pki, "node-fwd",
                     Endpoint.parse("127.0.0.1:0"), reverse.listenAddress("rev"))), null, null, 1))) {
            CompletableFuture<byte[]> header = CompletableFuture.supplyAsync(() -> {
                try (Socket s = target.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] fixed = new byte[16];
                    in.readFully(fixed);
                    int length = ((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff);
                    byte[] rest = new byte[length];
                    in.readFully(rest);
                    byte[] first = new byte[5];
                    in.readFully(first);
                    OutputStream out = s.getOutputStream();
                    out.write(first);
                    s.shutdownOutput();
                    byte[] all = new byte[16 + length];
                    System.arraycopy(fixed, 0, all, 0, 16);
                    System.arraycopy(rest, 0, all, 16, length);
                    return all;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] back = Clients.exchange(forward.listenAddress("fwd"), "hello".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("hello");

            EmbeddedChannel decoder = new EmbeddedChannel(new HAProxyMessageDecoder());
            decoder.writeInbound(Unpooled.wrappedBuffer(header.get(10, TimeUnit.SECONDS)));
            HAProxyMessage message = decoder.readInbound();
            try {
                assertThat(message.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
                assertThat(message.sourceAddress()).isEqualTo("127.0.0.1");
                assertThat(message.destinationPort()).isEqualTo(((Endpoint.Tcp) reverse.listenAddress("rev")).address().port());
                HAProxySSLTLV ssl = (HAProxySSLTLV) message.tlvs().stream().filter(t -> t instanceof HAProxySSLTLV)
                        .findFirst().orElseThrow();
                assertThat(ssl.verify()).isZero();
                assertThat(ssl.isPP2ClientSSL()).isTrue();
                assertThat(ssl.isPP2ClientCertConn() || ssl.isPP2ClientCertSess()).isTrue();
                assertThat(ssl.encapsulatedTLVs()).extracting(ProxyProtocolTest::text)
                        .contains("TLSv1.3", "node-fwd");
                assertThat(message.tlvs()).filteredOn(t -> t.typeByteValue() == (byte) 0xE0).extracting(ProxyProtocolTest::text)
                        .containsExactly("spiffe://plant/node-fwd");
            } finally {
                message.release();
                decoder.finishAndReleaseAll();
            }
        }
    }

    private static String text(HAProxyTLV tlv) {
        return tlv.content().toString(StandardCharsets.UTF_8);
    }
}
