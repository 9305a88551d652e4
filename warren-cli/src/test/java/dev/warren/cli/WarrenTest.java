package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Only the named subcommand is built; help, no command and typos still see them all. */
class WarrenTest {

    @Test
    void helpListsEveryCommand() {
        String err = stderrOf("--help");
        assertThat(err).contains("relay", "agent", "connect", "ssh", "login", "access", "admin", "quickstart", "help");
        assertThat(stderrOf("help")).contains("quickstart");
    }

    @Test
    void aNamedCommandWorksAloneWithTheInheritedVerboseOption() {
        String err = stderrOf("-v", "agent", "run", "--help");
        assertThat(err).contains("Usage: warren agent run", "--verbose", "--service");
    }

    @Test
    void aTypoGetsTheFullUsage() {
        String err = stderrOf("relya");
        assertThat(err).contains("Unmatched argument", "quickstart");
    }

    @Test
    void aBadOptionValueIsNamedWithoutJavaExceptionNames() {
        String duration = stderrOf("admin", "enroll-token", "create", "--ttl", "abc");
        assertThat(duration).contains("warren: Invalid value for option '--ttl': duration: 'abc' (expected: e.g. 500ms")
                .doesNotContain("java.lang", "cannot convert");
        String address = stderrOf("connect", "dev-42", "ssh", "--listen", "127.0.0.1:99999");
        assertThat(address).contains("warren: Invalid value for option '--listen': port: 99999 (expected: 0..65535)")
                .doesNotContain("java.lang", "cannot convert");
        String keyType = stderrOf("pki", "init", "--dir", "unused", "--name", "x", "--key-type", "dsa");
        assertThat(keyType).contains("warren: Invalid value for option '--key-type': 'dsa' (expected: ec, ed25519 or rsa)")
                .doesNotContain("java.lang", "cannot convert");
    }

    @Test
    void aBadLockdownAddressNamesItsOption() {
        // it said: address: banana (...), whichever of the two options it came from
        assertThat(stderrOf("lockdown", "--relay", "127.0.0.1:7443", "--ssh-from", "banana"))
                .contains("warren: --ssh-from: address: banana (expected: an IPv4 or IPv6 address, not a name)");
        assertThat(stderrOf("lockdown", "--relay", "127.0.0.1:7443", "--allow-dns", "dns.example"))
                .contains("warren: --allow-dns: address: dns.example (expected: an IPv4 or IPv6 address, not a name)");
    }

    @Test
    void lockdownRemoveRefusesRuleOptionsItWouldIgnore() {
        assertThat(Warren.execute("lockdown", "--remove", "--relay", "127.0.0.1:7443", "--ssh-from", "10.0.0.0/8"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(stderrOf("lockdown", "--remove", "--relay", "127.0.0.1:7443", "--ssh-from", "10.0.0.0/8",
                "--ssh-from", "10.1.0.0/16")).contains("warren: --remove deletes table inet warren whatever the rules;"
                + " --relay, --ssh-from would be ignored (expected: --remove alone)");
    }

    @Test
    void aCommandLineErrorIsFollowedByTheSynopsisNotTheWholeHelp() {
        String err = stderrOf("admin", "grant", "create", "--user", "alice", "--device", "dev-42", "--service", "ssh",
                "--for", "30m");
        assertThat(err).startsWith("warren: Missing required option: '--reason=TEXT'\nUsage: warren admin grant create ")
                .endsWith("Run 'warren admin grant create --help' for what each option means.\n")
                .doesNotContain("--proxy-credentials=FILE  ", "Show this help message");
        assertThat(err.lines().count()).isLessThan(12);
    }

    @Test
    void aMisspeltCommandGetsASuggestion() {
        assertThat(stderrOf("admin", "grnt")).contains("Did you mean: admin grant?");
        assertThat(stderrOf("admin", "sessions", "--opne")).contains("Possible solutions: --open");
    }

    @Test
    void aDamagedCertificateIsSaidWithoutItsExceptionClass(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String pki = dir.resolve("pki").toString();
        assertThat(Warren.execute("pki", "init", "--dir", pki, "--name", "Test CA")).isZero();
        assertThat(Warren.execute("pki", "issue", "--dir", pki, "--name", "node1", "--client")).isZero();
        java.nio.file.Files.writeString(dir.resolve("pki/node1.crt"), "garbage\n");
        // it said: warren: dev.warren.pki.PkiException: certificate file ...
        assertThat(stderrOf("pki", "renew", "--dir", pki, "--name", "node1"))
                .contains("warren: certificate file " + dir.resolve("pki/node1.crt")).doesNotContain("PkiException");
    }

    @Test
    void anOptionGroupErrorHasOnePrefix() {
        assertThat(stderrOf("connect", "dev-42", "ssh")).contains("warren: Missing required argument")
                .doesNotContain("Error:");
    }

    @Test
    void connectListenLogsAtInfoWhereItsStreamEndsShowAndEveryOtherReadCommandAtWarn() {
        assertThat(Warren.logLevel(new String[] {"connect", "dev-42", "ssh", "--listen", "127.0.0.1:2222"}, null))
                .isEqualTo("INFO");
        assertThat(Warren.logLevel(new String[] {"connect", "--listen=127.0.0.1:2222", "dev-42", "ssh"}, null))
                .isEqualTo("INFO");
        assertThat(Warren.logLevel(new String[] {"connect", "--stdio", "dev-42", "ssh"}, null)).isEqualTo("WARN");
        assertThat(Warren.logLevel(new String[] {"admin", "devices"}, null)).isEqualTo("WARN");
        assertThat(Warren.logLevel(new String[] {"relay"}, null)).isEqualTo("INFO");
        assertThat(Warren.logLevel(new String[] {"connect", "dev-42", "ssh", "--listen", "x"}, "warn")).isEqualTo("WARN");
        assertThat(Warren.logLevel(new String[] {"-v", "connect", "--stdio", "d", "s"}, "warn")).isEqualTo("DEBUG");
    }

    private static String stderrOf(String... args) {
        PrintStream saved = System.err;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            System.setOut(capture);
            Warren.execute(args);
        } finally {
            System.setErr(saved);
            System.setOut(savedOut);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
