package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.agent.Agent;
import dev.warren.client.LocalForwarder;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.relay.OperationsConfig;
import dev.warren.relay.backup.RelayBackup;
import dev.warren.testing.TempDirs;
import dev.warren.testing.TestAgents;
import dev.warren.testing.TestRelay;
import dev.warren.testing.net.EchoServer;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Backups of a running relay restored into a fresh one: the enrolled device still authenticates (same CA, same
 * registry) and a stream through the restored relay works; encrypted backups, refusals and the schedule's retention.
 */
@Timeout(120)
class BackupRestoreTest {
    private static final char[] PASSPHRASE = "a long backup passphrase".toCharArray();
    private Path root;

    @BeforeEach
    void dir() throws IOException {
        root = Files.createTempDirectory("warren-backup-");
    }

    @AfterEach
    void clean() throws IOException {
        TempDirs.delete(root);
    }

    private static void assertEchoes(TestRelay relay, String device) throws Exception {
        try (OperatorClient admin = new OperatorClient(relay.admin());
                LocalForwarder forwarder = LocalForwarder.start(admin, new HostPort("127.0.0.1", 0), device, "echo",
                        r -> { });
                Socket s = Wire.connect(forwarder.port())) {
            byte[] data = Wire.random(10_000, 1);
            s.getOutputStream().write(data);
            assertThat(s.getInputStream().readNBytes(data.length)).isEqualTo(data);
        }
    }

    @Test
    void anOnlineEncryptedBackupRestoredIntoAFreshRelayLetsTheDeviceBackIn() throws Exception {
        Path backup = root.resolve("out/relay.wbk");
        int port;
        String deviceId;
        try (EchoServer echo = EchoServer.start(200)) {
            TestRelay first = TestRelay.start(root.resolve("first"));
            port = first.address().port();
            Agent agent = TestAgents.start(first, "dev-b", root.resolve("agent"),
                    Map.of("echo", new HostPort("127.0.0.1", echo.port())));
            try {
                await().atMost(Duration.ofSeconds(10)).until(agent::connected);
                assertEchoes(first, "dev-b");
                deviceId = first.admin(HttpMethod.GET, "/api/v1/devices/dev-b", null, 200).path("id").asText();

                RelayBackup.Made made = RelayBackup.backup(root.resolve("first"), backup, PASSPHRASE,
                        Clock.systemUTC());
                assertThat(made.online()).as("taken by the running relay").isTrue();
                assertThat(made.encrypted()).isTrue();
                assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
                assertThat(Files.readAllBytes(backup)).startsWith("WRNBAK01".getBytes());
                assertThatThrownBy(() -> RelayBackup.restore(backup, root.resolve("first"), PASSPHRASE, true,
                        Clock.systemUTC(), s -> { })).hasMessageContaining("a relay is running on");
                first.close();

                Path fresh = root.resolve("fresh");
                assertThatThrownBy(() -> RelayBackup.restore(backup, fresh, "not the passphrase".toCharArray(), false,
                        Clock.systemUTC(), s -> { })).hasMessageStartingWith("wrong passphrase or damaged file");
                assertThat(fresh.resolve("store")).as("nothing written before every check passed").doesNotExist();
                RelayBackup.Restored restored = RelayBackup.restore(backup, fresh, PASSPHRASE, false, Clock.systemUTC(),
                        s -> { });
                assertThat(restored.setAside()).isNull();

                TestRelay second = TestRelay.start(fresh, c -> c.withListen(new HostPort("127.0.0.1", port)));
                try {
                    await().atMost(Duration.ofSeconds(20)).until(agent::connected);
                    await().atMost(Duration.ofSeconds(10)).until(() -> second.admin(HttpMethod.GET,
                            "/api/v1/devices/dev-b", null, 200).path("online").asBoolean());
                    JsonNode device = second.admin(HttpMethod.GET, "/api/v1/devices/dev-b", null, 200);
                    assertThat(device.path("id").asText()).isEqualTo(deviceId);
                    assertEchoes(second, "dev-b");
                    assertThat(second.server().caPin()).isEqualTo(first.server().caPin());
                } finally {
                    second.close();
                }
            } finally {
                agent.close();
            }
        }
    }

    @Test
    void aBackupOfAStoppedRelayPlainAndARestoreThatRefusesANonEmptyDirectoryUnlessForced() throws Exception {
        TestRelay relay = TestRelay.start(root.resolve("r"));
        String device = relay.admin(HttpMethod.POST, "/api/v1/enroll-tokens", Map.of("ttlSeconds", 60, "uses", 1), 201)
                .path("id").asText();
        relay.close();
        Path backup = root.resolve("plain.wbk");
        RelayBackup.Made made = RelayBackup.backup(root.resolve("r"), backup, null, Clock.systemUTC());
        assertThat(made.online()).isFalse();
        assertThat(made.encrypted()).isFalse();
        assertThatThrownBy(() -> RelayBackup.restore(backup, root.resolve("r"), null, false, Clock.systemUTC(),
                s -> { })).isInstanceOf(RelayBackup.RestoreRefused.class).hasMessageContaining("is not empty")
                .hasMessageContaining("--force");
        RelayBackup.Restored forced = RelayBackup.restore(backup, root.resolve("r"), null, true, Clock.systemUTC(),
                s -> { });
        assertThat(forced.setAside()).isDirectory();
        assertThat(forced.setAside().resolve("ca.key")).exists();
        TestRelay again = TestRelay.start(root.resolve("r"));
        try {
            assertThat(again.admin(HttpMethod.GET, "/api/v1/enroll-tokens", null, 200).findValuesAsText("id"))
                    .contains(device);
        } finally {
            again.close();
        }
        Files.writeString(root.resolve("junk.wbk"), "not a backup");
        assertThatThrownBy(() -> RelayBackup.restore(root.resolve("junk.wbk"), root.resolve("new"), null, false,
                Clock.systemUTC(), s -> { })).hasMessageStartingWith("not a Warren backup");
    }

    @Test
    void scheduledBackupsKeepTheNewestN() throws Exception {
        Path dir = root.resolve("backups");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("unrelated.txt"), "kept");
        Path passphrase = root.resolve("pass");
        Files.writeString(passphrase, new String(PASSPHRASE) + "\n");
        TestRelay relay = TestRelay.start(root.resolve("sched"), c -> c.withOperations(OperationsConfig.DEFAULTS
                .withBackups(new OperationsConfig.Backups(Duration.ofHours(6), 2, dir, passphrase))));
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(relay.server().backupNow()).isPresent();
                Thread.sleep(5); // names differ by the millisecond
            }
        } finally {
            relay.close();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).hasSize(3)
                    .contains("unrelated.txt").allMatch(n -> n.equals("unrelated.txt") || n.matches(
                            "warren-backup-\\d{8}T\\d{9}Z\\.wbk"));
        }
    }
}
