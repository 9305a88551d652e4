package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A warning when an admin names a service an online device does not expose: the relay accepts any service name (an
 * agent may offer it later), so a typo ("shh") would otherwise be granted or disabled without a word.
 */
final class ExposedServices {
    private ExposedServices() {}

    /** Warns on stderr when {@code device} (the API's JSON of one device) is online without {@code service}. */
    static void warnIfMissing(JsonNode device, String service) {
        if (!device.path("online").asBoolean() || service.equals("*")) {
            return;
        }
        List<String> exposed = new ArrayList<>();
        device.path("services").forEach(s -> exposed.add(s.asText()));
        if (!exposed.contains(service)) {
            System.err.println("warning: device '" + device.path("name").asText() + "' does not expose service '" + service
                    + "' now (it exposes: " + (exposed.isEmpty() ? "nothing" : String.join(", ", exposed.stream().sorted()
                    .toList())) + ")");
        }
    }

    /** As {@link #warnIfMissing(JsonNode, String)}, asking the relay for the device; silent if it cannot say. */
    static void warnIfMissing(AdminClient api, String device, String service) {
        JsonNode found;
        try {
            found = api.get("/api/v1/devices/" + AdminCommand.encode(device));
        } catch (CommandFailure e) {
            return; // the command's own answer already stands; this is only a hint
        }
        warnIfMissing(found, service);
    }
}
