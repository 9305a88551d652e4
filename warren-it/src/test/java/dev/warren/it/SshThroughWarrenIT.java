package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.testing.TempDirs;
import dev.warren.testing.net.Checksums;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.FreePorts;
import dev.warren.testing.net.RandomFiles;
import dev.warren.testing.openssh.OpenSshServer;
import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.SshCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * User stories 1 and 2 end to end with the real {@code warren} jar and real OpenSSH: a relay, an agent enrolled with a
 * one-time token exposing a real sshd, and stock ssh/scp/sftp with {@code ProxyCommand warren connect --stdio}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshThroughWarrenIT {
    static Path dir;
    static WarrenCli cli;
    static OpenSshServer sshd;
    static EchoServer echo;
    static int relayPort;
    static Process relay;
    static Process agent;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("warren-e2e-");
        cli = new WarrenCli(dir);
        sshd = OpenSshServer.start(dir.resolve("sshd"));
        echo = EchoServer.start();
        relayPort = FreePorts.next();
        relay = cli.startRelay("relay", "relay-data", relayPort);
        cli.asAdminOf(relayPort, "relay-data");

        ProcessResult created = cli.run(Duration.ofSeconds(60), "admin", "enroll-token", "create", "--ttl", "10m", "--uses", "1");
        assertThat(created.exitCode()).as(created.describe()).isZero();
        String[] lines = created.stdout().strip().split("\n");
        String token = lines[lines.length - 1];
        assertThat(token).startsWith("wet1.");

        ProcessResult enrolled = cli.run(Duration.ofSeconds(60), "agent", "enroll", "--relay", "127.0.0.1:" + relayPort,
                "--token", token, "--name", "dev-42", "--data", "agent-data");
        assertThat(enrolled.exitCode()).as(enrolled.describe()).isZero();
        ProcessResult reused = cli.run(Duration.ofSeconds(60), "agent", "enroll", "--relay", "127.0.0.1:" + relayPort,
                "--token", token, "--name", "dev-43", "--data", "agent-data-2");
        assertThat(reused.exitCode()).as("a used token is refused").isEqualTo(4);
        assertThat(reused.stderr()).contains("already used (1 of 1 uses)");

        agent = startAgent();
        cli.awaitOnline("dev-42", true);
    }

    static Process startAgent() throws Exception {
        return cli.start("agent", "agent", "run", "--data", "agent-data", "--keepalive", "1s",
                "--service", "ssh=127.0.0.1:" + sshd.port(), "--service", "echo=127.0.0.1:" + echo.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cli != null) {
            cli.close();
        }
        if (sshd != null) {
            sshd.close();
        }
        if (echo != null) {
            echo.close();
        }
        TempDirs.delete(dir);
    }

    private static SshCommand through(SshCommand command) {
        SshCommand c = command.forServer(sshd, "dev-42").proxyCommand(WarrenCli.commandLine() + " connect --stdio %h ssh")
                .connectTimeout(Duration.ofSeconds(30));
        return c;
    }

    private static ProcessResult run(SshCommand command, Duration timeout) {
        ProcessBuilder pb = command.processBuilder().directory(dir.toFile());
        pb.environment().putAll(cli.environment());
        return dev.warren.testing.openssh.Processes.run(pb, timeout);
    }

    @Test
    @Order(1)
    void sshRunsACommandThroughConnectStdio() {
        ProcessResult r = run(through(SshCommand.ssh()).remoteCommand("echo", "hello", "from", "dev-42"), Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout().strip()).isEqualTo("hello from dev-42");
    }

    @Test
    @Order(2)
    void scpCopiesFiftyMegabytesBothWaysIntact() throws Exception {
        Path up = RandomFiles.create(dir.resolve("up.bin"), 50L << 20, 42);
        Path back = dir.resolve("back.bin");
        String remote = dir.resolve("remote.bin").toString();
        ProcessResult put = run(through(SshCommand.scp()).upload(up, remote), Duration.ofMinutes(3));
        assertThat(put.exitCode()).as(put.describe()).isZero();
        assertThat(Checksums.sha256(Path.of(remote))).isEqualTo(Checksums.sha256(up));
        ProcessResult get = run(through(SshCommand.scp()).download(remote, back), Duration.ofMinutes(3));
        assertThat(get.exitCode()).as(get.describe()).isZero();
        assertThat(Checksums.sha256(back)).isEqualTo(Checksums.sha256(up));
    }

    @Test
    @Order(3)
    void sftpPutsAndGets() throws Exception {
        Path file = RandomFiles.create(dir.resolve("sftp.bin"), 2L << 20, 7);
        Path batch = dir.resolve("batch.txt");
        Files.writeString(batch, "put " + file + " " + dir.resolve("sftp-remote.bin") + "\nget "
                + dir.resolve("sftp-remote.bin") + " " + dir.resolve("sftp-back.bin") + "\n");
        ProcessResult r = run(through(SshCommand.sftp()).batch(batch), Duration.ofMinutes(2));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(Checksums.sha256(dir.resolve("sftp-back.bin"))).isEqualTo(Checksums.sha256(file));
    }

    @Test
    @Order(4)
    void warrenSshRunsTheSystemSsh() {
        ProcessResult r = cli.run(Duration.ofSeconds(60), "ssh", "-o", "BatchMode=yes", "-F", "/dev/null",
                "-i", sshd.clientKey().toString(), "-o", "IdentitiesOnly=yes",
                "-o", "UserKnownHostsFile=" + sshd.knownHostsFile("dev-42"), "-o", "HostKeyAlias=dev-42",
                "-o", "StrictHostKeyChecking=yes", sshd.user() + "@dev-42", "echo", "via", "warren", "ssh");
        // `warren ssh` puts its own options first: ssh takes options before the destination
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout().strip()).isEqualTo("via warren ssh");
    }

    @Test
    @Order(5)
    void twentyParallelStreamsThroughConnectListenKeepTheirBytes() throws Exception {
        int port = FreePorts.next();
        cli.start("connect-echo", "connect", "dev-42", "echo", "--listen", "127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(30)).until(() -> cli.log("connect-echo").contains("listening on"));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] data = Wire.random(1_000_000 + i * 50_000, i);
            results.add(pool.submit(() -> Wire.sha256(Wire.roundTrip(port, data)).equals(Wire.sha256(data))));
        }
        for (Future<Boolean> f : results) {
            assertThat(f.get()).isTrue();
        }
        pool.shutdown();
    }

    @Test
    @Order(6)
    void aRefusedStreamPrintsTheReasonAndExitsNonZero() {
        ProcessResult unknownDevice = cli.run(Duration.ofSeconds(60), "connect", "dev-99", "ssh", "--stdio");
        assertThat(unknownDevice.exitCode()).isEqualTo(3);
        assertThat(unknownDevice.stderr()).contains("no device named 'dev-99'");
        ProcessResult unknownService = cli.run(Duration.ofSeconds(60), "connect", "dev-42", "postgres", "--stdio");
        assertThat(unknownService.exitCode()).isEqualTo(3);
        assertThat(unknownService.stderr()).contains("does not expose service 'postgres' (it exposes: echo, ssh)");
        assertThat(unknownService.stdout()).as("nothing but the tunnel on stdout").isEmpty();
    }

    @Test
    @Order(7)
    void sessionsAreRecordedWithBytesEachWay() {
        ProcessResult r = cli.run(Duration.ofSeconds(60), "admin", "sessions", "--device", "dev-42", "--json");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("\"service\" : \"ssh\"").contains("\"operator\" : \"admin\"")
                .contains("\"closeReason\" : \"closed\"");
    }

    @Test
    @Order(8)
    void aRestartedRelayGetsItsAgentBack() throws Exception {
        relay.destroy();
        assertThat(relay.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        relay = cli.startRelay("relay", "relay-data", relayPort);
        cli.awaitOnline("dev-42", true);
        ProcessResult r = run(through(SshCommand.ssh()).remoteCommand("echo", "back"), Duration.ofSeconds(60));
        assertThat(r.stdout().strip()).as(r.describe()).isEqualTo("back");
    }

    @Test
    @Order(9)
    void aKilledAgentShowsOfflineWithinTheKeepaliveTimeout() throws Exception {
        Instant killed = Instant.now();
        agent.destroyForcibly();
        agent.waitFor();
        // each poll is a CLI run (a JVM start, seconds on a busy machine): wait generously, then measure on the
        // relay's own clock when it marked the device gone
        cli.awaitOnline("dev-42", false);
        ProcessResult audit = cli.run(Duration.ofSeconds(60), "admin", "audit", "--device", "dev-42", "--action",
                "device.disconnect", "--json");
        assertThat(audit.exitCode()).as(audit.describe()).isZero();
        Instant gone = Instant.parse(new ObjectMapper().readTree(audit.stdout()).get(0).path("at").asText());
        assertThat(Duration.between(killed, gone)).as("the relay saw the agent gone "
                + Duration.between(killed, gone).toMillis() + " ms after the kill").isLessThan(Duration.ofSeconds(10));
        agent = startAgent();
        cli.awaitOnline("dev-42", true);
    }

    @Test
    @Order(10)
    void aLogoutIsRecordedAsACleanEnd() throws Exception {
        // at exit ssh closes its ProxyCommand's stdin and at once sends it SIGHUP: the stop must not cut the stream
        // whose ends are already on their way, or the relay records every logout as CANCELLED
        int logouts = 5;
        Instant since = Instant.now(); // the sessions of the tests before started earlier
        for (int i = 0; i < logouts; i++) {
            ProcessResult r = run(through(SshCommand.ssh()).remoteCommand("exit", "0"), Duration.ofSeconds(60));
            assertThat(r.exitCode()).as(r.describe()).isZero();
        }
        ObjectMapper json = new ObjectMapper();
        List<String> reasons = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ProcessResult sessions = cli.run(Duration.ofSeconds(60), "admin", "sessions", "--device", "dev-42",
                    "--since", since.toString(), "--json");
            assertThat(sessions.exitCode()).as(sessions.describe()).isZero();
            reasons.clear();
            json.readTree(sessions.stdout()).forEach(s -> reasons.add(s.path("closeReason").asText(null)));
            return reasons.size() == logouts && !reasons.contains(null);
        });
        assertThat(reasons).as("why each logout ended").containsOnly("closed");
    }
}
