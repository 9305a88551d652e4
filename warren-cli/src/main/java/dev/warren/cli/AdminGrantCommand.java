package dev.warren.cli;

import static dev.warren.cli.AdminCommand.encode;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren admin grant}: just-in-time access for operators, and device-to-device grants for forwarders. */
@Command(name = "grant", mixinStandardHelpOptions = true,
        description = "Just-in-time grants: an operator (or, with --device-from, a device's forwarders) may reach a"
                + " service of a device (operators: or of every device a label selector matches) for a while, with a"
                + " reason.",
        subcommands = {AdminGrantCommand.Create.class, AdminGrantCommand.List.class, AdminGrantCommand.Revoke.class})
final class AdminGrantCommand extends CommandGroup {
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Grant USER a service of a device; the grant's id is printed alone on standard output.",
                "Example: warren admin grant create --user alice --device dev-42 --service ssh --for 30m --reason \"ticket 1234\"",
                "         warren admin grant create --user alice --device site=plant-b --service '*' --for 2h --reason audit",
                "         warren admin grant create --device-from plant-a --device plant-b --service postgres --for 30d --reason \"line 3 historian\""})
    static final class Create extends AdminCommand.ApiCommand {
        @Option(names = "--user", description = "The operator (or --device-from).")
        String user;

        @Option(names = "--device-from", paramLabel = "DEVICE",
                description = "Grant a device instead of a user: its agent's forwarders (--forward) may reach the"
                        + " service (device-to-device grant; --device must then name one device).")
        String deviceFrom;

        @Option(names = "--device", required = true, paramLabel = "DEVICE|KEY=VALUE[,...]",
                description = "A device (name or id), or a label selector: every device with those labels.")
        String device;

        @Option(names = "--service", required = true, description = "A service name, or '*' for every service.")
        String service;

        @Option(names = "--for", required = true, converter = Durations.class, paramLabel = "DURATION",
                description = "How long, e.g. 30m, 8h (at most 90d).")
        Duration duration;

        @Option(names = "--reason", required = true, description = "Why, e.g. a ticket number (kept in the audit trail).")
        String reason;

        @Override
        int run(AdminClient api) {
            if ((user == null) == (deviceFrom == null)) {
                throw new CommandFailure(ExitCodes.USAGE, "give exactly one of --user USER (an operator) and"
                        + " --device-from DEVICE (a device's forwarders)");
            }
            if (deviceFrom != null) {
                return createForDevice(api);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("user", user);
            if (device.contains("=")) {
                body.put("selector", selector(device));
            } else {
                body.put("device", device);
            }
            body.put("service", service);
            body.put("ttlSeconds", duration.toSeconds());
            body.put("reason", reason);
            JsonNode g = api.post("/api/v1/grants", body);
            if (json) {
                printJson(g);
                return ExitCodes.OK;
            }
            System.err.println("granted " + g.path("user").asText() + " " + target(g) + " until "
                    + g.path("expiresAt").asText() + " (" + g.path("reason").asText() + ")");
            System.out.println(g.path("id").asText());
            return ExitCodes.OK;
        }

        private int createForDevice(AdminClient api) {
            if (device.contains("=")) {
                throw new CommandFailure(ExitCodes.USAGE, "--device: '" + device + "' with --device-from (expected:"
                        + " one device name or id; device-to-device grants take no label selector)");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("fromDevice", deviceFrom);
            body.put("device", device);
            body.put("service", service);
            body.put("ttlSeconds", duration.toSeconds());
            body.put("reason", reason);
            JsonNode g = api.post("/api/v1/device-grants", body);
            if (json) {
                printJson(g);
                return ExitCodes.OK;
            }
            System.err.println("granted device " + g.path("fromDevice").asText() + " " + g.path("deviceName").asText()
                    + "/" + g.path("service").asText() + " until " + g.path("expiresAt").asText() + " ("
                    + g.path("reason").asText() + ")");
            System.out.println(g.path("id").asText());
            return ExitCodes.OK;
        }
    }

    static Map<String, String> selector(String text) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new CommandFailure(ExitCodes.USAGE, "--device: '" + text
                        + "' (expected: a device name, or a label selector KEY=VALUE[,KEY=VALUE...])");
            }
            selector.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return selector;
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
        @Option(names = "--user", description = "Only this user's grants.")
        String user;

        @Option(names = "--device-from", paramLabel = "DEVICE",
                description = "List device-to-device grants instead, of this source device ('*' for every device).")
        String deviceFrom;

        @Option(names = "--device", description = "Only grants that cover this device.")
        String device;

        @Option(names = "--all", description = "Include expired and revoked grants.")
        boolean all;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(AdminClient api) {
            if (deviceFrom != null) {
                return listDeviceGrants(api);
            }
            StringBuilder q = new StringBuilder("/api/v1/grants?limit=").append(limit);
            if (!all) {
                q.append("&active=true");
            }
            if (user != null) {
                q.append("&user=").append(encode(user));
            }
            if (device != null) {
                q.append("&device=").append(encode(device));
            }
            JsonNode grants = api.get(q.toString());
            return list(grants, g -> new Object[] {g.path("id").asText(), g.path("user").asText(), target(g),
                    g.path("expiresAt").asText(), g.path("live").asBoolean() ? "live"
                            : g.path("revokedAt").isTextual() ? "revoked by " + g.path("revokedBy").asText() : "expired",
                    g.path("createdBy").asText(), g.path("reason").asText()},
                    "ID", "USER", "TARGET", "EXPIRES", "STATE", "BY", "REASON");
        }

        private int listDeviceGrants(AdminClient api) {
            StringBuilder q = new StringBuilder("/api/v1/device-grants?limit=").append(limit);
            if (!all) {
                q.append("&active=true");
            }
            if (!"*".equals(deviceFrom)) {
                q.append("&fromDevice=").append(encode(deviceFrom));
            }
            if (device != null) {
                q.append("&device=").append(encode(device));
            }
            JsonNode grants = api.get(q.toString());
            return list(grants, g -> new Object[] {g.path("id").asText(), g.path("fromDevice").asText(),
                    g.path("deviceName").asText() + "/" + g.path("service").asText(), g.path("expiresAt").asText(),
                    g.path("live").asBoolean() ? "live"
                            : g.path("revokedAt").isTextual() ? "revoked by " + g.path("revokedBy").asText() : "expired",
                    g.path("createdBy").asText(), g.path("reason").asText()},
                    "ID", "FROM DEVICE", "TARGET", "EXPIRES", "STATE", "BY", "REASON");
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "End a grant (g_…, or a device grant dg_…) now; the streams that run under it end at once.")
    static final class Revoke extends AdminCommand.ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(AdminClient api) {
            api.delete((id.startsWith("dg_") ? "/api/v1/device-grants/" : "/api/v1/grants/") + encode(id));
            System.err.println("revoked grant " + id);
            return ExitCodes.OK;
        }
    }
}
