package dev.warren.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Destination rules, networks and the credential cache, without sockets. */
class RulesTest {
    @Test
    void wildcardsMatchNamesBelowTheDomainOnly() {
        DestinationRule r = DestinationRule.parse("*.relay.example.com:443");
        assertThat(r.matchesName("eu.relay.example.com", 443)).isTrue();
        assertThat(r.matchesName("EU.Relay.Example.com", 443)).isTrue();
        assertThat(r.matchesName("relay.example.com", 443)).isFalse();
        assertThat(r.matchesName("evilrelay.example.com", 443)).isFalse();
        assertThat(r.matchesName("eu.relay.example.com", 444)).isFalse();
        assertThat(r.matchesName("eu.relay.example.com.attacker.net", 443)).isFalse();
    }

    @Test
    void networksMatchAddressesAndBadRulesAreRefused() throws Exception {
        DestinationRule v4 = DestinationRule.parse("10.1.0.0/16:7443");
        assertThat(v4.matchesAddress(InetAddress.getByName("10.1.200.3"), 7443)).isTrue();
        assertThat(v4.matchesAddress(InetAddress.getByName("10.2.0.1"), 7443)).isFalse();
        assertThat(v4.matchesName("10.1.0.1", 7443)).isFalse();
        DestinationRule v6 = DestinationRule.parse("[fd00::/8]:443");
        assertThat(v6.matchesAddress(InetAddress.getByName("fd12::1"), 443)).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("::ffff:10.9.9.9"))).isTrue();
        assertThat(Cidr.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
        for (String bad : List.of("relay", "relay:", "a.*.com:443", "*:443", "relay:0", "relay:x", "10.0.0.0/33:1")) {
            assertThatThrownBy(() -> DestinationRule.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("not a name");
    }

    @Test
    void theCacheRunsBcryptOncePerCredentialAndAReloadInvalidatesIt() {
        String hash = org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("2y", "pw-one".toCharArray(),
                new byte[16], 5);
        Map<String, PasswordHash>[] users = new Map[] {Map.of("u", PasswordHash.parse(hash))};
        Authenticator a = new Authenticator(() -> users[0]);
        assertThat(a.quickCheck("u", "pw-one")).isNull();
        assertThat(a.check("u", "pw-one")).isTrue();
        assertThat(a.quickCheck("u", "pw-one")).isTrue();
        assertThat(a.check("u", "wrong")).isFalse();
        assertThat(a.quickCheck("u", "wrong")).isFalse(); // a wrong password is cached too: retrying it costs no bcrypt
        assertThat(a.check("nobody", "pw-one")).isFalse();
        assertThat(a.quickCheck("nobody", "pw-one")).isFalse();
        users[0] = Map.of("u", PasswordHash.parse(org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("2b",
                "pw-two".toCharArray(), new byte[16], 5)));
        assertThat(a.quickCheck("u", "pw-one")).isNull();
        assertThat(a.check("u", "pw-one")).isFalse();
        assertThat(a.check("u", "pw-two")).isTrue();
    }

    @Test
    void hashesNeverShowInStrings() {
        assertThat(PasswordHash.parse("plain-secret").toString()).doesNotContain("plain-secret");
        assertThat(PasswordHash.parse("{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=").toString()).doesNotContain("W6ph");
    }
}
