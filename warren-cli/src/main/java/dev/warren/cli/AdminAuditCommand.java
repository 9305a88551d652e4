package dev.warren.cli;

import static dev.warren.cli.AdminCommand.param;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren admin audit}: the append-only audit trail (admins and auditors). */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"The audit trail, newest first: enrollments, logins, grants, device actions, streams.",
            "Example: warren admin audit --since 1h --device dev-42"})
final class AdminAuditCommand extends AdminCommand.ApiCommand {
    @Option(names = "--since", paramLabel = "WHEN", description = "Since, e.g. 1h, 7d or 2026-11-23T08:00:00Z.")
    String since;

    @Option(names = "--device", paramLabel = "DEVICE", description = "Events about this device (name or id).")
    String device;

    @Option(names = "--user", paramLabel = "USER", description = "Events by or about this user.")
    String user;

    @Option(names = "--action", paramLabel = "ACTION", description = "Only this action, e.g. session.open, grant.create, device.disable.")
    String action;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(AdminClient api) {
        StringBuilder q = new StringBuilder("/api/v1/audit?limit=").append(limit);
        param(q, "since", since);
        param(q, "device", device);
        param(q, "user", user);
        param(q, "action", action);
        JsonNode events = api.get(q.toString());
        return list(events, e -> new Object[] {e.path("at").asText(), e.path("actor").asText(), e.path("action").asText(),
                e.path("target").asText(null), e.path("outcome").asText(), e.path("source").asText(null),
                AdminDevicesCommand.labels(e.path("details"))},
                "AT", "ACTOR", "ACTION", "TARGET", "OUTCOME", "SOURCE", "DETAILS");
    }
}
