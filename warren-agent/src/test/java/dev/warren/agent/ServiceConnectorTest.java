package dev.warren.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Which services get an IPv4 socket: those written as an IPv4 address, nothing that could resolve to IPv6. */
class ServiceConnectorTest {
    @Test
    void onlyIpv4AddressesGetIpv4Sockets() {
        assertThat(ServiceConnector.ipv4Address(new InetSocketAddress("127.0.0.1", 22))).isTrue();
        assertThat(ServiceConnector.ipv4Address(new InetSocketAddress("::1", 22))).isFalse();
        assertThat(ServiceConnector.ipv4Address(InetSocketAddress.createUnresolved("localhost", 22))).isFalse();
    }
}
