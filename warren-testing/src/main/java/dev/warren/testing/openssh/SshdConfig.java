package dev.warren.testing.openssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sshd_config of an {@link OpenSshServer}: loopback only, public keys only, nothing from /etc. */
final class SshdConfig {
    private SshdConfig() {}

    static Path write(Path dir, int port, Path hostKey, Path authorizedKeys) throws IOException {
        String config = String.join("\n",
                "# written by dev.warren.testing.openssh.OpenSshServer",
                "ListenAddress 127.0.0.1:" + port,
                "HostKey " + quoted(hostKey.toString()),
                "AuthorizedKeysFile " + quoted(authorizedKeys.toString().replace("%", "%%")),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PidFile " + quoted(dir.resolve("sshd.pid").toString()),
                "Subsystem sftp internal-sftp",
                "LogLevel VERBOSE",
                "UseDNS no",
                "PrintMotd no",
                "PrintLastLog no",
                "X11Forwarding no",
                "AllowTcpForwarding yes",
                // tests open many connections at once; the default 10:30:100 drops some
                "MaxStartups 100",
                "LoginGraceTime 30",
                "");
        Path file = dir.resolve("sshd_config");
        return Files.writeString(file, config);
    }

    /** sshd splits arguments at spaces unless quoted, and has no escape for a quote. */
    private static String quoted(String path) {
        if (path.contains("\"") || path.contains("\n")) {
            throw new IllegalArgumentException("path: " + path + " (expected: no '\"' or newline, for sshd_config)");
        }
        return path.chars().anyMatch(Character::isWhitespace) ? "\"" + path + "\"" : path;
    }
}
