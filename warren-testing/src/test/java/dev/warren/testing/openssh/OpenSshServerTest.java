package dev.warren.testing.openssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.testing.net.Checksums;
import dev.warren.testing.net.RandomFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit against a real sshd, with no Warren in between. */
class OpenSshServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static OpenSshServer sshd;

    @BeforeAll
    static void startSshd() throws IOException {
        sshd = OpenSshServer.start(dir.resolve("sshd"));
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void answersWithABannerOnLoopback() {
        assertThat(sshd.isAlive()).isTrue();
        assertThat(sshd.host()).isEqualTo("127.0.0.1");
        assertThat(sshd.port()).isBetween(1024, 65535);
        assertThat(sshd.hostKeyPublicLine()).startsWith("ssh-ed25519 AAAA");
        assertThat(sshd.clientKey()).isRegularFile();
    }

    @Test
    void sshRunsACommand() {
        ProcessResult result = SshCommand.ssh().forServer(sshd, "dev-42")
                .remoteCommand("echo", "hello")
                .run(TIMEOUT);

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.stdout()).isEqualTo("hello\n");
        assertThat(sshd.logTail(200)).contains("Accepted publickey for " + sshd.user());
    }

    @Test
    void sshCarriesStandardInput() {
        ProcessResult result = SshCommand.ssh().forServer(sshd, "dev-42")
                .remoteCommand("sha256sum")
                .run(TIMEOUT, "through the tunnel".getBytes());

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.stdout()).startsWith(Checksums.sha256("through the tunnel".getBytes()));
    }

    @Test
    void refusesAServerWhoseHostKeyIsNotTheKnownOne() throws IOException {
        Path otherKey = dir.resolve("other_host_key");
        SshKeygen.ed25519(otherKey, "not-the-server");
        String[] other = Files.readString(SshKeygen.publicKey(otherKey)).split(" ");
        Path wrong = Files.writeString(dir.resolve("wrong_known_hosts"), "dev-42 " + other[0] + " " + other[1] + "\n");

        ProcessResult result = SshCommand.ssh().forServer(sshd, "dev-42")
                .knownHosts(wrong)
                .remoteCommand("echo", "hello")
                .run(TIMEOUT);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(255);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED", "Host key verification failed");
    }

    @Test
    void scpCopiesFiveMegabytesUpAndDown() {
        Path local = RandomFiles.create(dir.resolve("scp/up.bin"), 5 * 1024 * 1024, 42);
        Path remote = dir.resolve("scp/remote.bin");
        Path back = dir.resolve("scp/down.bin");

        SshCommand.scp().forServer(sshd, "dev-42").upload(local, remote.toString()).run(TIMEOUT).requireSuccess();
        SshCommand.scp().forServer(sshd, "dev-42").download(remote.toString(), back).run(TIMEOUT).requireSuccess();

        assertThat(Checksums.sha256(remote)).isEqualTo(Checksums.sha256(local));
        assertThat(Checksums.sha256(back)).isEqualTo(Checksums.sha256(local));
        assertThat(back).hasSize(5 * 1024 * 1024);
    }

    @Test
    void sftpBatchPutsAndGets() throws IOException {
        Path local = RandomFiles.create(dir.resolve("sftp/up.bin"), 1024 * 1024 + 7, 7);
        Path remoteDir = Files.createDirectories(dir.resolve("sftp/remote"));
        Path back = dir.resolve("sftp/down.bin");
        Path batch = Files.writeString(dir.resolve("sftp/batch"), String.join("\n",
                "cd " + remoteDir,
                "put " + local + " copy.bin",
                "ls -l copy.bin",
                "get copy.bin " + back,
                ""));

        ProcessResult result = SshCommand.sftp().forServer(sshd, "dev-42").batch(batch).run(TIMEOUT);

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(Checksums.sha256(remoteDir.resolve("copy.bin"))).isEqualTo(Checksums.sha256(local));
        assertThat(Checksums.sha256(back)).isEqualTo(Checksums.sha256(local));
    }

    @Test
    void knownHostsFileNamesTheAliasWithTheRealKey() throws IOException {
        Path file = sshd.knownHostsFile("dev-7");
        String[] key = sshd.hostKeyPublicLine().split(" ");

        assertThat(Files.readString(file)).isEqualTo(
                "dev-7,[dev-7]:" + sshd.port() + " " + key[0] + " " + key[1] + "\n");
        assertThatThrownBy(() -> sshd.knownHostsFile("a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hostAlias: a b");
    }
}
