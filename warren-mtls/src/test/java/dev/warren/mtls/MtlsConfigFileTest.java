package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MtlsConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void severalTunnelsWithPathsRelativeToTheFile() throws Exception {
        Path file = write("""
                status: 127.0.0.1:9100
                reload-check: 5s
                tunnels:
                  - name: controller
                    mode: reverse
                    listen: 0.0.0.0:2021
                    connect: unix:/run/bluechi/bluechi.sock
                    cert: pki/node1.crt
                    key: pki/node1.key
                    ca: pki/ca.crt
                    allow-names: [node2, "spiffe://plant/*"]
                    proxy-protocol: true
                  - name: agent
                    mode: forward
                    listen: unix:/run/bluechi/agent.sock
                    socket-mode: "0660"
                    tls-groups: [X25519MLKEM768, X25519]
                    connect: controller.example:2021
                    cert: pki/node2.crt
                    key: pki/node2.key
                    ca: pki/ca.crt
                """);
        MtlsConfig config = MtlsConfigFile.read(file);
        assertThat(config.status().port()).isEqualTo(9100);
        assertThat(config.reloadCheck()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.tunnels()).hasSize(2);
        TunnelConfig rev = config.tunnels().get(0);
        assertThat(rev.certificate()).isEqualTo(dir.resolve("pki/node1.crt"));
        assertThat(rev.allowNames()).extracting(PeerNamePattern::pattern).containsExactly("node2", "spiffe://plant/*");
        assertThat(rev.proxyProtocol()).isTrue();
        TunnelConfig fwd = config.tunnels().get(1);
        assertThat(fwd.expectedServerName()).isEqualTo("controller.example");
        assertThat(fwd.socket().permissions()).hasSize(4);
        assertThat(fwd.tlsGroups()).containsExactly("X25519MLKEM768", "X25519");
        assertThat(rev.tlsGroups()).isEmpty();
    }

    @Test
    void unknownKeysAndMissingAllowListsAreRefusedWithTheirPlace() throws Exception {
        assertThatThrownBy(() -> MtlsConfigFile.read(write("""
                tunnels:
                  - mode: reverse
                    listn: 0.0.0.0:2021
                """))).hasMessageContaining("line 3: unknown key 'listn'").hasMessageContaining("allow-names");
        // Jackson's words reached the user: Cannot deserialize value of type `java.util.ArrayList<...$Tunnel>` ...
        assertThatThrownBy(() -> MtlsConfigFile.read(write("tunnels: x\n")))
                .hasMessageEndingWith("line 1: tunnels: expected a list, e.g. [a, b]");
        assertThatThrownBy(() -> MtlsConfigFile.read(write("tunnels:\n  - mode: forward\n    proxy-protocol: maybe\n")))
                .hasMessageEndingWith("line 3: tunnels[1].proxy-protocol: expected true or false (got 'maybe')");
        assertThatThrownBy(() -> MtlsConfigFile.read(write(""))).hasMessageEndingWith("no tunnels (expected: a 'tunnels:' list)");
        assertThatThrownBy(() -> MtlsConfigFile.read(write("""
                tunnels:
                  - name: ctl
                    mode: reverse
                    listen: 0.0.0.0:2021
                    connect: unix:/run/x.sock
                    cert: a.crt
                    key: a.key
                    ca: ca.crt
                """))).hasMessageContaining("tunnel ctl: reverse with no allow-name");
        assertThatThrownBy(() -> MtlsConfigFile.read(write("""
                tunnels:
                  - name: f
                    mode: forward
                    listen: 127.0.0.1:1
                    connect: unix:/run/x.sock
                    cert: a.crt
                    key: a.key
                    ca: ca.crt
                """))).hasMessageContaining("tunnel f: forward to a Unix socket needs server-name");
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("mtls.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
