package dev.warren.cli;

import static dev.warren.cli.AdminCommand.encode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren admin publish}: a device service on a relay port, for clients that cannot run Warren. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Published ports: a device service on a relay port, for clients that cannot run warren.",
            "Reached with plain TCP (e.g. ssh -p PORT relay) from the networks the relay allows (--publish-allow).",
            "Off unless the relay runs with --publish-range."},
        subcommands = {AdminPublishCommand.Create.class, AdminPublishCommand.List.class,
            AdminPublishCommand.Delete.class})
final class AdminPublishCommand extends CommandGroup {
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Publish SERVICE of DEVICE on a relay port; the port is printed alone on standard output.",
                "Example: warren admin publish create dev-42 ssh --port 20022"})
    static final class Create extends AdminCommand.ApiCommand {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "The device (name or id).")
        String device;

        @Parameters(index = "1", paramLabel = "SERVICE", description = "One of its services.")
        String service;

        @Option(names = "--port", paramLabel = "PORT", description = "This port (default: the first free one of the relay's range).")
        Integer port;

        @Override
        int run(AdminClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("device", device);
            body.put("service", service);
            if (port != null) {
                body.put("port", port);
            }
            JsonNode p = api.post("/api/v1/published-ports", body);
            ExposedServices.warnIfMissing(api, device, service); // a typo would publish a port that refuses everything
            return made(p, "published " + p.path("device").asText() + "/" + p.path("service").asText() + " on "
                    + p.path("bind").asText() + ":" + p.path("port").asInt(), p.path("port").asInt());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Published ports and whether each listens.")
    static final class List extends AdminCommand.ApiCommand {
        @Override
        int run(AdminClient api) {
            JsonNode all = api.get("/api/v1/published-ports");
            if (json) {
                printJson(all);
                return ExitCodes.OK;
            }
            System.err.println("range " + all.path("firstPort").asInt() + "-" + all.path("lastPort").asInt() + " on "
                    + all.path("bind").asText() + ", sources allowed: " + all.path("allow").toString());
            return list(all.path("ports"), p -> new Object[] {p.path("port").asInt(), p.path("device").asText(),
                    p.path("service").asText(), p.path("listening").asBoolean() ? "listening" : "NOT listening",
                    p.path("createdBy").asText(), p.path("createdAt").asText()},
                    "PORT", "DEVICE", "SERVICE", "STATE", "BY", "SINCE");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Stop publishing a port; its open connections end at once.")
    static final class Delete extends AdminCommand.ApiCommand {
        @Parameters(paramLabel = "PORT", description = "The published relay port.")
        int port;

        @Override
        int run(AdminClient api) {
            api.delete("/api/v1/published-ports/" + encode(String.valueOf(port)));
            System.err.println("port " + port + " no longer published");
            return ExitCodes.OK;
        }
    }
}
