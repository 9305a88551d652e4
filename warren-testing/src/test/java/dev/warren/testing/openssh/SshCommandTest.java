package dev.warren.testing.openssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Command lines, without running anything. */
class SshCommandTest {

    @Test
    void sshIsStrictBatchAndIgnoresConfiguration() {
        var cmd = SshCommand.ssh()
                .identity(Path.of("/k/id"))
                .knownHosts(Path.of("/k/known"))
                .user("root")
                .port(2222)
                .host("dev-42")
                .option("ServerAliveInterval", "5")
                .remoteCommand("echo", "hello")
                .command();

        assertThat(cmd).startsWith("ssh", "-F", "/dev/null");
        assertThat(String.join(" ", cmd)).contains(
                "-o BatchMode=yes", "-o IdentitiesOnly=yes", "-i /k/id", "-o UserKnownHostsFile=/k/known",
                "-o GlobalKnownHostsFile=/dev/null", "-o StrictHostKeyChecking=yes", "-o ConnectTimeout=10",
                "-o Port=2222", "-o User=root", "-o ServerAliveInterval=5");
        assertThat(cmd).endsWith("dev-42", "echo", "hello");
    }

    @Test
    void proxyCommandIsOneArgument() {
        var cmd = SshCommand.ssh().host("dev-42").proxyCommand("warren connect --stdio %h ssh").command();

        assertThat(cmd).contains("ProxyCommand=warren connect --stdio %h ssh");
    }

    @Test
    void scpNamesTheRemoteSideByHost() {
        var cmd = SshCommand.scp().host("dev-42").upload(Path.of("/tmp/a b"), "/srv/x").command();

        assertThat(cmd).startsWith("scp").endsWith("/tmp/a b", "dev-42:/srv/x");
    }

    @Test
    void sftpTakesABatchFile() {
        var cmd = SshCommand.sftp().host("dev-42").batch(Path.of("/tmp/batch")).command();

        assertThat(cmd).startsWith("sftp", "-F", "/dev/null", "-b", "/tmp/batch").endsWith("dev-42");
    }

    @Test
    void refusesWhatTheProgramCannotDo() {
        assertThatThrownBy(() -> SshCommand.ssh().batch(Path.of("b")))
                .isInstanceOf(IllegalStateException.class).hasMessage("batch is for sftp, not ssh");
        assertThatThrownBy(() -> SshCommand.ssh().port(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port: 0 (expected: 1..65535)");
        assertThatThrownBy(() -> SshCommand.ssh().command())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    }
}
