package dev.warren.cli;

import static dev.warren.cli.AdminCommand.encode;
import static dev.warren.cli.AdminCommand.param;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.Grant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren admin grant}: just-in-time access for operators, and device to device for agents' forwarders. */
@Command(name = "grant", mixinStandardHelpOptions = true,
        description = "Just-in-time grants: an operator (or, device to device, a device's service forwarders) may reach"
                + " a service of a device (or of every device a label selector matches) for a while, with a reason.",
        subcommands = {AdminGrantCommand.Create.class, AdminGrantCommand.List.class, AdminGrantCommand.Revoke.class})
final class AdminGrantCommand extends CommandGroup {
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Grant an operator (--user) or a device's forwarders (--from-device) a service of a device;"
                    + " the grant's id is printed alone on standard output.",
                "Example: warren admin grant create --user alice --device dev-42 --service ssh --for 30m --reason \"ticket 1234\"",
                "         warren admin grant create --user alice --device site=plant-b --service '*' --for 2h --reason audit",
                "         warren admin grant create --from-device plant-a --device plant-b --service postgres --for 30d --reason replication"})
    static final class Create extends AdminCommand.ApiCommand {
        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Holder holder;

        static final class Holder {
            @Option(names = "--user", paramLabel = "USER", required = true, description = "The operator.")
            String user;

            @Option(names = "--from-device", required = true, paramLabel = "DEVICE",
                    description = "Device to device: the device whose agent forwards local connections (--forward).")
            String fromDevice;
        }

        @Mixin
        GrantTerms terms;

        @Override
        int run(AdminClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (holder.user != null) {
                body.put("user", holder.user);
            } else {
                body.put("fromDevice", holder.fromDevice);
            }
            if (terms.device.contains("=")) {
                body.put("selector", selector(terms.device));
            } else {
                body.put("device", terms.device);
            }
            body.put("service", terms.service);
            body.put("ttlSeconds", terms.duration.toSeconds());
            body.put("reason", terms.reason);
            JsonNode g = api.post("/api/v1/grants", body);
            if (body.containsKey("device")) {
                ExposedServices.warnIfMissing(api, terms.device, terms.service);
            }
            return made(g, "granted " + holder(g) + " " + target(g) + " until " + g.path("expiresAt").asText() + " ("
                    + g.path("reason").asText() + ")", g.path("id").asText());
        }
    }

    static Map<String, String> selector(String text) {
        try {
            return Grant.selectorOf(text);
        } catch (Grant.SelectorSyntaxException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--device: '" + text
                    + "' (expected: a device name, or a label selector KEY=VALUE[,KEY=VALUE...])");
        }
    }

    /** The user, or {@code device:NAME} for a device-to-device grant. */
    static String holder(JsonNode g) {
        return g.path("user").isTextual() ? g.path("user").asText()
                : "device:" + (g.path("fromDevice").isTextual() ? g.path("fromDevice").asText()
                        : g.path("fromDeviceId").asText());
    }

    static String target(JsonNode g) {
        String device = g.path("deviceName").isTextual() ? g.path("deviceName").asText()
                : g.path("deviceId").isTextual() ? g.path("deviceId").asText()
                : AdminDevicesCommand.labels(g.path("selector"));
        return device + "/" + g.path("service").asText();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Grants, newest first: live ones unless --all (an operator sees their own).")
    static final class List extends AdminCommand.ApiCommand {
        @Option(names = "--user", paramLabel = "USER", description = "Only this user's grants.")
        String user;

        @Option(names = "--from-device", paramLabel = "DEVICE", description = "Only grants this device holds.")
        String fromDevice;

        @Option(names = "--device", paramLabel = "DEVICE", description = "Only grants that cover this device.")
        String device;

        @Option(names = "--all", description = "Include expired and revoked grants.")
        boolean all;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(AdminClient api) {
            StringBuilder q = new StringBuilder("/api/v1/grants?limit=").append(limit);
            param(q, "active", all ? null : "true");
            param(q, "user", user);
            param(q, "fromDevice", fromDevice);
            param(q, "device", device);
            JsonNode grants = api.get(q.toString());
            return list(grants, g -> new Object[] {g.path("id").asText(), holder(g), target(g),
                    g.path("expiresAt").asText(), g.path("live").asBoolean() ? "live"
                            : g.path("revokedAt").isTextual() ? "revoked by " + g.path("revokedBy").asText() : "expired",
                    g.path("createdBy").asText(), g.path("reason").asText()},
                    "ID", "HOLDER", "TARGET", "EXPIRES", "STATE", "BY", "REASON");
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "End a grant now; the streams that run under it end at once.")
    static final class Revoke extends AdminCommand.ApiCommand {
        @Parameters(paramLabel = "ID", description = "The grant's id (g_…), as 'warren admin grant list' shows it.")
        String id;

        @Override
        int run(AdminClient api) {
            api.delete("/api/v1/grants/" + encode(id));
            System.err.println("revoked grant " + id);
            return ExitCodes.OK;
        }
    }
}
