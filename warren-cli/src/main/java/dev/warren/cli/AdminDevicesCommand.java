package dev.warren.cli;

import static dev.warren.cli.AdminCommand.encode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code warren admin devices}: the registry, and what an admin does to a device. A device whose name is also a
 * subcommand's (label, disable, ...) is shown with {@code warren admin devices show NAME}.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Enrolled devices: online state, services, certificates; and actions on one device.",
        subcommands = {
            AdminDevicesCommand.Show.class,
            AdminDevicesCommand.Label.class,
            AdminDevicesCommand.Disable.class,
            AdminDevicesCommand.Enable.class,
            AdminDevicesCommand.Disconnect.class,
            AdminDevicesCommand.Delete.class,
            AdminDevicesCommand.ServiceDisable.class,
            AdminDevicesCommand.ServiceEnable.class
        })
final class AdminDevicesCommand extends AdminCommand.ApiCommand {
    @Parameters(arity = "0..1", paramLabel = "DEVICE", description = "Show one device (name or id) instead of the list.")
    String device;

    @Override
    int run(AdminClient api) throws Exception {
        JsonNode answer = api.get(device == null ? "/api/v1/devices" : "/api/v1/devices/" + encode(device));
        if (json || device != null) {
            printJson(answer);
            return ExitCodes.OK;
        }
        Table t = new Table("NAME", "ID", "ONLINE", "DISABLED", "LAST SEEN", "AGENT", "SERVICES", "OFF", "LABELS",
                "CERT EXPIRES");
        answer.forEach(n -> t.row(n.path("name").asText(), n.path("id").asText(), n.path("online").asBoolean(),
                n.path("disabled").asBoolean(), n.path("lastSeenAt").asText(null), n.path("agentVersion").asText(null),
                AdminCommand.join(n.path("services")), AdminCommand.join(n.path("disabledServices")),
                labels(n.path("labels")), n.path("certNotAfter").asText(null)));
        t.print(System.out);
        return ExitCodes.OK;
    }

    static String labels(JsonNode labels) {
        StringBuilder sb = new StringBuilder();
        labels.properties().forEach(e -> sb.append(sb.isEmpty() ? "" : ",").append(e.getKey()).append('=')
                .append(e.getValue().asText()));
        return sb.isEmpty() ? "-" : sb.toString();
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One device, as JSON.")
    static final class Show extends AdminCommand.ApiCommand {
        @Parameters(paramLabel = "DEVICE", description = "Name or id.")
        String device;

        @Override
        int run(AdminClient api) {
            AdminCommand.print(api.get("/api/v1/devices/" + encode(device)));
            return ExitCodes.OK;
        }
    }

    @Command(name = "label", mixinStandardHelpOptions = true,
            description = {"Set or remove labels: KEY=VALUE sets, KEY- removes.",
                "Example: warren admin devices label dev-42 site=plant-b tier- (grants may select devices by label)."})
    static final class Label extends AdminCommand.ApiCommand {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "Device name or id.")
        String device;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE|KEY-",
                description = "KEY=VALUE sets a label, KEY- removes it.")
        List<String> changes;

        @Override
        int run(AdminClient api) {
            Map<String, String> patch = new LinkedHashMap<>();
            for (String c : changes) {
                int eq = c.indexOf('=');
                if (eq > 0) {
                    patch.put(c.substring(0, eq), c.substring(eq + 1));
                } else if (c.endsWith("-") && c.length() > 1) {
                    patch.put(c.substring(0, c.length() - 1), null);
                } else {
                    throw new CommandFailure(ExitCodes.USAGE, "label change: '" + c
                            + "' (expected: KEY=VALUE to set, KEY- to remove)");
                }
            }
            JsonNode d = api.patch("/api/v1/devices/" + encode(device), Map.of("labels", patch));
            if (json) {
                printJson(d);
            }
            System.err.println("device " + d.path("name").asText() + " labels: " + labels(d.path("labels")));
            return ExitCodes.OK;
        }
    }

    /** An action on one device, with an optional reason for the audit trail. */
    abstract static class Action extends AdminCommand.ApiCommand {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "Name or id.")
        String device;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the audit trail).")
        String reason;

        Map<String, String> body() {
            return reason == null ? Map.of() : Map.of("reason", reason);
        }

        String path(String action) {
            return "/api/v1/devices/" + encode(device) + "/" + action;
        }

        int done(JsonNode answer, String message) {
            if (json) {
                printJson(answer);
            }
            System.err.println(message);
            return ExitCodes.OK;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Refuse the device's connections until enabled; disconnects it now if online.")
    static final class Disable extends Action {
        @Override
        int run(AdminClient api) {
            return done(api.post(path("disable"), body()), "disabled device " + device);
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled device connect again.")
    static final class Enable extends Action {
        @Override
        int run(AdminClient api) {
            return done(api.post(path("enable"), body()), "enabled device " + device);
        }
    }

    @Command(name = "disconnect", mixinStandardHelpOptions = true,
            description = "Close the device's connection now (its agent reconnects; disable it to keep it out).")
    static final class Disconnect extends Action {
        @Override
        int run(AdminClient api) {
            JsonNode r = api.post(path("disconnect"), body());
            return done(r, r.path("connectionsClosed").asInt() > 0 ? "disconnected device " + device
                    : "device " + device + " was not connected to this relay");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Remove the device and revoke its certificate: the relay refuses it from now on.")
    static final class Delete extends Action {
        @Override
        int run(AdminClient api) {
            api.delete("/api/v1/devices/" + encode(device));
            System.err.println("deleted device " + device + "; its certificate is revoked");
            return ExitCodes.OK;
        }
    }

    @Command(name = "service-disable", mixinStandardHelpOptions = true,
            description = "Close one service of the device on the relay side, whatever the agent offers; cuts its streams.")
    static final class ServiceDisable extends Action {
        @Parameters(index = "1", paramLabel = "SERVICE", description = "Service name, e.g. ssh.")
        String service;

        @Override
        int run(AdminClient api) {
            JsonNode d = api.post(path("services/" + encode(service) + "/disable"), body());
            ExposedServices.warnIfMissing(d, service);
            return done(d, "disabled service " + service + " of device " + device);
        }
    }

    @Command(name = "service-enable", mixinStandardHelpOptions = true, description = "Open a disabled service again.")
    static final class ServiceEnable extends Action {
        @Parameters(index = "1", paramLabel = "SERVICE", description = "Service name, e.g. ssh.")
        String service;

        @Override
        int run(AdminClient api) {
            return done(api.post(path("services/" + encode(service) + "/enable"), body()),
                    "enabled service " + service + " of device " + device);
        }
    }
}
