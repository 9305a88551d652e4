package dev.warren.cli;

import static dev.warren.cli.AdminCommand.encode;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren admin access}: decide operators' requests for grants ({@code warren access request}). */
@Command(name = "access", mixinStandardHelpOptions = true,
        description = "Operators' requests for grants: list, approve (creates the grant), deny.",
        subcommands = {AdminAccessCommand.List.class, AdminAccessCommand.Approve.class, AdminAccessCommand.Deny.class})
final class AdminAccessCommand extends CommandGroup {
    static void table(JsonNode requests) {
        Table t = new Table("ID", "USER", "DEVICE", "SERVICE", "FOR", "STATUS", "BY", "GRANT", "REASON");
        requests.forEach(r -> t.row(r.path("id").asText(), r.path("user").asText(), r.path("device").asText(),
                r.path("service").asText(), r.path("durationSeconds").asLong() + "s", r.path("status").asText(),
                r.path("decidedBy").asText(null), r.path("grantId").asText(null), r.path("reason").asText()));
        t.print(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Requests, newest first (pending unless --all).")
    static final class List extends AdminCommand.ApiCommand {
        @Option(names = "--all", description = "Decided ones too.")
        boolean all;

        @Override
        int run(AdminClient api) {
            JsonNode requests = api.get("/api/v1/access-requests" + (all ? "" : "?status=pending"));
            if (json) {
                printJson(requests);
            } else {
                table(requests);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a request: creates the grant (for the time asked, or --for); prints the grant's id.")
    static final class Approve extends AdminCommand.ApiCommand {
        @Parameters(paramLabel = "ID", description = "The request's id (r_…), as 'warren admin access list' shows it.")
        String id;

        @Option(names = "--for", converter = GrantDurations.class, paramLabel = "DURATION",
                description = "Grant this long instead (at most 90d).")
        Duration duration;

        @Option(names = "--note", paramLabel = "TEXT", description = "A note for the requester and the audit trail.")
        String note;

        @Override
        int run(AdminClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (duration != null) {
                body.put("ttlSeconds", duration.toSeconds());
            }
            if (note != null) {
                body.put("note", note);
            }
            JsonNode r = api.post("/api/v1/access-requests/" + encode(id) + "/approve", body);
            JsonNode g = r.path("grant");
            return made(r, "approved " + id + ": granted " + g.path("user").asText() + " "
                    + AdminGrantCommand.target(g) + " until " + g.path("expiresAt").asText(), g.path("id").asText());
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny a request.")
    static final class Deny extends AdminCommand.ApiCommand {
        @Parameters(paramLabel = "ID", description = "The request's id (r_…), as 'warren admin access list' shows it.")
        String id;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why (the requester sees it).")
        String note;

        @Override
        int run(AdminClient api) {
            api.post("/api/v1/access-requests/" + encode(id) + "/deny", note == null ? Map.of() : Map.of("note", note));
            System.err.println("denied " + id);
            return ExitCodes.OK;
        }
    }
}
