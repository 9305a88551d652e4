package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warren access}: an operator's side of just-in-time access: ask for a grant, see requests and grants. */
@Command(name = "access", mixinStandardHelpOptions = true,
        description = "Ask an admin for access (a grant), and see your requests and live grants.",
        subcommands = {AccessCommand.Request.class, AccessCommand.Requests.class, AccessCommand.Grants.class,
            CommandLine.HelpCommand.class})
final class AccessCommand extends CommandGroup {
    @Command(name = "request", mixinStandardHelpOptions = true,
            description = {"Ask for a grant; an admin approves it with 'warren admin access approve ID'.",
                "The request's id is printed alone on standard output.",
                "Example: warren access request --device dev-42 --service ssh --for 30m --reason \"ticket 1234\""})
    static final class Request extends AdminCommand.ApiCommand {
        @Mixin
        GrantTerms terms;

        @Override
        int run(AdminClient api) {
            JsonNode r = api.post("/api/v1/access-requests", Map.of("device", terms.device, "service", terms.service,
                    "ttlSeconds", terms.duration.toSeconds(), "reason", terms.reason));
            return made(r, "requested " + terms.device + "/" + terms.service + " for " + terms.duration.toSeconds()
                    + " s; an admin"
                    + " decides with: warren admin access approve " + r.path("id").asText(), r.path("id").asText());
        }
    }

    @Command(name = "requests", mixinStandardHelpOptions = true, description = "Your requests and what became of them.")
    static final class Requests extends AdminCommand.ApiCommand {
        @Override
        int run(AdminClient api) {
            JsonNode requests = api.get("/api/v1/access-requests");
            if (json) {
                printJson(requests);
            } else {
                AdminAccessCommand.table(requests);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "grants", mixinStandardHelpOptions = true, description = "Your live grants.")
    static final class Grants extends AdminCommand.ApiCommand {
        @Override
        int run(AdminClient api) {
            JsonNode grants = api.get("/api/v1/grants?active=true");
            return list(grants, g -> new Object[] {g.path("id").asText(), AdminGrantCommand.target(g), g.path("expiresAt").asText(),
                    g.path("reason").asText()},
                    "ID", "TARGET", "EXPIRES", "REASON");
        }
    }
}
