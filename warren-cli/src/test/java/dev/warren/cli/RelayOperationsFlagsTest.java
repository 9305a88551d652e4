package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay refuses risky operations settings before it starts anything, naming the flag and what is expected. */
class RelayOperationsFlagsTest {
    @TempDir
    Path dir;

    private record Run(int code, String err) {}

    private Run relay(String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "relay";
        args[1] = "--data";
        args[2] = dir.resolve("data").toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        return run(args);
    }

    private static Run run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            code = Warren.execute(args);
        } finally {
            System.setErr(saved);
        }
        return new Run(code, buffer.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRestoreIntoANonEmptyDirectoryIsAUsageError() throws Exception {
        Path backup = Files.writeString(dir.resolve("relay.wbk"), "not read this far");
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("relay.db"), "something");
        Run r = run("relay", "restore", "--from", backup.toString(), "--data", data.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("is not empty").contains("--force");
        assertThat(Files.readString(data.resolve("relay.db"))).isEqualTo("something");
    }

    @Test
    void aShortDeviceCertificateLifeIsRefusedInTheFlagsTerms() {
        Run r = relay("--device-cert-validity", "3m");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        // it said: deviceCertValidity: PT3M (expected: >= 10 minutes)
        assertThat(r.err()).contains("warren: --device-cert-validity: less than 10m (expected: at least 10m")
                .doesNotContain("PT3M");
        assertThat(Files.exists(dir.resolve("data/ca.key"))).as("refused before anything started").isFalse();
    }

    @Test
    void publishedPortsNeedAnAllowList() {
        Run r = relay("--publish-range", "20000-20100", "--publish-bind", "127.0.0.1");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--publish-range without --publish-allow").contains("never open to everyone");
        assertThat(relay("--publish-range", "20100-20000", "--publish-bind", "127.0.0.1", "--publish-allow",
                "10.0.0.0/24").err()).contains("FIRST <= LAST");
        assertThat(relay("--publish-allow", "10.0.0.0/24").err()).contains("without --publish-range");
        assertThat(relay("--publish-range", "1-2", "--publish-bind", "127.0.0.1", "--publish-allow", "10.0.0.1/24")
                .err()).contains("has host bits set");
        assertThat(Files.exists(dir.resolve("data/ca.key"))).as("refused before anything started").isFalse();
    }

    @Test
    void metricsOffLoopbackNeedAToken() {
        Run r = relay("--metrics-listen", "0.0.0.0:9464");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("is not a loopback address").contains("--metrics-token-file");
    }

    @Test
    void thePlainDashboardListenerIsRefusedOffLoopback() {
        for (String address : new String[] {"0.0.0.0:8080", "192.0.2.7:8080", "[::]:8080"}) {
            Run r = relay("--dashboard-listen", address);
            assertThat(r.code()).as(address).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(address).contains("--dashboard-listen").contains("refused: plain HTTP is served"
                    + " on a loopback address only");
        }
        assertThat(Files.exists(dir.resolve("data/ca.key"))).as("refused before anything started").isFalse();
    }

    @Test
    void backupFlagsComeTogether() throws Exception {
        assertThat(relay("--backup-dir", dir.toString()).err()).contains("without --backup-every");
        assertThat(relay("--backup-every", "6h").err()).contains("--backup-dir: missing");
        assertThat(relay("--backup-every", "10s", "--backup-dir", dir.toString()).err())
                .contains("--backup-every 10s (expected: at least 1m, e.g. 6h)").doesNotContain("PT10S");
    }

    @Test
    void backupSettingsThatCannotWorkAreRefusedBeforeTheRelayMakesAnything() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Run notDir = relay("--backup-every", "6h", "--backup-dir", file.toString());
        assertThat(notDir.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(notDir.err()).contains("--backup-dir " + file + ": not a directory");

        Path shortPass = Files.writeString(dir.resolve("pass"), "tiny-pw\n");
        Run tooShort = relay("--backup-every", "6h", "--backup-dir", dir.resolve("b").toString(),
                "--backup-passphrase-file", shortPass.toString());
        assertThat(tooShort.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooShort.err()).contains("--backup-passphrase-file: passphrase file " + shortPass
                + ": the first line is too short (expected: at least 12 characters)")
                .doesNotContain("tiny-pw", "Exception");
        Run missing = relay("--backup-every", "6h", "--backup-dir", dir.resolve("b").toString(),
                "--backup-passphrase-file", dir.resolve("nope").toString());
        assertThat(missing.err()).contains("passphrase file " + dir.resolve("nope") + ": no such file");
        assertThat(dir.resolve("data")).as("nothing made before the refusal").doesNotExist();
    }

    @Test
    void aTakenPortIsNamedWithoutJavaClassNames() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Run r = relay("--listen", "127.0.0.1:" + taken.getLocalPort(), "--server-name", "127.0.0.1");
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).contains("warren: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .doesNotContain("IllegalStateException");
            // the first start made the admin account before the bind failed: where its token is, since the next start
            // is no first start and prints none (the token itself stays off the terminal's error stream)
            Path adminToken = dir.resolve("data/admin.token");
            assertThat(r.err()).contains("the admin token is saved in " + adminToken)
                    .doesNotContain(Files.readString(adminToken).strip());
            Run again = relay("--listen", "127.0.0.1:" + taken.getLocalPort(), "--server-name", "127.0.0.1");
            assertThat(again.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(again.err()).doesNotContain("admin token");
        }
    }

    @Test
    void aShortPassphraseFileIsAUsageError() throws Exception {
        Path pass = Files.writeString(dir.resolve("pass"), "tiny-pw\n");
        Run r = run("relay", "backup", "--data", dir.resolve("data").toString(), "--to", dir.resolve("b.wbk").toString(),
                "--passphrase-file", pass.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE); // it was 1, with "backup failed: ... ****"
        assertThat(r.err()).contains("warren: --passphrase-file: passphrase file " + pass + ": the first line is too short")
                .doesNotContain("tiny-pw", "****");
    }

    @Test
    void aMissingBackupFileIsSaidSo() {
        Path missing = dir.resolve("nope.wbk");
        Run r = run("relay", "restore", "--from", missing.toString(), "--data", dir.resolve("restored").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("warren: restore failed: " + missing + ": no such file"); // it said: restore failed: nope.wbk
    }
}
