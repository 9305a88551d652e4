/**
 * Real OpenSSH in tests: {@link dev.warren.testing.openssh.OpenSshServer} starts a throw-away
 * {@code sshd} on 127.0.0.1 (to put behind a Warren agent), and
 * {@link dev.warren.testing.openssh.SshCommand} builds strict, batch-mode {@code ssh}, {@code scp}
 * and {@code sftp} command lines for it, directly or through {@code ProxyCommand=warren connect
 * --stdio ...}; {@link dev.warren.testing.openssh.Processes} runs them within a time bound into a
 * {@link dev.warren.testing.openssh.ProcessResult}.
 */
package dev.warren.testing.openssh;
