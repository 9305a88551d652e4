package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.testing.TempDirs;
import dev.warren.testing.net.FreePorts;
import dev.warren.testing.openssh.OpenSshServer;
import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.SshCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 7's operations end to end with the real {@code warren} jar and real OpenSSH: a device's ssh published on a
 * relay port and reached with stock ssh, refused from a source outside the allow-list, audited as sessions, kept over
 * a restart; /metrics scraped from the jar; an online backup taken with {@code warren relay backup} from the running
 * relay, restored with {@code warren relay restore}, and a relay started from it admits the device again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishedPortsAndOperationsIT {
    static Path dir;
    static WarrenCli cli;
    static OpenSshServer sshd;
    static int relayPort;
    static int publishedPort;
    static int metricsPort;
    static Process relay;
    static Process agent;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("warren-ops-e2e-");
        cli = new WarrenCli(dir);
        sshd = OpenSshServer.start(dir.resolve("sshd"));
        relayPort = FreePorts.next();
        publishedPort = FreePorts.next();
        metricsPort = FreePorts.next();
        relay = startRelay("relay", "relay-data");
        cli.asAdminOf(relayPort, "relay-data");
        ProcessResult created = cli.run(Duration.ofSeconds(60), "admin", "enroll-token", "create", "--ttl", "10m",
                "--uses", "1");
        assertThat(created.exitCode()).as(created.describe()).isZero();
        String[] lines = created.stdout().strip().split("\n");
        ProcessResult enrolled = cli.run(Duration.ofSeconds(60), "agent", "enroll", "--relay", "127.0.0.1:" + relayPort,
                "--token", lines[lines.length - 1], "--name", "dev-p", "--data", "agent-data");
        assertThat(enrolled.exitCode()).as(enrolled.describe()).isZero();
        agent = cli.start("agent", "agent", "run", "--data", "agent-data", "--keepalive", "1s",
                "--service", "ssh=127.0.0.1:" + sshd.port());
        cli.awaitOnline("dev-p", true);
    }

    static Process startRelay(String log, String data) throws Exception {
        return cli.startRelay(log, data, relayPort, "--publish-range", publishedPort + "-" + publishedPort,
                "--publish-bind", "127.0.0.1", "--publish-allow", "127.0.0.1/32", "--metrics-listen",
                "127.0.0.1:" + metricsPort);
    }

    static void stop(Process p) throws Exception {
        p.destroy();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (cli != null) {
            cli.close();
        }
        if (sshd != null) {
            sshd.close();
        }
        TempDirs.delete(dir);
    }

    /** Stock ssh straight to the published port, optionally from another source address. */
    static ProcessResult ssh(String bindAddress) {
        SshCommand c = SshCommand.ssh().forServer(sshd, "dev-p").port(publishedPort)
                .connectTimeout(Duration.ofSeconds(60));
        if (bindAddress != null) {
            c.option("BindAddress", bindAddress);
        }
        c.remoteCommand("echo", "hello", "through", "a", "published", "port");
        ProcessBuilder pb = c.processBuilder().directory(dir.toFile());
        return dev.warren.testing.openssh.Processes.run(pb, Duration.ofSeconds(120));
    }

    @Test
    @Order(1)
    void publishingNeedsTheRangeAndRefusesAPortOutsideIt() {
        ProcessResult outside = cli.run(Duration.ofSeconds(60), "admin", "publish", "create", "dev-p", "ssh",
                "--port", String.valueOf(publishedPort + 1));
        assertThat(outside.exitCode()).as(outside.describe()).isNotZero();
        assertThat(outside.stderr()).contains("expected: within --publish-range " + publishedPort + "-" + publishedPort);

        ProcessResult created = cli.run(Duration.ofSeconds(60), "admin", "publish", "create", "dev-p", "ssh");
        assertThat(created.exitCode()).as(created.describe()).isZero();
        assertThat(created.stdout().strip()).isEqualTo(String.valueOf(publishedPort));
        ProcessResult list = cli.run(Duration.ofSeconds(60), "admin", "publish", "list");
        assertThat(list.stdout()).contains(String.valueOf(publishedPort)).contains("dev-p").contains("listening");
    }

    @Test
    @Order(2)
    void stockSshReachesTheDeviceThroughThePublishedPortAndIsAudited() {
        ProcessResult r = ssh(null);
        assertThat(r.exitCode()).as(r.describe() + "\nsshd: " + sshd.logTail(20)).isZero();
        assertThat(r.stdout()).contains("hello through a published port");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ProcessResult sessions = cli.run(Duration.ofSeconds(60), "admin", "sessions", "--device", "dev-p", "--json");
            assertThat(sessions.stdout()).contains("\"operator\" : \"published:" + publishedPort + "\"")
                    .contains("\"closeReason\" : \"closed\"");
        });
    }

    @Test
    @Order(3)
    void aSourceOutsideTheAllowListIsRefused() {
        ProcessResult r = ssh("127.0.0.2");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ProcessResult audit = cli.run(Duration.ofSeconds(60), "admin", "audit", "--action", "session.open",
                    "--json");
            assertThat(audit.stdout()).contains("source 127.0.0.2 is not in the published ports' allow-list");
        });
        assertThat(cli.log("relay")).contains("published port " + publishedPort + " refused a connection from 127.0.0.2");
    }

    @Test
    @Order(4)
    void metricsAreServedByTheJar() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        PrometheusText m = PrometheusText.parse(r.body());
        assertThat(m.value("warren_devices_online")).isEqualTo(1);
        assertThat(m.value("warren_streams_total")).isGreaterThanOrEqualTo(1);
        assertThat(m.value("warren_stream_refusals_total", "reason=\"FORBIDDEN\"")).isGreaterThanOrEqualTo(1);
        assertThat(m.value("jvm_threads_live_threads")).isGreaterThan(0);
    }

    @Test
    @Order(5)
    void thePublicationSurvivesARestart() throws Exception {
        stop(relay);
        relay = startRelay("relay-restarted", "relay-data");
        cli.awaitOnline("dev-p", true);
        ProcessResult r = ssh(null);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("hello through a published port");
    }

    @Test
    @Order(6)
    void anOnlineBackupFromTheCliRestoresIntoAFreshRelayThatAdmitsTheDevice() throws Exception {
        Files.writeString(dir.resolve("pass"), "a passphrase for the e2e backup\n");
        ProcessResult backup = cli.run(Duration.ofSeconds(60), "relay", "backup", "--data", "relay-data", "--to",
                "backups/relay.wbk", "--passphrase-file", "pass");
        assertThat(backup.exitCode()).as(backup.describe()).isZero();
        assertThat(backup.stderr()).contains("online, from the running relay").contains("encrypted");
        assertThat(backup.stderr() + backup.stdout()).doesNotContain("a passphrase for the e2e backup");
        stop(relay);

        ProcessResult refused = cli.run(Duration.ofSeconds(60), "relay", "restore", "--from", "backups/relay.wbk",
                "--data", "relay-data", "--passphrase-file", "pass");
        assertThat(refused.exitCode()).as("a usage error").isEqualTo(2);
        assertThat(refused.stderr()).contains("is not empty").contains("--force");
        ProcessResult restored = cli.run(Duration.ofSeconds(60), "relay", "restore", "--from", "backups/relay.wbk",
                "--data", "restored-data", "--passphrase-file", "pass");
        assertThat(restored.exitCode()).as(restored.describe()).isZero();

        relay = startRelay("relay-restored", "restored-data");
        cli.awaitOnline("dev-p", true);
        ProcessResult r = ssh(null);
        assertThat(r.exitCode()).as("the published port came back with the store: " + r.describe()).isZero();
    }

    @Test
    @Order(7)
    void unpublishingClosesThePort() {
        ProcessResult deleted = cli.run(Duration.ofSeconds(60), "admin", "publish", "delete",
                String.valueOf(publishedPort));
        assertThat(deleted.exitCode()).as(deleted.describe()).isZero();
        assertThat(ssh(null).exitCode()).isEqualTo(255);
    }
}
