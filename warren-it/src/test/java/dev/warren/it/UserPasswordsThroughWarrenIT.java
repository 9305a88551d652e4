package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.RelayExtension;
import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dashboard passwords from the real {@code warren} jar: {@code warren admin user create --password-stdin} and
 * {@code warren admin user passwd} (standard input, a file, {@code --remove}) against a relay, the password never on
 * the command line nor in any output or the audit log, and the dashboard's password sign-in following each change;
 * changing one's own password (any role) needs the current one, resetting someone else's does not.
 */
@Timeout(180)
class UserPasswordsThroughWarrenIT {
    static final Duration CLI = Duration.ofSeconds(60);

    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();
    static WarrenCli cli;
    static Path dir;
    static DashboardHttp http;

    @BeforeAll
    static void cli() throws Exception {
        dir = relay.newDir("cli");
        cli = new WarrenCli(dir).env("WARREN_RELAY", relay.get().address().toString())
                .env("WARREN_TOKEN", relay.get().adminToken())
                .env("WARREN_CA", relay.get().dataDir().resolve("ca.crt").toString());
        http = new DashboardHttp(relay.get());
    }

    @AfterAll
    static void close() {
        if (cli != null) {
            cli.close();
        }
    }

    /** {@code warren ARGS} with {@code stdin} as its standard input (a pipe, not a terminal). */
    static ProcessResult run(String stdin, String... args) {
        ProcessBuilder pb = new ProcessBuilder(WarrenCli.command(args)).directory(dir.toFile());
        pb.environment().putAll(cli.environment());
        return Processes.run(pb, CLI, stdin.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void passwordsSetFromStandardInputOrAFileSignInToTheDashboardAndNeverShow() throws Exception {
        String first = "correct horse battery staple";
        String second = "tr0ub4dor and three more words";
        ProcessResult created = run(first + "\n", "admin", "user", "create", "carol", "--role", "operator",
                "--password-stdin");
        assertThat(created.exitCode()).as(created.describe()).isZero();
        assertThat(created.stdout() + created.stderr()).doesNotContain(first);
        String cookie = signIn("carol", first);
        assertThat(page(cookie)).isEqualTo(200);

        Path file = dir.resolve("carol.password");
        Files.writeString(file, second + "\r\nignored second line\n");
        ProcessResult changed = run("", "admin", "user", "passwd", "carol", "--password-file", file.toString());
        assertThat(changed.exitCode()).as(changed.describe()).isZero();
        assertThat(changed.stderr()).contains("set the password of carol");
        assertThat(page(cookie)).as("the session signed in with the old password").isEqualTo(303);
        assertThat(signInStatus("carol", first)).isEqualTo(401);
        assertThat(page(signIn("carol", second))).isEqualTo(200);

        ProcessResult tooShort = run("tiny secret\n", "admin", "user", "passwd", "carol");
        assertThat(tooShort.exitCode()).isEqualTo(2);
        assertThat(tooShort.stderr()).contains("password: 11 characters (expected: at least 12) (HTTP 400)")
                .doesNotContain("tiny secret");
        ProcessResult empty = run("", "admin", "user", "passwd", "carol");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.stderr()).contains("no password given on standard input");

        ProcessResult removed = run("", "admin", "user", "passwd", "carol", "--remove");
        assertThat(removed.exitCode()).as(removed.describe()).isZero();
        assertThat(signInStatus("carol", second)).isEqualTo(401);
        ProcessResult again = run("", "admin", "user", "passwd", "carol", "--remove");
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.stderr()).contains("user 'carol' has no password");

        String auditLog = Files.readString(relay.get().dataDir().resolve("audit.log"));
        assertThat(auditLog).contains("\"user.password.set\"").contains("\"user.password.remove\"")
                .doesNotContain(first).doesNotContain(second).doesNotContain("tiny secret");
    }

    @Test
    void anAuditorSetsTheirOwnPasswordAndProvesItToChangeIt() throws Exception {
        String first = "an auditor's first passphrase";
        String second = "an auditor's second passphrase";
        String token = relay.get().createUser("audrey", "auditor");
        Path one = Files.writeString(dir.resolve("audrey.1"), first + "\n");
        Path two = Files.writeString(dir.resolve("audrey.2"), second + "\n");
        ProcessResult set = runAs(token, "admin", "user", "passwd", "me", "--password-file", one.toString());
        assertThat(set.exitCode()).as(set.describe()).isZero();
        assertThat(page(signIn("audrey", first))).isEqualTo(200);

        ProcessResult withoutCurrent = runAs(token, "admin", "user", "passwd", "me", "--password-file", two.toString());
        assertThat(withoutCurrent.exitCode()).isEqualTo(2);
        assertThat(withoutCurrent.stderr()).contains("current: missing");
        ProcessResult wrong = runAs(token, "admin", "user", "passwd", "me", "--password-file", two.toString(),
                "--current-password-file", two.toString());
        assertThat(wrong.exitCode()).isEqualTo(3);
        assertThat(wrong.stderr()).contains("current password: wrong").doesNotContain(second);
        ProcessResult changed = runAs(token, "admin", "user", "passwd", "me", "--password-file", two.toString(),
                "--current-password-file", one.toString());
        assertThat(changed.exitCode()).as(changed.describe()).isZero();
        assertThat(signInStatus("audrey", first)).isEqualTo(401);
        assertThat(page(signIn("audrey", second))).isEqualTo(200);
        ProcessResult others = runAs(token, "admin", "user", "passwd", "admin", "--password-file", one.toString());
        assertThat(others.exitCode()).isEqualTo(3);
        assertThat(others.stderr()).contains("role AUDITOR may set only its own password");
    }

    @Test
    void anOperatorOrAnAdminProvesTheCurrentPasswordToChangeTheirOwnNotSomeoneElses() throws Exception {
        String first = "an admin's first passphrase";
        String second = "an admin's second passphrase";
        Path one = Files.writeString(dir.resolve("ada.1"), first + "\n");
        Path two = Files.writeString(dir.resolve("ada.2"), second + "\n");
        for (String role : new String[] {"operator", "admin"}) {
            String name = "self-" + role;
            String token = relay.get().createUser(name, role);
            ProcessResult set = runAs(token, "admin", "user", "passwd", "me", "--password-file", one.toString());
            assertThat(set.exitCode()).as(set.describe()).isZero();
            ProcessResult withoutCurrent = runAs(token, "admin", "user", "passwd", name, "--password-file",
                    two.toString());
            assertThat(withoutCurrent.exitCode()).as(role).isEqualTo(2);
            assertThat(withoutCurrent.stderr()).contains("current: missing").contains("--current-password-file");
            ProcessResult wrong = runAs(token, "admin", "user", "passwd", "me", "--password-file", two.toString(),
                    "--current-password-file", two.toString());
            assertThat(wrong.exitCode()).as(role).isEqualTo(3);
            assertThat(wrong.stderr()).contains("current password: wrong").doesNotContain(second);
            assertThat(page(signIn(name, first))).as("unchanged").isEqualTo(200);
            ProcessResult changed = runAs(token, "admin", "user", "passwd", "me", "--password-file", two.toString(),
                    "--current-password-file", one.toString());
            assertThat(changed.exitCode()).as(changed.describe()).isZero();
            assertThat(page(signIn(name, second))).isEqualTo(200);

            // removing one's own proves it too: a token alone does not strip the password
            ProcessResult removeWithout = runAs(token, "admin", "user", "passwd", "me", "--remove");
            assertThat(removeWithout.exitCode()).as(role).isEqualTo(2);
            assertThat(removeWithout.stderr()).contains("current: missing").contains("--current-password-file");
            ProcessResult removeWrong = runAs(token, "admin", "user", "passwd", name, "--remove",
                    "--current-password-file", one.toString());
            assertThat(removeWrong.exitCode()).as(role).isEqualTo(3);
            assertThat(removeWrong.stderr()).contains("current password: wrong").doesNotContain(first);
            assertThat(signInStatus(name, second)).as("kept").isEqualTo(303);
            ProcessResult removed = runAs(token, "admin", "user", "passwd", "me", "--remove",
                    "--current-password-file", two.toString());
            assertThat(removed.exitCode()).as(removed.describe()).isZero();
            // (not a sign-in that fails: the class's failures from 127.0.0.1 stay under the limit of 10 a minute)
            ProcessResult gone = runAs(token, "admin", "user", "passwd", "me", "--remove");
            assertThat(gone.exitCode()).as(role).isEqualTo(3);
            assertThat(gone.stderr()).contains("has no password");
        }
        // the admin resets another user's password: nothing to prove
        ProcessResult reset = runAs(relay.get().adminToken(), "admin", "user", "passwd", "self-operator",
                "--password-file", one.toString());
        assertThat(reset.exitCode()).as(reset.describe()).isZero();
        assertThat(page(signIn("self-operator", first))).isEqualTo(200);
        assertThat(Files.readString(relay.get().dataDir().resolve("audit.log"))).contains("current password: missing")
                .doesNotContain(first).doesNotContain(second);
    }

    @Test
    void onATerminalTheCurrentPasswordIsAskedForWithoutEcho() throws Exception {
        String first = "a terminal user's first passphrase";
        String second = "a terminal user's second passphrase";
        String token = relay.get().createUser("tess", "operator");
        Path one = Files.writeString(dir.resolve("tess.1"), first + "\n");
        Path two = Files.writeString(dir.resolve("tess.2"), second + "\n");
        ProcessResult set = runAs(token, "admin", "user", "passwd", "me", "--password-file", one.toString());
        assertThat(set.exitCode()).as(set.describe()).isZero();

        Terminal changed = onTerminal(token, first, "admin", "user", "passwd", "me", "--password-file", two.toString());
        assertThat(changed.exitCode()).as(changed.output()).isZero();
        assertThat(changed.output()).contains("set the password of me").doesNotContain(first).doesNotContain(second);
        assertThat(page(signIn("tess", second))).isEqualTo(200);

        Terminal removed = onTerminal(token, second, "admin", "user", "passwd", "tess", "--remove");
        assertThat(removed.exitCode()).as(removed.output()).isZero();
        assertThat(removed.output()).contains("removed the password of tess").doesNotContain(second);
        assertThat(signInStatus("tess", second)).isEqualTo(401);
    }

    /** What a command run on a terminal showed there (its output and its echo) and how it ended. */
    record Terminal(int exitCode, String output) {}

    /**
     * {@code warren ARGS} as {@code token} on a pseudo-terminal (script(1)), typing {@code current} once it asks for
     * the current password: what someone at a terminal sees, echo included.
     */
    static Terminal onTerminal(String token, String current, String... args) throws Exception {
        String command = WarrenCli.command(args).stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
                .collect(java.util.stream.Collectors.joining(" "));
        ProcessBuilder pb = new ProcessBuilder("script", "-qefc", command, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(cli.environment());
        pb.environment().put("WARREN_TOKEN", token);
        Process p = pb.start();
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                p.getInputStream().transferTo(new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        synchronized (seen) {
                            seen.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        synchronized (seen) {
                            seen.write(b, off, len);
                        }
                    }
                });
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        try (var typing = p.getOutputStream()) {
            org.awaitility.Awaitility.await().atMost(CLI).until(() -> {
                synchronized (seen) {
                    return seen.toString(StandardCharsets.UTF_8).contains("Current password: ");
                }
            });
            typing.write((current + "\n").getBytes(StandardCharsets.UTF_8));
            typing.flush();
            if (!p.waitFor(CLI.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } finally {
            p.destroyForcibly();
        }
        reader.join(5_000);
        synchronized (seen) {
            return new Terminal(p.exitValue(), seen.toString(StandardCharsets.UTF_8));
        }
    }

    /** {@code warren ARGS} with this user's token, no standard input. */
    static ProcessResult runAs(String token, String... args) {
        ProcessBuilder pb = new ProcessBuilder(WarrenCli.command(args)).directory(dir.toFile());
        pb.environment().putAll(cli.environment());
        pb.environment().put("WARREN_TOKEN", token);
        return Processes.run(pb, CLI, new byte[0]);
    }

    private static String signIn(String user, String password) {
        return DashboardHttp.cookie(http.loginWithPassword(user, password));
    }

    private static int signInStatus(String user, String password) {
        return http.loginWithPassword(user, password).statusCode();
    }

    private static int page(String cookie) {
        return http.get("/ui/devices", cookie).statusCode();
    }
}
