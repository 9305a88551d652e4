package dev.warren.mtls.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxySSLTLV;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * The PROXY protocol v2 header a reverse tunnel sends its target before the first byte: the TLS client's address and
 * ours, and the client's identity as TLVs. HAProxy's own TLVs where they exist: PP2_TYPE_SSL (0x20) with the client
 * flags (SSL, certificate presented on this connection or in a resumed session), verify = 0 (verified), and the
 * sub-TLVs SSL_VERSION (0x21), SSL_CN (0x22), SSL_CIPHER (0x23). The SANs have no standard TLV, so they go in the
 * custom range: {@value #TLV_URI_SAN} once per URI SAN (a SPIFFE ID), {@value #TLV_DNS_SAN} once per DNS SAN.
 */
final class ProxyHeaders {
    static final byte TLV_URI_SAN = (byte) 0xE0;
    static final byte TLV_DNS_SAN = (byte) 0xE1;
    private static final byte PP2_CLIENT_SSL = 0x01;
    private static final byte PP2_CLIENT_CERT_CONN = 0x02;
    private static final byte PP2_CLIENT_CERT_SESS = 0x04;
    private static final byte SUBTYPE_SSL_VERSION = 0x21;
    private static final byte SUBTYPE_SSL_CN = 0x22;
    private static final byte SUBTYPE_SSL_CIPHER = 0x23;
    private static final int MAX_TLV = 4096;

    private ProxyHeaders() {}

    /** The header for a connection accepted on {@code inbound}, whose TLS session is {@code session}. */
    static HAProxyMessage of(Channel inbound, SSLSession session, PeerIdentity peer, boolean resumed) {
        List<HAProxyTLV> ssl = new ArrayList<>();
        ssl.add(tlv(SUBTYPE_SSL_VERSION, session.getProtocol()));
        if (peer.commonName() != null) {
            ssl.add(tlv(SUBTYPE_SSL_CN, peer.commonName()));
        }
        ssl.add(tlv(SUBTYPE_SSL_CIPHER, session.getCipherSuite()));
        byte client = (byte) (PP2_CLIENT_SSL | (resumed ? PP2_CLIENT_CERT_SESS : PP2_CLIENT_CERT_CONN));
        List<HAProxyTLV> tlvs = new ArrayList<>();
        tlvs.add(new HAProxySSLTLV(0, client, ssl));
        peer.uris().forEach(u -> tlvs.add(tlv(TLV_URI_SAN, u)));
        peer.dnsNames().forEach(d -> tlvs.add(tlv(TLV_DNS_SAN, d)));

        SocketAddress remote = inbound.remoteAddress();
        SocketAddress local = inbound.localAddress();
        if (remote instanceof InetSocketAddress src && local instanceof InetSocketAddress dst
                && src.getAddress() != null && dst.getAddress() != null
                && (src.getAddress() instanceof Inet4Address) == (dst.getAddress() instanceof Inet4Address)) {
            HAProxyProxiedProtocol protocol = src.getAddress() instanceof Inet4Address
                    ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6;
            return new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY, protocol,
                    src.getAddress().getHostAddress(), dst.getAddress().getHostAddress(), src.getPort(), dst.getPort(), tlvs);
        }
        // a TLS listener on a Unix socket: no addresses to give, the identity still goes
        return new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY, HAProxyProxiedProtocol.UNKNOWN,
                null, null, 0, 0, tlvs);
    }

    private static HAProxyTLV tlv(byte type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ByteBuf content = Unpooled.wrappedBuffer(bytes, 0, Math.min(bytes.length, MAX_TLV));
        return new HAProxyTLV(type, content);
    }
}
