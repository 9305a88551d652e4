package dev.warren.it;

import static dev.warren.it.WarrenCli.lastLine;
import static dev.warren.it.WarrenCli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.store.PostgresFixture;
import dev.warren.testing.ExpiryRace;
import dev.warren.testing.TempDirs;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.FreePorts;
import dev.warren.testing.openssh.OpenSshServer;
import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.Processes;
import dev.warren.testing.openssh.SshCommand;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * User story 4's forwarders end to end with the real {@code warren} jar and a real PostgreSQL client: device plant-a
 * runs forwarders (from its YAML config) to plant-b's postgres and echo services; without a device-to-device grant the
 * local connection is closed at once and the refusal audited; with one, {@code psql} works through it and bytes travel
 * intact both ways with half-close; revoking the grant ends a running query's connection at once and expiry ends a
 * stream within a second; real ssh and scp (4 MiB, checksummed) work through a forwarder too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForwardersThroughWarrenIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static Path dir;
    static WarrenCli cli;
    static EchoServer echo;
    static int pgForward;
    static int echoForward;
    static int sshForward;
    static OpenSshServer sshd;
    /** The PostgreSQL behind plant-b's postgres service: the server on 127.0.0.1:5432, else an embedded one. */
    static java.net.URI pg;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("warren-forwarders-");
        cli = new WarrenCli(dir);
        echo = EchoServer.start(200);
        sshd = OpenSshServer.start(dir.resolve("sshd"));
        pg = java.net.URI.create(PostgresFixture.get().jdbcUrl("public").substring("jdbc:".length()));
        int relayPort = FreePorts.next();
        cli.startRelay("relay", "relay-data", relayPort);
        cli.asAdminOf(relayPort, "relay-data");
        for (String name : List.of("plant-a", "plant-b")) {
            cli.enroll(name, name, relayPort);
        }
        cli.start("plant-b", "agent", "run", "--data", "plant-b", "--keepalive", "1s",
                "--service", "postgres=" + pg.getHost() + ":" + pg.getPort(), "--service", "echo=127.0.0.1:" + echo.port(), "--service", "ssh=127.0.0.1:" + sshd.port());
        pgForward = FreePorts.next();
        echoForward = FreePorts.next();
        sshForward = FreePorts.next();
        Files.writeString(dir.resolve("plant-a.yaml"), "data: plant-a\nkeepalive: 1s\nforwards:\n"
                + "  - 127.0.0.1:" + pgForward + "=plant-b/postgres\n"
                + "  - 127.0.0.1:" + echoForward + "=plant-b/echo\n"
                + "  - 127.0.0.1:" + sshForward + "=plant-b/ssh\n");
        cli.start("plant-a", "agent", "run", "--config", "plant-a.yaml");
        for (String name : List.of("plant-a", "plant-b")) {
            cli.awaitOnline(name, true);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cli != null) {
            cli.close();
        }
        if (echo != null) {
            echo.close();
        }
        if (sshd != null) {
            sshd.close();
        }
        TempDirs.delete(dir);
    }

    static ProcessBuilder psql(String sql) {
        return new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", String.valueOf(pgForward), "-U", "postgres",
                "-d", database(), "-At", "-v", "ON_ERROR_STOP=1", "-c", sql).directory(dir.toFile());
    }

    static String database() {
        return pg.getPath().substring(1);
    }

    static String grant(String service, String duration) {
        return lastLine(ok(cli.run(Duration.ofSeconds(60), "admin", "grant", "create", "--from-device", "plant-a",
                "--device", "plant-b", "--service", service, "--for", duration, "--reason", "line 3 historian")));
    }

    @Test
    @Order(1)
    void withoutAGrantPsqlIsRefusedAtOnceAndTheRefusalIsAudited() throws Exception {
        Instant start = Instant.now();
        ProcessResult r = Processes.run(psql("select 1"), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
        // a device that holds no grant on plant-b is told what an operator would be: no such device
        await().atMost(Duration.ofSeconds(60)).until(() -> cli.log("plant-a")
                .contains("plant-b/postgres: refused: no device named 'plant-b' (NO_SUCH_DEVICE)"));
        JsonNode events = JSON.readTree(ok(cli.run(Duration.ofSeconds(30), "admin", "audit", "--action",
                "session.open", "--json")).stdout());
        assertThat(events.findValuesAsText("actor")).contains("device:plant-a");
        assertThat(events.findValuesAsText("outcome")).contains("refused");
    }

    @Test
    @Order(2)
    void withAGrantPsqlAndBulkBytesGoThroughIntact() throws Exception {
        String pgGrant = grant("postgres", "1h");
        assertThat(pgGrant).matches("g_[a-z2-7]{16}");
        ProcessResult r = Processes.run(psql("select current_database()"), Duration.ofSeconds(30));
        assertThat(ok(r).stdout().strip()).isEqualTo(database());

        grant("echo", "1h");
        byte[] data = Wire.random(8 << 20, 7);
        byte[] back = Wire.roundTrip(echoForward, data); // sends all, half-closes, reads until the far EOF
        assertThat(back.length).isEqualTo(data.length);
        assertThat(Wire.sha256(back)).isEqualTo(Wire.sha256(data));

        String list = ok(cli.run(Duration.ofSeconds(30), "admin", "grant", "list", "--from-device", "plant-a"))
                .stdout();
        assertThat(list).contains(pgGrant).contains("plant-b/postgres").contains("live");
        JsonNode sessions = JSON.readTree(ok(cli.run(Duration.ofSeconds(30), "admin", "sessions", "--json"))
                .stdout());
        assertThat(sessions.findValuesAsText("operator")).contains("device:plant-a");
    }

    @Test
    @Order(3)
    void revokingTheGrantEndsARunningPsqlAtOnce() throws Exception {
        String list = ok(cli.run(Duration.ofSeconds(30), "admin", "grant", "list", "--from-device", "plant-a",
                "--json")).stdout();
        String pgGrant = null;
        for (JsonNode g : JSON.readTree(list)) {
            if (g.path("service").asText().equals("postgres")) {
                pgGrant = g.path("id").asText();
            }
        }
        assertThat(pgGrant).isNotNull();
        Process query = psql("select pg_sleep(60)").redirectOutput(dir.resolve("psql.out").toFile())
                .redirectError(dir.resolve("psql.err").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ProcessResult check = Processes.run(new ProcessBuilder("psql", "-h", pg.getHost(), "-p",
                        String.valueOf(pg.getPort()), "-U", "postgres", "-d", database(), "-At", "-c", "select count(*) from pg_stat_activity where query like"
                                + " 'select pg_sleep(60)%'"), Duration.ofSeconds(10));
                return check.exitCode() == 0 && !check.stdout().strip().equals("0");
            });
            ok(cli.run(Duration.ofSeconds(30), "admin", "grant", "revoke", pgGrant));
            assertThat(query.waitFor(30, TimeUnit.SECONDS)).as("psql ended on the revocation").isTrue();
            assertThat(query.exitValue()).isNotZero();
            // measured on the relay (revocation to the stream's end), not through a JVM and psql exiting under load
            Instant revokedAt = Instant.parse(grantWithId(pgGrant).path("revokedAt").asText());
            Instant cut = endOfSessionUnder(pgGrant);
            assertThat(Duration.between(revokedAt, cut)).as("cut " + Duration.between(revokedAt, cut).toMillis()
                    + " ms after the revocation").isLessThan(Duration.ofSeconds(1));
        } finally {
            Processes.destroyTree(query);
        }
    }

    @Test
    @Order(4)
    void aGrantsExpiryEndsAForwardedStreamWithinASecond() throws Exception {
        ok(cli.run(Duration.ofSeconds(30), "admin", "grant", "revoke", echoGrant()));
        // The grant's clock starts at its creation, before the stream is up: on a loaded machine two CLI runs and the
        // first round trip can outlast a short grant, so a late set-up tries again with a longer one (6 s, 12 s, 24 s).
        ExpiryRace.run(Duration.ofSeconds(6), 3, ForwardersThroughWarrenIT::expiryEndsAForwardedStream);
    }

    static void expiryEndsAForwardedStream(Duration lifetime) throws Exception {
        String id = grant("echo", lifetime.toSeconds() + "s");
        Instant expiresAt = Instant.parse(grantWithId(id).path("expiresAt").asText());
        try (Socket s = Wire.connect(echoForward)) {
            s.setSoTimeout((int) lifetime.plusSeconds(30).toMillis());
            s.getOutputStream().write("ping".getBytes());
            byte[] pong;
            try {
                pong = s.getInputStream().readNBytes(4);
            } catch (java.net.SocketException reset) {
                // a refused stream resets the local connection: too late, unless the grant was still live
                ExpiryRace.inTime(expiresAt, Duration.ZERO, "the stream was reset");
                throw reset;
            }
            if (!"ping".equals(new String(pong))) {
                ExpiryRace.inTime(expiresAt, Duration.ZERO, "the stream was refused or ended");
                throw new AssertionError("no echo through the forwarder with the grant still live: " + new String(pong));
            }
            // before the expiry: allowed, with a second to spare
            ExpiryRace.inTime(expiresAt, Duration.ofSeconds(1), "the first round trip was done");
            CompletableFuture<Instant> ended = CompletableFuture.supplyAsync(() -> {
                try {
                    while (s.getInputStream().read() >= 0) {
                        // wait for the end
                    }
                } catch (java.io.IOException reset) {
                    // a reset counts as ended
                }
                return Instant.now();
            });
            Instant at = ended.get(lifetime.toSeconds() + 40, TimeUnit.SECONDS);
            Instant cut = endOfSessionUnder(id);
            assertThat(Duration.between(expiresAt, cut)).as("the relay cut the stream "
                    + Duration.between(expiresAt, cut).toMillis() + " ms after the grant expired")
                    .isLessThan(Duration.ofSeconds(1)).isGreaterThan(Duration.ofMillis(-100));
            assertThat(Duration.between(expiresAt, at)).as("the local connection ended "
                    + Duration.between(expiresAt, at).toMillis() + " ms after the grant expired")
                    .isLessThan(Duration.ofSeconds(5)).isGreaterThan(Duration.ofMillis(-100));
        }
        // after the expiry: refused, the local connection closed without an echo
        try (Socket s = Wire.connect(echoForward)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("ping".getBytes());
            assertThat(s.getInputStream().readNBytes(4)).as("no echo once the grant expired").isEmpty();
        } catch (java.net.SocketException reset) {
            // a reset is a refusal too
        }
    }

    /** The grant with this id, live or not. */
    static JsonNode grantWithId(String id) throws Exception {
        for (JsonNode g : JSON.readTree(ok(cli.run(Duration.ofSeconds(30), "admin", "grant", "list", "--from-device",
                "plant-a", "--all", "--json")).stdout())) {
            if (g.path("id").asText().equals(id)) {
                return g;
            }
        }
        throw new AssertionError("no grant " + id);
    }

    /** A copy of an agent's identity directory (its files but the lock), as a directory name under {@link #dir}. */
    static String copyOfIdentity(String name) throws java.io.IOException {
        String copy = name + "-copy";
        Path to = Files.createDirectories(dir.resolve(copy));
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve(name))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("agent.lock"))
                    .toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return copy;
    }

    /** When the relay ended the last session that ran under this grant (waits for it to be recorded). */
    static Instant endOfSessionUnder(String grant) {
        Instant[] end = new Instant[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (JsonNode s : JSON.readTree(ok(cli.run(Duration.ofSeconds(30), "admin", "sessions", "--device",
                    "plant-b", "--json")).stdout())) {
                if (s.path("grantId").asText().equals(grant) && s.hasNonNull("endedAt")) {
                    Instant ended = Instant.parse(s.path("endedAt").asText());
                    end[0] = end[0] == null || ended.isAfter(end[0]) ? ended : end[0];
                }
            }
            return end[0] != null;
        });
        return end[0];
    }

    @Test
    @Order(5)
    void aForwardThatCannotBindIsAClearError() throws Exception {
        // plant-a's agent runs and holds its directory's lock (one agent per identity directory): these runs take a
        // copy of its identity, so that what they meet is the forward's problem, not the lock
        String copy = copyOfIdentity("plant-a");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ProcessResult r = cli.run(Duration.ofSeconds(60), "agent", "run", "--data", copy, "--forward",
                    "127.0.0.1:" + taken.getLocalPort() + "=plant-b/echo");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
            assertThat(r.stderr()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        ProcessResult bad = cli.run(Duration.ofSeconds(60), "agent", "run", "--data", copy, "--forward",
                "127.0.0.1:15432=plant-b");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("expected: LISTEN=DEVICE/SERVICE");
    }

    @Test
    @Order(6)
    void sshAndScpWorkThroughAForwarder() throws Exception {
        SshCommand refusedSsh = SshCommand.ssh().forServer(sshd, "plant-b").port(sshForward)
                .connectTimeout(Duration.ofSeconds(30)).remoteCommand("echo", "through-warren");
        assertThat(refusedSsh.run(Duration.ofSeconds(60)).exitCode()).isNotZero(); // no grant for ssh yet
        grant("ssh", "1h");
        ProcessResult ssh = SshCommand.ssh().forServer(sshd, "plant-b").port(sshForward)
                .connectTimeout(Duration.ofSeconds(30)).remoteCommand("echo", "through-warren").run(Duration.ofSeconds(60));
        assertThat(ok(ssh).stdout().strip()).isEqualTo("through-warren");
        byte[] data = Wire.random(4 << 20, 11);
        Path up = Files.write(dir.resolve("up.bin"), data);
        String remote = dir.resolve("remote.bin").toString();
        Path back = dir.resolve("back.bin");
        ok(SshCommand.scp().forServer(sshd, "plant-b").port(sshForward).connectTimeout(Duration.ofSeconds(30))
                .upload(up, remote).run(Duration.ofMinutes(2)));
        ok(SshCommand.scp().forServer(sshd, "plant-b").port(sshForward).connectTimeout(Duration.ofSeconds(30))
                .download(remote, back).run(Duration.ofMinutes(2)));
        assertThat(Wire.sha256(Files.readAllBytes(back))).isEqualTo(Wire.sha256(data));
    }

    private static String echoGrant() throws Exception {
        for (JsonNode g : JSON.readTree(ok(cli.run(Duration.ofSeconds(30), "admin", "grant", "list", "--from-device",
                "plant-a", "--json")).stdout())) {
            if (g.path("service").asText().equals("echo")) {
                return g.path("id").asText();
            }
        }
        throw new AssertionError("no live echo grant");
    }
}
