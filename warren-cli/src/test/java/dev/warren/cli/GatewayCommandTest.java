package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.gateway.Gateway;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code warren gateway}: the generated password (printed once, alone on the last line) and the YAML file. */
class GatewayCommandTest {
    @TempDir
    Path dir;

    private record Started(Gateway gateway, String stdout) {}

    /**
     * The gateway's access lines reach stderr up to 50 ms late (BatchingStderrAppender): written now, so that they do
     * not land in the stderr a later test class captures (LoginCommandTest compares its whole stderr).
     */
    @org.junit.jupiter.api.AfterEach
    void writeQueuedLogLines() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(a -> {
                if (a instanceof BatchingStderrAppender batching) {
                    batching.flush();
                }
            });
        }
    }

    private static Started start(String... args) {
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs(args);
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Gateway gateway;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            gateway = command.start();
        } finally {
            System.setOut(saved);
        }
        return new Started(gateway, buffer.toString(StandardCharsets.UTF_8));
    }

    /** The status line of the gateway's answer to a CONNECT to {@code target}. */
    private static String connect(int port, String target, String user, String password) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(("CONNECT " + target + " HTTP/1.1\r\nProxy-Authorization: Basic " + auth
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\r'; ) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Test
    void withoutAFileItGeneratesA64CharacterPasswordAndPrintsItOnceAlone() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String dst = "127.0.0.1:" + target.getLocalPort();
            Started s = start("--listen", "127.0.0.1:0", "--allow-dst", dst);
            try {
                List<String> lines = s.stdout().lines().toList();
                assertThat(lines).hasSize(1);
                String password = lines.getLast();
                assertThat(password).hasSize(64).matches("[A-Za-z0-9]{64}");
                assertThat(connect(s.gateway().port(), dst, "warren-gateway", password)).isEqualTo("HTTP/1.1 200 Connection established");
                assertThat(connect(s.gateway().port(), dst, "warren-gateway", password + "x")).startsWith("HTTP/1.1 407");
            } finally {
                s.gateway().close();
            }
            Started again = start("--listen", "127.0.0.1:0", "--allow-dst", dst);
            again.gateway().close();
            assertThat(again.stdout().strip()).isNotEqualTo(s.stdout().strip());
        }
    }

    @Test
    void aYamlFileGivesTheSameSettingsAndOptionsWin() throws Exception {
        Path htpasswd = dir.resolve("gw.htpasswd");
        Process p = new ProcessBuilder("htpasswd", "-c", "-b", "-B", htpasswd.toString(), "ops", "a long enough passphrase")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String dst = "127.0.0.1:" + target.getLocalPort();
            Path yaml = dir.resolve("gateway.yaml");
            Files.writeString(yaml, String.join("\n",
                    "listen: 127.0.0.1:0",
                    "allow-dst: [\"" + dst + "\", \"*.relay.example:443\"]",
                    "allow-src: [127.0.0.0/8]",
                    "deny-dst: [10.0.0.0/8]",
                    "htpasswd: " + htpasswd,
                    "header-timeout: 5s",
                    "max-per-source: 10",
                    ""));
            Started s = start("--config", yaml.toString());
            try {
                assertThat(s.stdout()).isEmpty(); // an htpasswd file: nothing generated, nothing printed
                assertThat(connect(s.gateway().port(), dst, "ops", "a long enough passphrase")).endsWith("200 Connection established");
                assertThat(connect(s.gateway().port(), "127.0.0.1:1", "ops", "a long enough passphrase")).startsWith("HTTP/1.1 403");
            } finally {
                s.gateway().close();
            }
            // an option replaces the file's list
            Started narrowed = start("--config", yaml.toString(), "--allow-dst", "127.0.0.1:1");
            try {
                assertThat(connect(narrowed.gateway().port(), dst, "ops", "a long enough passphrase")).startsWith("HTTP/1.1 403");
            } finally {
                narrowed.gateway().close();
            }
        }
    }

    @Test
    void aWrongFileIsRefusedSayingWhy() throws Exception {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "listen: 127.0.0.1:0\nallow-destination: [a:1]\n");
        assertThatThrownBy(() -> start("--config", yaml.toString()))
                .isInstanceOf(CommandFailure.class)
                .hasMessageContaining("unknown key 'allow-destination'").hasMessageContaining("allow-dst");
        Files.writeString(yaml, "listen: 127.0.0.1:0\nallow-dst: [\"*.bad*:443\"]\n");
        assertThatThrownBy(() -> start("--config", yaml.toString()))
                .hasMessageContaining("a wildcard is only *.domain");
        Files.writeString(yaml, "listen: 127.0.0.1:0\n");
        assertThatThrownBy(() -> start("--config", yaml.toString())).hasMessageContaining("no allowed destination");
        // Jackson's words (java.util.ArrayList, JsonToken...) used to reach the user; a repeated key silently won
        Files.writeString(yaml, "listen: 127.0.0.1:0\nallow-dst: a:1\n");
        assertThatThrownBy(() -> start("--config", yaml.toString())).isInstanceOf(CommandFailure.class)
                .hasMessage(yaml + " line 2: allow-dst: expected a list, e.g. [a, b]");
        Files.writeString(yaml, "listen: 127.0.0.1:0\nallow-dst: [a:1]\nlisten: 127.0.0.1:1\n");
        assertThatThrownBy(() -> start("--config", yaml.toString())).hasMessage(yaml + " line 3: key 'listen' given twice");
        Files.writeString(yaml, "allow-dst: [a:1]\nheader-timeout: 10\n");
        assertThatThrownBy(() -> start("--config", yaml.toString()))
                .hasMessageStartingWith(yaml + ": header-timeout: duration: '10' (expected");
    }

    @Test
    void aMissingHtpasswdFileAPortInUseAndAShortPasswordSayWhatIsWrong() throws Exception {
        Path missing = dir.resolve("nope.htpasswd");
        assertThatThrownBy(() -> start("--listen", "127.0.0.1:0", "--allow-dst", "a:1", "--htpasswd", missing.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("htpasswd " + missing + ": no such file");
        assertThatThrownBy(() -> start("--listen", "127.0.0.1:0", "--allow-dst", "a:1", "--htpasswd", dir.toString()))
                .hasMessage("htpasswd " + dir + ": Is a directory");

        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CliRun run = run("gateway", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--allow-dst", "a:1");
            assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.stderr()).startsWith("warren: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .contains("Address already in use").doesNotContain("Exception", "io.netty", "/127.0.0.1");
        }

        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs("--listen", "127.0.0.1:0", "--allow-dst", "a:1");
        command.environment = name -> name.equals(GatewayCommand.PASSWORD_ENV) ? "short" : null;
        assertThatThrownBy(command::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("WARREN_GATEWAY_PASSWORD: 5 characters (expected: at least 12");
    }

    @Test
    void aBadLimitIsNamedAsItsOption() {
        // it said 'connection limits must be at least 1' for either, and Netty's 'nThreads : -3 (expected: > 0)'
        assertThatThrownBy(() -> start("--listen", "127.0.0.1:0", "--allow-dst", "a:1", "--htpasswd", "x",
                "--max-per-source", "0")).hasMessage("max-per-source: 0 (expected: at least 1)");
        assertThatThrownBy(() -> start("--listen", "127.0.0.1:0", "--allow-dst", "a:1", "--htpasswd", "x",
                "--max-connections", "-1")).hasMessage("max-connections: -1 (expected: at least 1)");
        assertThatThrownBy(() -> start("--listen", "127.0.0.1:0", "--allow-dst", "a:1", "--htpasswd", "x",
                "--io-threads", "-3")).hasMessageStartingWith("io-threads: -3 (expected: 0");
    }

    @Test
    void theListeningLineNamesTheAddressAsTyped() {
        CliRun run = runUntilListening();
        assertThat(run.stderr()).contains("gateway listening on 127.0.0.1:").doesNotContain("on /127.0.0.1");
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** Starts a gateway the way {@code call()} does, with its standard error captured, and stops it. */
    private static CliRun runUntilListening() {
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs("--listen", "127.0.0.1:0", "--allow-dst", "a:1");
        command.environment = name -> name.equals(GatewayCommand.PASSWORD_ENV) ? "a long enough password" : null;
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            command.start().close();
        } finally {
            System.setErr(saved);
        }
        return new CliRun(0, buffer.toString(StandardCharsets.UTF_8));
    }
}
