package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay refuses risky operations settings before it starts anything, naming the flag and what is expected. */
class RelayOperationsFlagsTest {
    @TempDir
    Path dir;

    private CliRun relay(String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "relay";
        args[1] = "--data";
        args[2] = dir.resolve("data").toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        return run(args);
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void aRestoreIntoANonEmptyDirectoryIsAUsageError() throws Exception {
        Path backup = Files.writeString(dir.resolve("relay.wbk"), "not read this far");
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("relay.db"), "something");
        CliRun r = run("relay", "restore", "--from", backup.toString(), "--data", data.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("is not empty").contains("--force");
        assertThat(Files.readString(data.resolve("relay.db"))).isEqualTo("something");
    }

    @Test
    void aShortDeviceCertificateLifeIsRefusedInTheFlagsTerms() {
        CliRun r = relay("--device-cert-validity", "3m");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        // it said: deviceCertValidity: PT3M (expected: >= 10 minutes)
        assertThat(r.stderr()).contains("warren: --device-cert-validity: less than 10m (expected: at least 10m")
                .doesNotContain("PT3M");
        assertThat(Files.exists(dir.resolve("data/ca.key"))).as("refused before anything started").isFalse();
    }

    @Test
    void publishedPortsNeedAnAllowList() {
        CliRun r = relay("--publish-range", "20000-20100", "--publish-bind", "127.0.0.1");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("--publish-range without --publish-allow").contains("never open to everyone");
        assertThat(relay("--publish-range", "20100-20000", "--publish-bind", "127.0.0.1", "--publish-allow",
                "10.0.0.0/24").stderr()).contains("FIRST <= LAST");
        assertThat(relay("--publish-allow", "10.0.0.0/24").stderr()).contains("without --publish-range");
        assertThat(relay("--publish-range", "1-2", "--publish-bind", "127.0.0.1", "--publish-allow", "10.0.0.1/24")
                .stderr()).contains("has host bits set");
        assertThat(Files.exists(dir.resolve("data/ca.key"))).as("refused before anything started").isFalse();
    }

    @Test
    void metricsOffLoopbackNeedAToken() {
        CliRun r = relay("--metrics-listen", "0.0.0.0:9464");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("is not a loopback address").contains("--metrics-token-file");
    }

    @Test
    void thePlainDashboardListenerIsRefusedOffLoopback() {
        for (String address : new String[] {"0.0.0.0:8080", "192.0.2.7:8080", "[::]:8080"}) {
            CliRun r = relay("--dashboard-listen", address);
            assertThat(r.code()).as(address).isEqualTo(ExitCodes.USAGE);
            assertThat(r.stderr()).as(address).contains("--dashboard-listen").contains("refused: plain HTTP is served"
                    + " on a loopback address only");
        }
        assertThat(Files.exists(dir.resolve("data/ca.key"))).as("refused before anything started").isFalse();
    }

    @Test
    void backupFlagsComeTogether() throws Exception {
        assertThat(relay("--backup-dir", dir.toString()).stderr()).contains("without --backup-every");
        assertThat(relay("--backup-every", "6h").stderr()).contains("--backup-dir: missing");
        assertThat(relay("--backup-every", "10s", "--backup-dir", dir.toString()).stderr())
                .contains("--backup-every 10s (expected: at least 1m, e.g. 6h)").doesNotContain("PT10S");
    }

    @Test
    void backupSettingsThatCannotWorkAreRefusedBeforeTheRelayMakesAnything() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRun notDir = relay("--backup-every", "6h", "--backup-dir", file.toString());
        assertThat(notDir.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(notDir.stderr()).contains("--backup-dir " + file + ": not a directory");

        Path shortPass = Files.writeString(dir.resolve("pass"), "tiny-pw\n");
        CliRun tooShort = relay("--backup-every", "6h", "--backup-dir", dir.resolve("b").toString(),
                "--backup-passphrase-file", shortPass.toString());
        assertThat(tooShort.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooShort.stderr()).contains("--backup-passphrase-file: passphrase file " + shortPass
                + ": the first line is too short (expected: at least 12 characters)")
                .doesNotContain("tiny-pw", "Exception");
        CliRun missing = relay("--backup-every", "6h", "--backup-dir", dir.resolve("b").toString(),
                "--backup-passphrase-file", dir.resolve("nope").toString());
        assertThat(missing.stderr()).contains("passphrase file " + dir.resolve("nope") + ": no such file");
        assertThat(dir.resolve("data")).as("nothing made before the refusal").doesNotExist();
    }

    @Test
    void aTakenPortIsNamedWithoutJavaClassNames() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CliRun r = relay("--listen", "127.0.0.1:" + taken.getLocalPort(), "--server-name", "127.0.0.1");
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.stderr()).contains("warren: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .doesNotContain("IllegalStateException");
            // the first start made the admin account before the bind failed: where its token is, since the next start
            // is no first start and prints none (the token itself stays off the terminal's error stream)
            Path adminToken = dir.resolve("data/admin.token");
            assertThat(r.stderr()).contains("the admin token is saved in " + adminToken)
                    .doesNotContain(Files.readString(adminToken).strip());
            CliRun again = relay("--listen", "127.0.0.1:" + taken.getLocalPort(), "--server-name", "127.0.0.1");
            assertThat(again.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(again.stderr()).doesNotContain("admin token");
        }
    }

    @Test
    void aShortPassphraseFileIsAUsageError() throws Exception {
        Path pass = Files.writeString(dir.resolve("pass"), "tiny-pw\n");
        CliRun r = run("relay", "backup", "--data", dir.resolve("data").toString(), "--to", dir.resolve("b.wbk").toString(),
                "--passphrase-file", pass.toString());
        assertThat(r.code()).as(r.stderr()).isEqualTo(ExitCodes.USAGE); // it was 1, with "backup failed: ... ****"
        assertThat(r.stderr()).contains("warren: --passphrase-file: passphrase file " + pass + ": the first line is too short")
                .doesNotContain("tiny-pw", "****");
    }

    @Test
    void aMissingBackupFileIsSaidSo() {
        Path missing = dir.resolve("nope.wbk");
        CliRun r = run("relay", "restore", "--from", missing.toString(), "--data", dir.resolve("restored").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).contains("warren: restore failed: " + missing + ": no such file"); // it said: restore failed: nope.wbk
    }
}
