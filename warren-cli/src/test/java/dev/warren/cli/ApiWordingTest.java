package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI speaks in commands and flags where the API speaks in REST paths and JSON fields. */
class ApiWordingTest {
    @Test
    void anApiListingBecomesTheCommandThatShowsIt() {
        assertThat(ApiWording.forCli("no session 'x' (expected: a session id s_…, as GET /api/v1/sessions lists them)"))
                .isEqualTo("no session 'x' (expected: a session id s_…, as 'warren admin sessions' lists them)");
        assertThat(ApiWording.forCli("user 'bob' has no password (expected: a user with one; GET /api/v1/users/bob"
                + " says passwordSetAt)")).contains("'warren admin user show bob' says");
        assertThat(ApiWording.forCli("(expected: a 16-character token id, as GET /api/v1/users/{user}/tokens lists"))
                .contains("as 'warren admin user token list USER' lists");
    }

    /** Every listing the API's messages point at has its command: a new one added there without one fails here. */
    @Test
    void noApiMessageKeepsARestPath() throws IOException {
        Pattern quoted = Pattern.compile("\"[^\"]*GET /api/v1/[^\"]*\"");
        List<String> messages;
        try (Stream<Path> files = Files.walk(Path.of("../warren-api/src/main/java"))) {
            messages = files.filter(f -> f.toString().endsWith("Endpoints.java") || f.toString().endsWith("Endpoint.java"))
                    .flatMap(ApiWordingTest::lines)
                    .filter(l -> !l.trim().startsWith("*") && !l.trim().startsWith("/"))
                    .flatMap(l -> quoted.matcher(l).results().map(java.util.regex.MatchResult::group))
                    .map(m -> m.replace("/\"", "/bob\"")) // a path the code completes with a name
                    .toList();
        }
        assertThat(messages).hasSizeGreaterThanOrEqualTo(8);
        for (String m : messages) {
            assertThat(ApiWording.forCli(m)).as(m).doesNotContain("/api/v1");
        }
    }

    @Test
    void aGrantLongerThanTheApiAllowsIsRefusedInTheFlagsTerms() {
        String[] args = {"--user", "alice", "--device", "d", "--service", "ssh", "--reason", "r", "--for", "100d"};
        assertThatThrownBy(() -> new CommandLine(new AdminGrantCommand.Create()).parseArgs(args))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'--for'").hasMessageContaining("100d is more than 90d (expected: at most 90d)")
                .hasMessageNotContaining("ttlSeconds");
        args[args.length - 1] = "500ms";
        assertThatThrownBy(() -> new CommandLine(new AdminGrantCommand.Create()).parseArgs(args))
                .hasMessageContaining("500ms is less than 1s");
        assertThatThrownBy(() -> new CommandLine(new AdminAccessCommand.Approve()).parseArgs("r_1", "--for", "91d"))
                .hasMessageContaining("91d is more than 90d");
        args[args.length - 1] = "90d";
        new CommandLine(new AdminGrantCommand.Create()).parseArgs(args);
    }

    @Test
    void tokenAndCertificateLivesAreCheckedInTheFlagsTerms() {
        assertThatThrownBy(() -> new CommandLine(new AdminCommand.EnrollToken.Create()).parseArgs("--ttl", "31d"))
                .hasMessageContaining("'--ttl'").hasMessageContaining("31d is more than 30d (expected: at most 30d)");
        assertThatThrownBy(() -> new CommandLine(new AdminUserCommand.Token.Create()).parseArgs("me", "--ttl", "30s"))
                .hasMessageContaining("30s is less than 1m (expected: 1m to 3650d)");
        assertThatThrownBy(() -> new CommandLine(new AdminUserCommand.Create()).parseArgs("bob", "--role", "operator", "--token-ttl", "3651d"))
                .hasMessageContaining("3651d is more than 3650d");
        new CommandLine(new AdminCommand.EnrollToken.Create()).parseArgs("--ttl", "30d");
    }

    @Test
    void aMalformedCaPinIsNamedByItsFlag() {
        OperatorOptions options = new OperatorOptions();
        new CommandLine(options).parseArgs("--ca-pin", "not-a-pin");
        assertThatThrownBy(() -> options.trust(java.util.Optional.empty()))
                .isInstanceOf(CommandFailure.class)
                .hasMessageStartingWith("--ca-pin 'not-a-pin' is not a CA pin (expected: 43 base64url characters")
                .hasMessageNotContaining("spkiPin");
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
