package dev.warren.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.common.net.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxySelectionTest {
    private static final HostPort RELAY = new HostPort("relay.example.com", 443);

    @Test
    void parsesHttpAndSocksUrlsWithEncodedCredentialsAndNeverShowsThePassword() {
        ProxySpec http = ProxySpec.parse("http://plant%20b:p%40ss:w0rd@gw.local:8080");
        assertThat(http.kind()).isEqualTo(ProxySpec.Kind.HTTP);
        assertThat(http.address()).isEqualTo(new HostPort("gw.local", 8080));
        assertThat(http.username()).isEqualTo("plant b");
        assertThat(http.password()).isEqualTo("p@ss:w0rd");
        assertThat(http.toString()).isEqualTo("http://plant b:***@gw.local:8080").doesNotContain("w0rd");
        assertThat(ProxySpec.parse("socks5h://[::1]").address()).isEqualTo(new HostPort("::1", 1080));
        assertThat(ProxySpec.parse("gw:3128").kind()).isEqualTo(ProxySpec.Kind.HTTP);
        assertThat(ProxySpec.parse("http://gw").address().port()).isEqualTo(3128);
    }

    @Test
    void refusesWhatItCannotUseAndHidesThePasswordInTheError() {
        assertThatThrownBy(() -> ProxySpec.parse("ftp://u:secret@gw:21")).hasMessageContaining("scheme 'ftp'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThatThrownBy(() -> ProxySpec.parse("https://gw:443")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> ProxySpec.parse("http://user@gw:3128")).hasMessageContaining("without password");
        assertThatThrownBy(() -> ProxySpec.parse("http://gw:3128/path")).hasMessageContaining("path");
        assertThat(ProxySpec.redact("http://u:pa/ss@w:rd@gw:3128")).isEqualTo("http://u:***@gw:3128");
    }

    @Test
    void theFlagWinsThenHttpsProxyUnlessNoProxyNamesTheRelay() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://env-gw:3128", "NO_PROXY", "localhost,.internal");
        assertThat(ProxySelection.choose("socks5://flag:1080", null, env, RELAY).address().host()).isEqualTo("flag");
        assertThat(ProxySelection.choose(null, null, env, RELAY).address().host()).isEqualTo("env-gw");
        assertThat(ProxySelection.choose("none", null, env, RELAY)).isNull();
        assertThat(ProxySelection.choose(null, null, env, new HostPort("relay.internal", 443))).isNull();
        assertThat(ProxySelection.choose(null, null, Map.of("https_proxy", "gw:1"), RELAY)).isNotNull();
        assertThat(ProxySelection.choose(null, null, Map.of(), RELAY)).isNull();
    }

    @Test
    void noProxyMatchesNamesSuffixesWildcardsAndPorts() {
        assertThat(ProxySelection.bypassed("example.com", "relay.example.com")).isTrue();
        assertThat(ProxySelection.bypassed("*.example.com", "relay.example.com")).isTrue();
        assertThat(ProxySelection.bypassed(".example.com", "example.com")).isTrue();
        assertThat(ProxySelection.bypassed("relay.example.com:443", "relay.example.com")).isTrue();
        assertThat(ProxySelection.bypassed("*", "anything")).isTrue();
        assertThat(ProxySelection.bypassed("ample.com,10.0.0.1", "relay.example.com")).isFalse();
        assertThat(ProxySelection.bypassed("10.0.0.1", "10.0.0.1")).isTrue();
        assertThat(ProxySelection.bypassed("localhost, 10.0.0.0/8", "10.42.2.1")).isTrue();
        assertThat(ProxySelection.bypassed("10.0.0.0/8", "11.0.0.1")).isFalse();
        assertThat(ProxySelection.bypassed("10.0.0.0/8", "relay.example.com")).isFalse();
        assertThat(ProxySelection.bypassed("fd00::/8", "fd12::1")).isTrue();
    }

    @Test
    void credentialsComeFromAnOwnerOnlyFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("proxy.cred"), "plant-b:s3cret:x\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ProxySpec spec = ProxySelection.choose("http://old:old@gw:3128", file, Map.of(), RELAY);
        assertThat(spec.username()).isEqualTo("plant-b");
        assertThat(spec.password()).isEqualTo("s3cret:x");
        assertThat(ProxyCredentials.read(file).toString()).doesNotContain("s3cret");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ProxySelection.choose("http://gw:3128", file, Map.of(), RELAY))
                .hasMessageContaining("readable by others").hasMessageContaining("chmod 600");
        assertThatThrownBy(() -> ProxySelection.choose(null, dir.resolve("x"), Map.of(), RELAY))
                .hasMessageContaining("no proxy");
    }
}
