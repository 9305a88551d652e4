package dev.warren.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceAllowListTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void blocksMatchByPrefixForV4AndV6() throws Exception {
        SourceAllowList allow = SourceAllowList.parse(List.of("10.0.0.0/24,127.0.0.1/32", "fd00::/8"));
        assertThat(allow.allows(ip("10.0.0.7"))).isTrue();
        assertThat(allow.allows(ip("10.0.1.7"))).isFalse();
        assertThat(allow.allows(ip("127.0.0.1"))).isTrue();
        assertThat(allow.allows(ip("127.0.0.2"))).isFalse();
        assertThat(allow.allows(ip("fd12::1"))).isTrue();
        assertThat(allow.allows(ip("fe80::1"))).isFalse();
        assertThat(allow.allows(ip("::ffff:10.0.0.9"))).as("an IPv4-mapped address is its IPv4 address").isTrue();
        assertThat(allow.toString()).isEqualTo("10.0.0.0/24,127.0.0.1/32,fd00::/8");
        assertThat(SourceAllowList.parse(List.of("192.0.2.5")).allows(ip("192.0.2.5"))).as("bare address: /32").isTrue();
        assertThat(SourceAllowList.parse(List.of("0.0.0.0/0")).allows(ip("198.51.100.1"))).isTrue();
    }

    @Test
    void badListsAreRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> SourceAllowList.parse(List.of())).hasMessageStartingWith("allow-list: empty");
        assertThatThrownBy(() -> SourceAllowList.parse(List.of("example.com/24")))
                .hasMessageContaining("no host names");
        assertThatThrownBy(() -> SourceAllowList.parse(List.of("10.0.0.0/33")))
                .hasMessage("CIDR: '10.0.0.0/33' (expected: a prefix length 0..32)");
        assertThatThrownBy(() -> SourceAllowList.parse(List.of("10.0.0.1/24")))
                .hasMessage("CIDR: '10.0.0.1/24' has host bits set (expected: the network address, e.g. 10.0.0.0/24)");
        assertThatThrownBy(() -> SourceAllowList.parse(List.of("10.0.0.0/x"))).hasMessageContaining("prefix length");
    }
}
