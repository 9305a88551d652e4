package dev.warren.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void parsesNamesAddressesAndIpv6() {
        assertThat(HostPort.parse("relay.example.com:7443")).isEqualTo(new HostPort("relay.example.com", 7443));
        assertThat(HostPort.parse("10.0.0.1:22")).isEqualTo(new HostPort("10.0.0.1", 22));
        assertThat(HostPort.parse("[::1]:7443")).isEqualTo(new HostPort("::1", 7443));
        assertThat(HostPort.parse("relay", 443)).isEqualTo(new HostPort("relay", 443));
        assertThat(new HostPort("::1", 1).toString()).isEqualTo("[::1]:1");
    }

    @Test
    void rejectsWithMessagesThatSayWhatWasExpected() {
        assertThatThrownBy(() -> HostPort.parse("relay")).hasMessage("address: 'relay' has no port (expected: host:port)");
        assertThatThrownBy(() -> HostPort.parse("relay:http")).hasMessage("port: 'http' in 'relay:http' (expected: 0..65535)");
        assertThatThrownBy(() -> HostPort.parse("relay:70000")).hasMessage("port: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> HostPort.parse("::1:80")).hasMessageContaining("IPv6 in brackets");
        assertThatThrownBy(() -> HostPort.parse(" ")).hasMessageContaining("empty");
    }
}
