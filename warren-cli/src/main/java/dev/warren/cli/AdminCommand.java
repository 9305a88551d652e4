package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren admin}: the REST API from the command line. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage the relay through its REST API.",
        subcommands = {
            AdminCommand.EnrollToken.class,
            AdminDevicesCommand.class,
            AdminCommand.Sessions.class,
            AdminUserCommand.class,
            AdminGrantCommand.class,
            AdminAccessCommand.class,
            AdminAuditCommand.class,
            AdminPublishCommand.class,
            CommandLine.HelpCommand.class
        })
final class AdminCommand extends CommandGroup {
    /** Shared by every admin command: how to reach the API, and --json. */
    abstract static class ApiCommand implements Callable<Integer> {
        @Mixin
        OperatorOptions operator;

        @Option(names = "--json", description = "Print the API's JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (AdminClient api = new AdminClient(operator.clientConfig())) {
                return run(api);
            }
        }

        abstract int run(AdminClient api) throws Exception;

        void printJson(JsonNode node) {
            print(node);
        }

        /**
         * What a command made: the API's answer as JSON with --json; else {@code message} on stderr and {@code value}
         * (its id, its port) alone on stdout, for scripts.
         */
        int made(JsonNode answer, String message, Object value) {
            if (json) {
                printJson(answer);
                return ExitCodes.OK;
            }
            System.err.println(message);
            System.out.println(value);
            return ExitCodes.OK;
        }

        /**
         * What a command made with a secret in it (a token): the API's answer as JSON with --json; else {@code hint} on
         * stderr and the secret alone on the last line of stdout.
         */
        int madeSecret(JsonNode answer, String hint, String secret) {
            if (json) {
                printJson(answer);
                return ExitCodes.OK;
            }
            Output.secret(hint, secret);
            return ExitCodes.OK;
        }

        /** {@code rows} as the API's JSON with --json, else a table: {@code header}, one line per row made by {@code row}. */
        int list(JsonNode rows, java.util.function.Function<JsonNode, Object[]> row, String... header) {
            if (json) {
                printJson(rows);
                return ExitCodes.OK;
            }
            Table t = new Table(header);
            rows.forEach(n -> t.row(row.apply(n)));
            t.print(System.out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "enroll-token", mixinStandardHelpOptions = true, description = "One-time tokens that let a device enroll.",
            subcommands = {EnrollToken.Create.class, EnrollToken.List.class, EnrollToken.Revoke.class})
    static final class EnrollToken extends CommandGroup {
        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Create a bootstrap token; it is printed once, alone on the last line of standard output.")
        static final class Create extends ApiCommand {
            @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", converter = BoundedDurations.EnrollToken.class,
                    description = "Valid for (default: ${DEFAULT-VALUE}; at most 30d).")
            Duration ttl;

            @Option(names = "--uses", paramLabel = "N", defaultValue = "1", description = "How many enrollments it allows (default: ${DEFAULT-VALUE}).")
            int uses;

            @Option(names = "--description", paramLabel = "TEXT", description = "What it is for.")
            String description;

            @Override
            int run(AdminClient api) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("ttlSeconds", ttl.toSeconds());
                body.put("uses", uses);
                if (description != null) {
                    body.put("description", description);
                }
                JsonNode created = api.post("/api/v1/enroll-tokens", body);
                return madeSecret(created, "enrollment token " + created.path("id").asText() + ": "
                        + created.path("uses").asText() + " use(s), expires " + created.path("expiresAt").asText()
                        + ". Token:", created.path("token").asText());
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List enrollment tokens (never their secrets).")
        static final class List extends ApiCommand {
            @Override
            int run(AdminClient api) throws Exception {
                JsonNode tokens = api.get("/api/v1/enroll-tokens");
                return list(tokens, n -> new Object[] {n.path("id").asText(), n.path("uses").asText() + "/" + n.path("maxUses").asText(),
                        n.path("expiresAt").asText(), n.path("revoked").asBoolean(), n.path("createdBy").asText(),
                        n.path("description").asText(null)},
                        "ID", "USES", "EXPIRES", "REVOKED", "CREATED BY", "DESCRIPTION");
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an enrollment token.")
        static final class Revoke extends ApiCommand {
            @Parameters(paramLabel = "ID", description = "The token's 16-character id, as 'warren admin enroll-token list' shows it.")
            String id;

            @Override
            int run(AdminClient api) {
                api.delete("/api/v1/enroll-tokens/" + encode(id));
                System.err.println("revoked enrollment token " + id);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "sessions", mixinStandardHelpOptions = true,
            description = "Stream sessions: who reached which service, when, how much, under which grant, why it ended.",
            subcommands = Sessions.Cut.class)
    static final class Sessions extends ApiCommand {
        @Option(names = "--device", paramLabel = "DEVICE", description = "Only this device (name or id).")
        String device;

        @Option(names = "--user", paramLabel = "USER", description = "Only this operator's sessions.")
        String user;

        @Option(names = "--open", description = "Only sessions still open.")
        boolean open;

        @Option(names = "--since", paramLabel = "WHEN", description = "Only sessions started since, e.g. 1h or 2026-11-23T08:00:00Z.")
        String since;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(AdminClient api) throws Exception {
            StringBuilder q = new StringBuilder("/api/v1/sessions?limit=").append(limit);
            param(q, "device", device);
            param(q, "user", user);
            param(q, "open", open ? "true" : null);
            param(q, "since", since);
            JsonNode sessions = api.get(q.toString());
            return list(sessions, n -> new Object[] {n.path("id").asText(), n.path("operator").asText(), n.path("sourceAddress").asText(),
                    n.path("deviceName").asText(), n.path("service").asText(), n.path("grantId").asText(null),
                    n.path("startedAt").asText(), n.path("endedAt").asText(null), n.path("bytesToDevice").asLong(),
                    n.path("bytesFromDevice").asLong(), n.path("closeReason").asText(null)},
                    "ID", "OPERATOR", "FROM", "DEVICE", "SERVICE", "GRANT", "STARTED", "ENDED", "TO DEVICE",
                    "FROM DEVICE", "REASON");
        }

        @Command(name = "cut", mixinStandardHelpOptions = true,
                description = "End a live session now (both streams are reset with ADMIN_ACTION).")
        static final class Cut extends ApiCommand {
            @Parameters(paramLabel = "ID", description = "The session, as 'warren admin sessions --open' lists it.")
            String id;

            @Override
            int run(AdminClient api) {
                api.delete("/api/v1/sessions/" + encode(id));
                System.err.println("cut session " + id);
                return ExitCodes.OK;
            }
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Adds {@code &name=value} (the value URL-encoded) to a list command's query; nothing for a null value. */
    static void param(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append('&').append(name).append('=').append(encode(value));
        }
    }

    /** The API's answer on standard output: for {@code --json}, and for commands whose answer is a document. */
    static void print(JsonNode node) {
        try {
            System.out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String join(JsonNode array) {
        StringBuilder sb = new StringBuilder();
        array.forEach(n -> sb.append(sb.isEmpty() ? "" : ",").append(n.asText()));
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
