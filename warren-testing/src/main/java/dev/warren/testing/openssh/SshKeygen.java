package dev.warren.testing.openssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Makes ed25519 key pairs with OpenSSH's own {@code ssh-keygen}, in the formats sshd and ssh read. */
final class SshKeygen {
    static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");

    private SshKeygen() {}

    /** Writes a new key pair to {@code privateKey} (mode 600) and {@code privateKey}.pub, replacing any. */
    static void ed25519(Path privateKey, String comment) {
        OpenSshTools.require(SSH_KEYGEN, "openssh-client");
        try {
            Files.deleteIfExists(privateKey);
            Files.deleteIfExists(publicKey(privateKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + privateKey, e);
        }
        ProcessBuilder keygen = new ProcessBuilder(
                SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", privateKey.toString());
        Processes.run(keygen, Duration.ofSeconds(10)).requireSuccess();
    }

    static Path publicKey(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }
}
